package dev.compass.governance.messaging;

import dev.compass.contracts.EventType;
import dev.compass.contracts.events.BudgetProposal;
import dev.compass.governance.domain.ProposalService;
import dev.compass.kit.events.CountedInFlight;
import dev.compass.kit.events.EventDecoder;
import dev.compass.kit.events.ProcessedEvents;
import dev.compass.kit.events.RetryTransientFailures;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Budget proposals from the agents: policy check once per event; expiry of pending ones on a timer. */
@ApplicationScoped
@RetryTransientFailures
@CountedInFlight
public class ProposalConsumer {
    static final String CONSUMER = "governance-proposals";

    @Inject
    ProposalService proposals;
    @Inject
    ProcessedEvents processed;

    @Incoming("proposals")
    @Blocking
    @Transactional
    public void consume(ConsumerRecord<String, byte[]> record) {
        var event = EventDecoder.decode(record, EventType.BUDGET_PROPOSAL, BudgetProposal.class);
        if (processed.firstDelivery(CONSUMER, event.id())) {
            proposals.receive(event);
        }
    }

    @Scheduled(every = "${compass.governance.proposals.expiry-check:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        proposals.expireDue(Instant.now());
    }
}
