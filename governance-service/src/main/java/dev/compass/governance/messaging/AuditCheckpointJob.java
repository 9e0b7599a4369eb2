package dev.compass.governance.messaging;

import dev.compass.governance.persistence.AuditStore;
import dev.compass.kit.events.RetryTransientFailures;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Signs the head of the audit chain every T (besides the checkpoint every N records written while appending). */
@ApplicationScoped
@RetryTransientFailures
public class AuditCheckpointJob {
    @Inject
    AuditStore store;

    @Scheduled(every = "${compass.governance.audit.checkpoint-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkpoint() {
        store.checkpoint();
    }
}
