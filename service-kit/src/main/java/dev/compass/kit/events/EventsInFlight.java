package dev.compass.kit.events;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The events the consumers are handling right now ({@link CountedInFlight}), so that a stopping service can let them
 * finish while its database is still open, and then handle no more ({@link StopConsumingFirst}); and whether the
 * connector has closed the consumers, which an event left for the restart waits for ({@link InFlightCounter},
 * {@link TransientFailures}).
 */
@ApplicationScoped
public class EventsInFlight {
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong finished = new AtomicLong();
    private final CountDownLatch consumersClosed = new CountDownLatch(1);
    private volatile long lastChange = System.nanoTime();
    private volatile boolean closed;

    /** An event is about to be handled: counts it in, or returns false once the service handles no more. */
    boolean begin() {
        running.incrementAndGet();
        if (closed) {
            running.decrementAndGet();
            return false;
        }
        lastChange = System.nanoTime();
        return true;
    }

    /** The event counted in by {@link #begin()} has been handled, successfully or not. */
    void end() {
        running.decrementAndGet();
        finished.incrementAndGet();
        lastChange = System.nanoTime();
    }

    /** Events being handled now. */
    public int running() {
        return running.get();
    }

    /** Events handled to the end (successfully or not) since the start. */
    public long finished() {
        return finished.get();
    }

    /**
     * Waits until no event is being handled and none has begun or ended for {@code quiet} from now: the records the
     * consumers fetched before they were paused have been handed over and handled. False when that did not happen
     * within {@code bound}.
     */
    public boolean awaitIdle(Duration quiet, Duration bound) {
        long from = System.nanoTime();
        return await(() -> running.get() == 0 && System.nanoTime() - Math.max(lastChange, from) >= quiet.toNanos(),
                bound);
    }

    /**
     * From now on no event is handled (the database is about to close); waits until the events let in before have
     * been handled. False when some were still running after {@code bound}.
     */
    public boolean close(Duration bound) {
        closed = true;
        return await(() -> running.get() == 0, bound);
    }

    /** Whether no more events are handled. */
    public boolean closed() {
        return closed;
    }

    /** The connector has closed the consumers: an offset can no longer be committed nor an event dead-lettered. */
    void consumersClosed() {
        consumersClosed.countDown();
    }

    /**
     * Waits, at most {@code bound}, until the connector has closed the consumers; false if it has not. An interrupt
     * (the service's worker threads are interrupted as it stops) does not end the wait: it is kept for the caller.
     */
    boolean awaitConsumersClosed(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                try {
                    return consumersClosed.await(Math.max(0, left), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean await(BooleanSupplier condition, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(Math.min(20_000_000L, left));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
