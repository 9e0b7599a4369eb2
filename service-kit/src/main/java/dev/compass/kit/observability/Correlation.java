package dev.compass.kit.observability;

import java.util.UUID;
import org.jboss.logging.MDC;

/** The correlation id of the work in progress (request or consumed event), or a new one. */
public final class Correlation {
    private Correlation() {}

    public static String current() {
        Object id = MDC.get("correlationId");
        return id == null ? UUID.randomUUID().toString() : id.toString();
    }
}
