package dev.compass.mixmodel;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Runs indexed tasks on the calling thread plus helpers from one shared pool of daemon threads (sized to the cores;
 * idle helpers exit after a few seconds, so nothing is left running). The caller always takes part, so a fit makes
 * progress even when other fits keep the helpers busy; safe to use from several threads at once.
 */
final class Parallel {

    private static final int CORES = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final ThreadPoolExecutor POOL = pool();

    private Parallel() {
    }

    /** Cores available to the JVM: the default number of threads of a fit. */
    static int cores() {
        return CORES;
    }

    private static ThreadPoolExecutor pool() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "mix-model-fit-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor p = new ThreadPoolExecutor(CORES, CORES, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    /**
     * Runs {@code task} for the indices 0, 1, ... in claiming order on up to {@code threads} threads (the caller and
     * {@code threads - 1} pool helpers); an index is claimed only after {@code mayStart} said yes, and every claimed
     * index runs to completion. Returns the number of indices run: always the prefix {@code 0 .. k-1}. With
     * {@code threads <= 1} everything runs on the caller, in index order. The first failure of a task is rethrown
     * once all running tasks have finished.
     */
    static int run(int count, int threads, BooleanSupplier mayStart, IntConsumer task) {
        if (count <= 0) return 0;
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            while (failure.get() == null && mayStart.getAsBoolean()) {
                int i = next.getAndIncrement();
                if (i >= count) return;
                try {
                    task.accept(i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        };
        Helpers helpers = new Helpers(worker);
        int extra = Math.min(threads, count) - 1;
        for (int k = 0; k < extra; k++) {
            try {
                POOL.execute(helpers);
            } catch (RejectedExecutionException e) {
                break;  // cannot happen with an unbounded queue; the caller does the work
            }
        }
        try {
            worker.run();
        } finally {
            helpers.closeAndAwait();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error err) throw err;
        if (t != null) throw new IllegalStateException(t);
        return Math.min(next.get(), count);
    }

    /** Helper runs of one call: a helper that starts after the caller has finished does nothing. */
    private static final class Helpers implements Runnable {
        private final Runnable worker;
        private int active;
        private boolean closed;

        Helpers(Runnable worker) {
            this.worker = worker;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (closed) return;
                active++;
            }
            try {
                worker.run();
            } finally {
                synchronized (this) {
                    active--;
                    notifyAll();
                }
            }
        }

        /** No helper starts from now on; waits for the running ones (whose results the caller reads). */
        synchronized void closeAndAwait() {
            closed = true;
            boolean interrupted = false;
            while (active > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
