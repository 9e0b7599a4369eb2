package dev.compass.governance.messaging;

import dev.compass.governance.api.AuditCheckpointHealth;
import dev.compass.governance.persistence.AuditStore;
import dev.compass.kit.events.RetryTransientFailures;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Signs the head of the audit chain every T (besides the checkpoint every N records written while appending). Each
 * attempt's outcome is reported to {@link AuditCheckpointHealth}, including each retry while the database is
 * unavailable ({@link RetryTransientFailures}).
 */
@ApplicationScoped
@RetryTransientFailures
public class AuditCheckpointJob {
    @Inject
    AuditStore store;
    @Inject
    @Wellness
    AuditCheckpointHealth health;

    @Scheduled(identity = "audit-checkpoint", every = "${compass.governance.audit.checkpoint-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void checkpoint() {
        try {
            store.checkpoint();
        } catch (RuntimeException e) {
            health.failed(e);
            throw e;
        }
        health.written();
    }
}
