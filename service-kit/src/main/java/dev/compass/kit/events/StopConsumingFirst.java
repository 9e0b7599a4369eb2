package dev.compass.kit.events;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Incomings;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * When a service stops, its consumers stop taking events before its database closes. Every service of the suite gets
 * this from the kit; its consumers are marked {@link CountedInFlight}.
 *
 * <p>Quarkus closes the persistence unit and the connection pool first and the Kafka connector closes the consumers
 * last, one channel after the other. An event delivered in between failed for want of the database, and the kit held it
 * unacknowledged so that it was not dead-lettered ({@link TransientFailures}): the service took that long to stop. Here,
 * as soon as the service begins to stop ({@link ShutdownEvent}, observed before the persistence unit closes and before
 * the outbox relay stops), every consumer is paused at once, so it fetches nothing more, and the events it fetched
 * before are handled to the end: their effects committed, their outbox rows published by the relay. Then no more events
 * are handled: one still on its way waits, unacknowledged, for the consumers to close and is delivered again after the
 * restart ({@link InFlightCounter}). The connector then commits the offsets of the events handled and closes the
 * consumers (its own graceful shutdown, which came after the database had closed and took about 3 s per channel, is
 * off in each service: {@code mp.messaging.connector.smallrye-kafka.graceful-shutdown=false}).
 *
 * <p>The wait is bounded: an event still being handled after it (a slow language model, a database that is down) is left
 * unacknowledged and delivered again after the restart, as before (consumers apply an event once). So is one of a
 * backlog: a consumer that had paused itself because its queue was full (about 1,000 records) resumes when the queue
 * drains.
 *
 * <p>A service whose {@code @Incoming} method is not counted does not start: at stop its events would meet the closed
 * database.
 */
@ApplicationScoped
public class StopConsumingFirst {
    private static final Logger LOG = Logger.getLogger(StopConsumingFirst.class);
    /** A pause takes effect on the consumer's polling thread once its current poll returns (poll-timeout, 1 s). */
    static final Duration PAUSE_WAIT = Duration.ofSeconds(2);
    /**
     * After the pause, nothing running and nothing begun or ended for this long: the records fetched before it have
     * been handed over and handled (one arriving later is left for the restart, not lost).
     */
    static final Duration QUIET = Duration.ofMillis(300);
    /**
     * At most this long for the events in flight (the connector's own wait was its 5 s commit interval): an event that
     * outlasts it and then fails on the closed database is held only until the consumers have closed (at most 20 s,
     * {@link TransientFailures}), so the service still stops within the usual 30 s grace period.
     */
    static final Duration DRAIN_BOUND = Duration.ofSeconds(5);

    @Inject
    KafkaClientService kafka;
    @Inject
    EventsInFlight inFlight;

    /** Refuses to start a service with a consumer whose events would not be waited for at stop. */
    void checkConsumersCounted(@Observes StartupEvent event, BeanManager beans) {
        List<String> uncounted = uncounted(beans.getBeans(Object.class, Any.Literal.INSTANCE).stream()
                .map(Bean::getBeanClass).toList());
        if (!uncounted.isEmpty()) {
            throw new IllegalStateException("consumer method(s) " + uncounted + " are not @" + CountedInFlight.class
                    .getSimpleName() + ": a stopping service would not wait for their events before its database closes");
        }
    }

    /** The {@code @Incoming} methods of these classes (and their superclasses) not counted in {@link EventsInFlight}. */
    static List<String> uncounted(Iterable<Class<?>> classes) {
        TreeSet<String> uncounted = new TreeSet<>();
        for (Class<?> bean : classes) {
            for (Class<?> type = bean; type != null && type != Object.class; type = type.getSuperclass()) {
                for (Method method : type.getDeclaredMethods()) {
                    if ((method.isAnnotationPresent(Incoming.class) || method.isAnnotationPresent(Incomings.class))
                            && !method.isAnnotationPresent(CountedInFlight.class)
                            && !type.isAnnotationPresent(CountedInFlight.class)
                            && !bean.isAnnotationPresent(CountedInFlight.class)) {
                        uncounted.add(type.getSimpleName() + "." + method.getName());
                    }
                }
            }
        }
        return List.copyOf(uncounted);
    }

    void stop(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) ShutdownEvent event) {
        long start = System.nanoTime();
        long before = inFlight.finished();
        int running = inFlight.running();
        int paused = pauseConsumers();
        long pausedAt = System.nanoTime();
        boolean drained = inFlight.awaitIdle(QUIET, DRAIN_BOUND);
        long left = DRAIN_BOUND.toNanos() - (System.nanoTime() - pausedAt);
        drained = inFlight.close(Duration.ofNanos(Math.max(left, QUIET.toNanos()))) && drained;
        long done = System.nanoTime();
        if (drained) {
            LOG.infof("stopping: %d consumers paused in %d ms; %d event(s) handled meanwhile (%d being handled when the"
                    + " service began to stop), none left %d ms later: the database closes now", paused,
                    millis(pausedAt - start), inFlight.finished() - before, running, millis(done - pausedAt));
        } else {
            LOG.warnf("stopping: %d event(s) still being handled %d ms after the consumers were paused; they are left"
                    + " unacknowledged and delivered again after the restart", inFlight.running(),
                    millis(done - pausedAt));
        }
    }

    /** After the connector has closed the consumers (it observes this at priority 50). */
    void consumersClosed(@Observes @Priority(100) @BeforeDestroyed(ApplicationScoped.class) Object event) {
        inFlight.consumersClosed();
    }

    /** Pauses every consumer at once; returns how many were paused. */
    private int pauseConsumers() {
        Map<String, CompletableFuture<?>> pauses = new LinkedHashMap<>();
        for (String channel : kafka.getConsumerChannels()) {
            try {
                pauses.put(channel, kafka.getConsumer(channel).pause().subscribeAsCompletionStage());
            } catch (RuntimeException e) {
                LOG.warnf("stopping: consumer %s not paused: %s", channel, e.toString());
            }
        }
        long deadline = System.nanoTime() + PAUSE_WAIT.toNanos();
        int paused = 0;
        for (Map.Entry<String, CompletableFuture<?>> pause : pauses.entrySet()) {
            try {
                pause.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                paused++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                LOG.warnf("stopping: consumer %s not paused: %s", pause.getKey(), e.toString());
            }
        }
        return paused;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
