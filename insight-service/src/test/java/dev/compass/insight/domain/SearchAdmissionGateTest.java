package dev.compass.insight.domain;

import dev.compass.kit.problem.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The search admission gate: searches beyond the limit wait in arrival order, too long a wait is a 503 for a request,
 * and work taken from a topic waits instead.
 */
class SearchAdmissionGateTest {

    @Test
    void waitingSearchesRunInArrivalOrder() throws Exception {
        SearchAdmission.Gate gate = new SearchAdmission.Gate(1, Duration.ofSeconds(30));
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> order = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(5);
        try {
            Future<?> holder = holdThePermit(gate, release, threads);
            List<Future<?>> waiters = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int id = i;
                int queued = i + 1;
                waiters.add(threads.submit(() -> gate.run(() -> order.add(id))));
                waitUntil(() -> gate.permits.getQueueLength() == queued); // queued before the next one arrives
            }
            assertTrue(order.isEmpty(), "nothing runs while the only permit is held");
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            for (Future<?> w : waiters) w.get(10, TimeUnit.SECONDS);
            assertEquals(List.of(0, 1, 2, 3), order);
            assertEquals(1, gate.permits.availablePermits(), "every permit is given back");
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void aSearchThatWaitsTooLongIsTurnedAwayWith503AndLaterOnesRun() throws Exception {
        SearchAdmission.Gate gate = new SearchAdmission.Gate(1, Duration.ofMillis(200));
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            Future<?> holder = holdThePermit(gate, release, threads);
            ApiException e = assertThrows(ApiException.class, () -> gate.run(() -> "never"));
            assertEquals(503, e.problem().status());
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            assertEquals("ran", gate.run(() -> "ran"));
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void workFromATopicWaitsPastTheQueueTimeoutInsteadOfBeingTurnedAway() throws Exception {
        SearchAdmission.Gate gate = new SearchAdmission.Gate(1, Duration.ofMillis(50));
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> holder = holdThePermit(gate, release, threads);
            Future<String> consumer = threads.submit(() -> gate.runWaiting(() -> "answered"));
            waitUntil(() -> gate.permits.getQueueLength() == 1);
            Thread.sleep(300); // six queue timeouts
            assertFalse(consumer.isDone(), "still waiting for the permit, not failed");
            assertEquals(503, assertThrows(ApiException.class, () -> gate.run(() -> "request")).problem().status());
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            assertEquals("answered", consumer.get(10, TimeUnit.SECONDS));
            assertEquals(1, gate.permits.availablePermits());
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void zeroMeansNoLimitAndNegativeIsRejected() {
        SearchAdmission.Gate open = new SearchAdmission.Gate(0, Duration.ofMillis(1));
        assertNull(open.permits);
        assertEquals(3, open.run(() -> 3));
        assertEquals(4, open.runWaiting(() -> 4));
        assertThrows(IllegalArgumentException.class, () -> new SearchAdmission.Gate(-1, Duration.ofSeconds(1)));
    }

    /** Takes the gate's only permit on one of the threads until {@code release}; returns once it is held. */
    private static Future<?> holdThePermit(SearchAdmission.Gate gate, CountDownLatch release, ExecutorService threads)
            throws InterruptedException {
        Future<?> holder = threads.submit(() -> gate.run(() -> {
            await(release);
            return null;
        }));
        waitUntil(() -> gate.permits.availablePermits() == 0);
        return holder;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("condition not reached in 10 s");
            Thread.sleep(1);
        }
    }
}
