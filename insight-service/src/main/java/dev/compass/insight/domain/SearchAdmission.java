package dev.compass.insight.domain;

import dev.compass.insight.config.InsightConfig;
import dev.compass.kit.problem.ApiException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Admits the CPU-bound part of searches and answers (embedding the query, searching the index, scoring an answer's
 * sentences) a few at a time, first come first served: {@code compass.insight.search.concurrency} at once (default: the number of processors), the others wait in
 * arrival order. With more searches than cores running at once, each is time-sliced with the others and all of them
 * finish late; admitted in order, each runs at full speed while the next ones wait, so the same throughput comes with
 * steadier latencies (measured: docs/bench/insight.md). A search that waited longer than
 * {@code compass.insight.search.queue-timeout} gets a 503 problem instead of piling up. 0 turns the gate off.
 */
@ApplicationScoped
public class SearchAdmission {
    @Inject
    InsightConfig config;
    @Inject
    MeterRegistry metrics;

    private Gate gate;

    @PostConstruct
    void init() {
        int n = config.search().concurrency().orElse(Runtime.getRuntime().availableProcessors());
        gate = new Gate(n, config.search().queueTimeout());
        if (gate.permits != null) {
            Gauge.builder("insight.search.waiting", gate.permits, Semaphore::getQueueLength)
                    .description("searches waiting for admission").register(metrics);
        }
    }

    /** Runs {@code work} once admitted; a 503 {@link ApiException} when the wait exceeds the queue timeout. */
    public <T> T run(Supplier<T> work) {
        return gate.run(work);
    }

    /**
     * Runs {@code work} once admitted, waiting as long as it takes: for work taken from a topic, where waiting is the
     * back-pressure (the consumer reads the next record later) and a 503 would only send a good record to retries.
     */
    public <T> T runWaiting(Supplier<T> work) {
        return gate.runWaiting(work);
    }

    /** The gate itself: a fair semaphore with a bounded wait. */
    static final class Gate {
        final Semaphore permits;
        private final long timeoutNanos;

        Gate(int concurrency, Duration queueTimeout) {
            if (concurrency < 0) {
                throw new IllegalArgumentException(
                        "compass.insight.search.concurrency must be >= 0 (0: no limit), was " + concurrency);
            }
            this.permits = concurrency == 0 ? null : new Semaphore(concurrency, true);
            this.timeoutNanos = queueTimeout.toNanos();
        }

        <T> T run(Supplier<T> work) {
            if (permits == null) {
                return work.get();
            }
            try {
                if (!permits.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
                    throw new ApiException(503, "Service Unavailable", "too many searches are waiting; try again later");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(503, "Service Unavailable", "interrupted while waiting to search");
            }
            try {
                return work.get();
            } finally {
                permits.release();
            }
        }

        <T> T runWaiting(Supplier<T> work) {
            if (permits == null) {
                return work.get();
            }
            permits.acquireUninterruptibly();
            try {
                return work.get();
            } finally {
                permits.release();
            }
        }
    }
}
