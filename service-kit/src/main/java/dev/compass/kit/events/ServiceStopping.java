package dev.compass.kit.events;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Whether the service has begun to stop. Set by a JVM shutdown hook, which starts the moment the process is asked to
 * stop (SIGTERM), alongside Quarkus' own shutdown, so it is set before the database pool or the persistence unit is
 * closed under a consumer; and by the first observer of {@link ShutdownEvent} (an application stopped in the same
 * JVM, as in tests).
 */
@ApplicationScoped
public class ServiceStopping {
    private static volatile boolean stopping;

    void started(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        stopping = false;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopping = true, "compass-stopping"));
    }

    void stopped(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        stopping = true;
    }

    public static boolean now() {
        return stopping;
    }
}
