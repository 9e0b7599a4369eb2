package dev.compass.kit.events;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.sql.SQLException;
import java.sql.SQLTransientException;
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

    @Inject
    MeterRegistry registry;

    @AroundInvoke
    Object retry(InvocationContext context) throws Exception {
        long pause = FIRST_PAUSE_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                return context.proceed();
            } catch (Exception e) {
                if (ServiceStopping.now() || closedUnderUs(e)) {
                    holdUntilExit(context, e);
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
                    holdUntilExit(context, e);
                }
                pause = Math.min(MAX_PAUSE_MS, pause * 2);
            }
        }
    }

    /**
     * A failure while the service stops (the persistence unit or the pool closed under the consumer) says nothing about
     * the event, and failing would send a valid event to the dead-letter topic (where it would be lost to its consumer:
     * the group's offset moves past it). So the attempt never ends: the event stays unacknowledged, its offset
     * uncommitted, and it is delivered again after the restart (consumers apply an event id once). The thread waits
     * for the process to exit, ignoring interrupts.
     */
    private static void holdUntilExit(InvocationContext context, Exception failure) {
        LOG.infof("%s.%s: the service is stopping (%s); the event is left unacknowledged and will be delivered again"
                + " after the restart", context.getMethod().getDeclaringClass().getSimpleName(),
                context.getMethod().getName(), rootMessage(failure));
        while (true) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000_000L);
            Thread.interrupted(); // cleared: only the exit of the process ends the wait
        }
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
