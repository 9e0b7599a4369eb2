package dev.compass.kit.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What a stopping service waits for before its database closes: the events its consumers are handling. */
class EventsInFlightTest {
    private static final Duration QUIET = StopConsumingFirst.QUIET;

    @Test
    void anEventBeingHandledWhenTheServiceStopsIsHandledToTheEndFirst() throws Exception {
        EventsInFlight inFlight = new EventsInFlight();
        AtomicBoolean committed = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            inFlight.begin();
            started.countDown();
            try {
                Thread.sleep(400); // the handler's transaction
                committed.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.end();
            }
        });
        consumer.start();
        assertTrue(started.await(5, TimeUnit.SECONDS));

        assertTrue(inFlight.awaitIdle(QUIET, Duration.ofSeconds(20)));
        assertTrue(committed.get(), "the wait ended before the event's effect was committed");
        assertEquals(0, inFlight.running());
        assertEquals(1, inFlight.finished());
        consumer.join();
    }

    @Test
    void eventsFetchedBeforeThePauseAndHandedOverOneAfterTheOtherAreAllWaitedFor() throws Exception {
        EventsInFlight inFlight = new EventsInFlight();
        CountDownLatch first = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            for (int i = 0; i < 5; i++) {
                inFlight.begin();
                first.countDown();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    inFlight.end();
                }
                try {
                    Thread.sleep(10); // the next record is handed over: nothing runs for a moment
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        consumer.start();
        assertTrue(first.await(5, TimeUnit.SECONDS));

        assertTrue(inFlight.awaitIdle(QUIET, Duration.ofSeconds(20)));
        assertEquals(5, inFlight.finished(), "the wait ended between two events of the same fetch");
        consumer.join();
    }

    @Test
    void anEventThatOutlastsTheBoundDoesNotHoldTheStopLonger() throws Exception {
        EventsInFlight inFlight = new EventsInFlight();
        assertTrue(inFlight.begin()); // a handler that does not finish (a model that does not answer)

        long start = System.nanoTime();
        assertFalse(inFlight.awaitIdle(QUIET, Duration.ofMillis(300)));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waited >= 300 && waited < 5_000, "waited " + waited + " ms");
        assertEquals(1, inFlight.running());
    }

    @Test
    void anIdleServiceWaitsOnlyTheQuietPeriod() {
        EventsInFlight inFlight = new EventsInFlight();
        long start = System.nanoTime();
        assertTrue(inFlight.awaitIdle(QUIET, Duration.ofSeconds(20)));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5_000);
    }

    @Test
    void onceTheDatabaseIsAboutToCloseNoEventIsHandledButThoseAlreadyBegunAreWaitedFor() throws Exception {
        EventsInFlight inFlight = new EventsInFlight();
        assertTrue(inFlight.begin()); // begun just before: it has the database and is waited for
        AtomicBoolean waitedFor = new AtomicBoolean();
        Thread closing = new Thread(() -> waitedFor.set(inFlight.close(Duration.ofSeconds(20))));
        closing.start();
        while (!inFlight.closed()) {
            Thread.onSpinWait();
        }

        assertFalse(inFlight.begin(), "an event that arrives now would meet a closed database");
        assertEquals(1, inFlight.running());
        assertTrue(closing.isAlive(), "closing did not wait for the event already being handled");
        inFlight.end();
        closing.join(20_000);
        assertTrue(waitedFor.get());
        assertEquals(0, inFlight.running());
    }

    @Test
    void anEventLeftForTheRestartWaitsForTheConsumersToCloseAndNoLonger() {
        EventsInFlight inFlight = new EventsInFlight();
        long start = System.nanoTime();
        assertFalse(inFlight.awaitConsumersClosed(Duration.ofMillis(200)));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 200);

        inFlight.consumersClosed();
        start = System.nanoTime();
        assertTrue(inFlight.awaitConsumersClosed(Duration.ofSeconds(20)));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5_000);
    }

    @Test
    void anInterruptDoesNotEndTheWaitForTheConsumersToClose() throws Exception {
        EventsInFlight inFlight = new EventsInFlight();
        AtomicBoolean closedWhenItEnded = new AtomicBoolean();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread held = new Thread(() -> {
            closedWhenItEnded.set(inFlight.awaitConsumersClosed(Duration.ofSeconds(20)));
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        held.start();
        Thread.sleep(100);
        held.interrupt(); // the worker pool is shutting down
        Thread.sleep(200);
        assertTrue(held.isAlive(), "the event would have been failed before the consumers closed (dead-lettered)");

        inFlight.consumersClosed();
        held.join(5_000);
        assertFalse(held.isAlive());
        assertTrue(closedWhenItEnded.get());
        assertTrue(interruptKept.get());
    }

    @Test
    void everyConsumerMethodMustBeCounted() {
        assertEquals(java.util.List.of(), StopConsumingFirst.uncounted(java.util.List.of(CountedConsumer.class,
                CountedMethod.class, NotAConsumer.class, Inherited.class)));
        assertEquals(java.util.List.of("UncountedConsumer.consume", "UncountedConsumer.more"),
                StopConsumingFirst.uncounted(java.util.List.of(UncountedConsumer.class, CountedConsumer.class)));
    }

    @Test
    void onlyConsumerMethodsAreRefusedOnceTheServiceHandlesNoMoreEvents() throws Exception {
        assertTrue(InFlightCounter.consumes(CountedConsumer.class.getDeclaredMethod("consume", String.class)));
        assertTrue(InFlightCounter.consumes(UncountedConsumer.class.getDeclaredMethod("more", String.class)));
        assertFalse(InFlightCounter.consumes(NotAConsumer.class.getDeclaredMethod("consume", String.class)));
    }

    @CountedInFlight
    static class CountedConsumer {
        @org.eclipse.microprofile.reactive.messaging.Incoming("a")
        void consume(String event) {}
    }

    static class CountedMethod {
        @org.eclipse.microprofile.reactive.messaging.Incoming("b")
        @CountedInFlight
        void consume(String event) {}
    }

    static class NotAConsumer {
        void consume(String event) {}
    }

    @CountedInFlight
    static class Inherited extends CountedMethod {}

    static class UncountedConsumer {
        @org.eclipse.microprofile.reactive.messaging.Incoming("c")
        void consume(String event) {}

        @org.eclipse.microprofile.reactive.messaging.Incoming("d")
        @org.eclipse.microprofile.reactive.messaging.Incoming("e")
        void more(String event) {}
    }
}
