package dev.compass.agent.messaging;

import dev.compass.agent.persistence.ConversationRow;
import dev.compass.kit.events.RetryTransientFailures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The commercial agent does not wait forever for evidence: conversations past their evidence deadline proceed
 * without it. The deadline is in the database, so a restarted service picks up where it left off.
 */
@ApplicationScoped
@RetryTransientFailures
public class EvidenceTimer {
    private static final Logger LOG = Logger.getLogger(EvidenceTimer.class);

    @Inject
    CommercialAgent commercial;

    @Scheduled(every = "${compass.agent.evidence-poll:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        List<String> due = QuarkusTransaction.requiringNew().call(() -> ConversationRow.<ConversationRow>list(
                "step = ?1 and evidenceDeadline < ?2", Conversations.AWAITING_EVIDENCE, Instant.now())
                .stream().map(c -> c.id).toList());
        for (String id : due) {
            try {
                QuarkusTransaction.requiringNew().run(() -> commercial.onEvidenceTimeout(ConversationRow.lock(id)));
            } catch (RuntimeException e) {
                LOG.warnf("evidence timeout of %s will be retried: %s", id, e.toString());
            }
        }
    }
}
