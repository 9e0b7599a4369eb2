package dev.compass.governance.messaging;

import dev.compass.contracts.EventType;
import dev.compass.contracts.events.LedgerEvent;
import dev.compass.governance.config.GovernanceConfig;
import dev.compass.governance.domain.ProposalService;
import dev.compass.kit.events.CountedInFlight;
import dev.compass.kit.events.EventDecoder;
import dev.compass.kit.events.ProcessedEvents;
import dev.compass.kit.events.RetryTransientFailures;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Ledger entries the agents applied (budget.ledger.v1): an approved proposal becomes APPLIED, once per event. The
 * gauge {@code compass_governance_proposals_unapplied} counts approvals with no ledger entry after
 * {@code compass.governance.proposals.apply-within}: approvals that were lost.
 */
@ApplicationScoped
@RetryTransientFailures
@CountedInFlight
public class LedgerConsumer {
    static final String CONSUMER = "governance-ledger";

    @Inject
    ProposalService proposals;
    @Inject
    ProcessedEvents processed;
    @Inject
    GovernanceConfig config;

    private final AtomicLong unapplied = new AtomicLong();

    void register(@Observes StartupEvent start, MeterRegistry registry) {
        Gauge.builder("compass.governance.proposals.unapplied", unapplied, AtomicLong::get)
                .description("Approved proposals with no ledger entry after compass.governance.proposals.apply-within")
                .register(registry);
    }

    @Incoming("ledger")
    @Blocking
    @Transactional
    public void consume(ConsumerRecord<String, byte[]> record) {
        var event = EventDecoder.decode(record, EventType.LEDGER_ENTRY, LedgerEvent.class);
        if (processed.firstDelivery(CONSUMER, event.id())) {
            proposals.applied(event.payload());
        }
    }

    @Scheduled(every = "30s", delay = 5, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void countUnapplied() {
        unapplied.set(proposals.overdue(Instant.now().minus(config.proposals().applyWithin())));
    }
}
