package dev.compass.documents.parse;

import dev.compass.documents.QuarantineReason;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs parses on worker threads: at most {@code workers} at once (callers beyond that wait for a permit),
 * each with a deadline. At the deadline the waiting caller cancels the parse two ways: the SAX handler's flag
 * (checked on every SAX event, so parsers that ignore interrupts but emit content still stop) and
 * {@link Thread#interrupt()} (for parsers blocked in interruptible calls). A worker that has not stopped
 * {@code abandonGrace} later is <em>abandoned</em>: its permit is handed back so other documents keep
 * flowing, and it is counted in {@link #stuckWorkers()} until it ends.
 *
 * <p>Limits of in-JVM isolation: Java cannot kill a thread, so a parser spinning in a loop that emits
 * nothing keeps a CPU and its memory until it returns; the heap is shared, so memory is bounded by the
 * byte/character/zip limits rather than by isolation. The service should treat {@code stuckWorkers() > 0}
 * for long as a liveness failure (restart the process). Process isolation (Tika's ForkParser or
 * tika-server pipes) would remove this limit at ~10x the per-document cost.
 */
public final class ParserPool implements AutoCloseable {
    private final DocumentParser parser;
    private final ParseLimits limits;
    private final Semaphore permits;
    private final ExecutorService workers;
    private final AtomicInteger stuck = new AtomicInteger();
    private final AtomicLong timeouts = new AtomicLong();

    public ParserPool(DocumentParser parser) {
        this.parser = parser;
        this.limits = parser.limits();
        this.permits = new Semaphore(Math.max(1, limits.workers()), true);
        this.workers = Executors.newCachedThreadPool(daemon("compass-parse-"));
    }

    /** Parses with the pool's limits; blocks while all workers are busy. Never throws anything but ParseFailure. */
    public ParsedDocument parse(byte[] bytes, String fileName, String declaredMediaType) throws ParseFailure {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParseFailure(QuarantineReason.TIMEOUT, "interrupted while waiting for a parse worker", null, e);
        }
        long timeoutNanos = limits.timeout().toNanos();
        StructureHandler handler = new StructureHandler(limits.maxChars(), System.nanoTime() + timeoutNanos);
        AtomicBoolean permitReturned = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Callable<ParsedDocument> task = () -> {
            try {
                return parser.parse(bytes, fileName, declaredMediaType, handler);
            } finally {
                finished.countDown();
                if (permitReturned.compareAndSet(false, true)) permits.release();
                else stuck.decrementAndGet();
            }
        };
        Future<ParsedDocument> future;
        try {
            future = workers.submit(task);
        } catch (RuntimeException e) {
            permits.release();
            throw new ParseFailure(QuarantineReason.TIMEOUT, "parser pool is shut down", null, e);
        }
        try {
            // the caller's own timed wait is the deadline: no watchdog thread to wake for every document
            return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ParseFailure pf) throw pf;
            throw FailureClassifier.classify(c, null);
        } catch (CancellationException | TimeoutException e) {
            handler.cancel();
            future.cancel(true);
            throw timeout(finished, permitReturned);
        } catch (InterruptedException e) {
            handler.cancel();
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw timeout(finished, permitReturned);
        }
    }

    private ParseFailure timeout(CountDownLatch finished, AtomicBoolean permitReturned) {
        timeouts.incrementAndGet();
        boolean stopped;
        try {
            stopped = finished.await(limits.abandonGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            stopped = finished.getCount() == 0;
        }
        String detail = "parse exceeded " + limits.timeout().toMillis() + " ms";
        if (!stopped && permitReturned.compareAndSet(false, true)) {
            stuck.incrementAndGet();
            permits.release();
            detail += "; the parser ignored cancellation and its worker was abandoned";
        }
        return new ParseFailure(QuarantineReason.TIMEOUT, detail, null, null);
    }

    /** Workers abandoned after a timeout that are still running. */
    public int stuckWorkers() { return stuck.get(); }

    /** Parses that ended in TIMEOUT since start. */
    public long timeouts() { return timeouts.get(); }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
