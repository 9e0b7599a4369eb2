package dev.compass.governance.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;

/**
 * Whether the timer's signed checkpoints of the audit trail are being written: DOWN, with the reason, from the first
 * failed attempt until one succeeds (shown by /q/health and /q/health/well), and the gauge
 * {@code compass_governance_audit_checkpoint_failing} is 1 meanwhile, for alerting.
 *
 * <p>Not a readiness check: the API does not need the checkpoints (the audit trail keeps recording, hash-chained;
 * only the signature over its newest records is missing), and the cause, the shared database, would be the same for
 * every replica, so readiness would take all of them out of rotation at once, the audit verification an auditor needs
 * included. The database itself is in readiness already.
 */
@Wellness
@ApplicationScoped
public class AuditCheckpointHealth implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(AuditCheckpointHealth.class);
    private static final int MAX_REASON = 500;

    /** The failure of the latest attempts, null while checkpoints are written. */
    private record Failure(String reason, Instant since, long attempts) {}

    private final AtomicReference<Failure> failure = new AtomicReference<>();
    private volatile Instant lastWritten;

    void register(@Observes StartupEvent event, MeterRegistry registry) {
        Gauge.builder("compass.governance.audit.checkpoint.failing", failure, f -> f.get() == null ? 0 : 1)
                .description("1 while the audit trail's signed checkpoints cannot be written (the reason: /q/health),"
                        + " else 0")
                .register(registry);
    }

    /** An attempt to write a checkpoint succeeded (or found nothing new to sign). */
    public void written() {
        lastWritten = Instant.now();
        Failure previous = failure.getAndSet(null);
        if (previous != null) {
            LOG.infof("audit checkpoints are written again, after %d failed attempt(s) since %s", previous.attempts(),
                    previous.since());
        }
    }

    /** An attempt to write a checkpoint failed. */
    public void failed(Throwable cause) {
        String reason = reason(cause);
        failure.updateAndGet(f -> f == null ? new Failure(reason, Instant.now(), 1)
                : new Failure(reason, f.since(), f.attempts() + 1));
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("audit-checkpoints");
        Instant written = lastWritten;
        if (written != null) {
            response.withData("lastWrittenAt", written.toString());
        }
        Failure f = failure.get();
        if (f == null) {
            return response.up().build();
        }
        return response.down().withData("error", f.reason()).withData("failingSince", f.since().toString())
                .withData("failedAttempts", f.attempts())
                .withData("impact", "records appended since the latest checkpoint are hash-chained but not signed")
                .build();
    }

    /** The outermost message and the root cause's first line (a database error adds its context on further lines). */
    static String reason(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 20; depth++) {
            root = root.getCause();
        }
        String rootMessage = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
        String reason = root.getClass().getSimpleName() + ": " + rootMessage;
        if (root != failure && failure.getMessage() != null) {
            reason = failure.getMessage() + ": " + reason;
        }
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason;
    }
}
