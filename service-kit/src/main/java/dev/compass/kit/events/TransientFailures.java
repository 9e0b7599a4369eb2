package dev.compass.kit.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Retries a consumer's processing while it fails for want of infrastructure: a database that is down, restarting, or
 * out of connections. Runs outside the consumer's transaction (a lower priority than the transaction interceptor's),
 * so each attempt has a fresh one. The pause doubles from 0.5 s to 5 s: short, because a consumer asleep in it when
 * the database returns keeps the events behind it waiting (an agent waits 3 s for evidence). A failure caused by the
 * event itself (a constraint, bad data, a bug) is not retried here: it goes to the channel's failure strategy (the
 * dead-letter topic).
 */
@RetryTransientFailures
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class TransientFailures {
    private static final Logger LOG = Logger.getLogger(TransientFailures.class);
    private static final long FIRST_PAUSE_MS = 500;
    private static final long MAX_PAUSE_MS = 5_000;
    /**
     * At most this long a consumer that failed while the service stops waits for the Kafka consumers to close (they
     * close as soon as the database has: graceful-shutdown=false), so the service still stops within the usual 30 s
     * grace period.
     */
    static final Duration HOLD_WHILE_STOPPING_BOUND = Duration.ofSeconds(20);

    @Inject
    MeterRegistry registry;
    @Inject
    EventsInFlight inFlight;

    @AroundInvoke
    Object retry(InvocationContext context) throws Exception {
        long pause = FIRST_PAUSE_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                return context.proceed();
            } catch (Exception e) {
                if (ServiceStopping.now() || closedUnderUs(e)) {
                    if (context.getMethod().isAnnotationPresent(Scheduled.class)) {
                        return null; // a scheduled job skips its tick: the next start runs it again
                    }
                    holdWhileConsumersClose(inFlight, context, e);
                }
                if (!isTransient(e)) {
                    throw e;
                }
                TransientRetryMetrics.counter(registry, context.getMethod().getDeclaringClass().getSimpleName()).increment();
                if (attempt == 1 || attempt % 10 == 0) {
                    LOG.warnf("%s.%s: the infrastructure is unavailable (%s); retrying (attempt %d, next in %d ms),"
                            + " nothing is acknowledged or lost meanwhile", context.getMethod().getDeclaringClass().getSimpleName(),
                            context.getMethod().getName(), rootMessage(e), attempt, pause);
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException stopping) { // the service is shutting down
                    holdWhileConsumersClose(inFlight, context, e);
                }
                pause = Math.min(MAX_PAUSE_MS, pause * 2);
            }
        }
    }

    /**
     * A failure while the service stops (the persistence unit or the pool closed under the consumer: Hibernate closes
     * before the Kafka consumers do) says nothing about the event, and failing at once would send a valid event to the
     * dead-letter topic and commit its offset, so its consumer would never apply it. So the attempt waits, unacknowledged,
     * until the connector has closed the consumers ({@link EventsInFlight#awaitConsumersClosed}), and only then fails:
     * the offset can no longer be committed nor the event dead-lettered, and it is delivered again after the restart
     * (consumers apply an event id once). The wait is bounded ({@link #HOLD_WHILE_STOPPING_BOUND}), in case the
     * consumers never close. It used to be a fixed 20 s, which every such failure added to the stop.
     */
    private static void holdWhileConsumersClose(EventsInFlight inFlight, InvocationContext context, Exception failure)
            throws Exception {
        LOG.infof("%s.%s: the service is stopping (%s); the event is left unacknowledged and will be delivered again"
                + " after the restart", context.getMethod().getDeclaringClass().getSimpleName(),
                context.getMethod().getName(), rootMessage(failure));
        inFlight.awaitConsumersClosed(HOLD_WHILE_STOPPING_BOUND); // an interrupt does not end it
        throw failure;
    }

    /** Failures that only happen once the service has begun to stop: its persistence unit or its pool closed. */
    public static boolean closedUnderUs(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof IllegalStateException && (message.contains("EntityManagerFactory is closed")
                    || message.contains("pool is closed"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a failure comes from unavailable infrastructure rather than from the event: anywhere in its causes, a
     * transient SQL failure, an SQL state of class 08 (connection), 53 (insufficient resources), 57P0x (server
     * shutting down or starting), 40001/40P01 (serialisation failure, deadlock), or a connection pool that could not
     * hand out a connection in time.
     */
    public static boolean isTransient(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SQLTransientException || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P0")
                        || state.equals("40001") || state.equals("40P01"))) {
                    return true;
                }
                String message = String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT);
                if (message.contains("acquisition timeout")) {
                    return true; // Agroal: no connection became free in time
                }
            }
            String name = t.getClass().getName();
            if (name.equals("org.hibernate.exception.JDBCConnectionException")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
