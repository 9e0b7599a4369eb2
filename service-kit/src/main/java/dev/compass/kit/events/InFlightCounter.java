package dev.compass.kit.events;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.annotations.Incomings;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Counts a consumer's handling of an event in {@link EventsInFlight}. Outermost: around the kit's retries
 * ({@code PLATFORM_BEFORE + 100}) and the transaction ({@code PLATFORM_BEFORE + 200}), so an event counts until its
 * effect is committed.
 *
 * <p>Once the stopping service handles no more events ({@link StopConsumingFirst}), an event that still reaches a
 * consumer (it was on its way from the broker when the consumers were paused) is not handled: it stays unacknowledged
 * until the connector has closed the consumers, so that its offset can no longer be committed nor the event
 * dead-lettered, and then fails; it is delivered again after the restart. It does not wait for the database that is
 * closing.
 *
 * <p>Other methods of a counted bean (its scheduled jobs) are counted too, so that one running when the service
 * begins to stop is let finish; once no more events are handled, a scheduled job skips its tick and any other method
 * runs uncounted, as it would without this interceptor.
 *
 * <p>Every {@code @Incoming} method must be counted: {@link StopConsumingFirst} refuses to start a service with one that
 * is not (on its class or on the method).
 */
@CountedInFlight
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 50)
public class InFlightCounter {
    private static final Logger LOG = Logger.getLogger(InFlightCounter.class);
    /** The connector closes the consumers well within this once the database has closed (graceful-shutdown=false). */
    static final Duration CONSUMERS_CLOSE_BOUND = Duration.ofSeconds(10);

    @Inject
    EventsInFlight inFlight;

    @AroundInvoke
    Object count(InvocationContext context) throws Exception {
        if (!inFlight.begin()) {
            if (!consumes(context.getMethod())) {
                if (context.getMethod().isAnnotationPresent(Scheduled.class)) {
                    return null; // a job of a counted bean skips its tick: the next start runs it again
                }
                return context.proceed(); // not an event: not this interceptor's to refuse
            }
            String what = describe(context);
            LOG.infof("stopping: %s arrived after the consumers were paused; it is left unacknowledged and delivered"
                    + " again after the restart", what);
            inFlight.awaitConsumersClosed(CONSUMERS_CLOSE_BOUND);
            throw new NotHandledWhileStopping(what);
        }
        try {
            return context.proceed();
        } finally {
            inFlight.end();
        }
    }

    /** Whether the method handles events (it is an {@code @Incoming} method), rather than a job of the same bean. */
    static boolean consumes(Method method) {
        return method.isAnnotationPresent(Incoming.class) || method.isAnnotationPresent(Incomings.class);
    }

    private static String describe(InvocationContext context) {
        String method = context.getMethod().getDeclaringClass().getSimpleName() + "." + context.getMethod().getName();
        for (Object parameter : context.getParameters()) {
            if (parameter instanceof ConsumerRecord<?, ?> r) {
                return method + " " + r.topic() + "-" + r.partition() + "@" + r.offset();
            }
        }
        return method;
    }

    /** An event not handled because the service is stopping: says nothing about the event. */
    static final class NotHandledWhileStopping extends RuntimeException {
        NotHandledWhileStopping(String what) {
            super("the service is stopping: " + what + " is left for the restart", null, false, false);
        }
    }
}
