package dev.compass.agent.messaging;

import dev.compass.agent.config.AgentConfig;
import dev.compass.agent.persistence.ConversationRow;
import dev.compass.agent.persistence.MixModels;
import dev.compass.agent.persistence.Registry;
import dev.compass.contracts.EventType;
import dev.compass.contracts.events.AgentMessage;
import dev.compass.contracts.events.AgentRegistration;
import dev.compass.contracts.events.AnswerEvent;
import dev.compass.contracts.events.GovernanceDecision;
import dev.compass.contracts.events.MixModelEvent;
import dev.compass.kit.events.CountedInFlight;
import dev.compass.kit.events.EventDecoder;
import dev.compass.kit.events.IncomingEvent;
import dev.compass.kit.events.PoisonMessageException;
import dev.compass.kit.events.ProcessedEvents;
import dev.compass.kit.events.RetryTransientFailures;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Every topic agent-service reads. Each consumer decodes with the contract (poison goes to its dead-letter topic),
 * applies an event once ({@link ProcessedEvents} in the effect's transaction) and acts only in the step the
 * conversation is in, so that redelivered or replayed events change nothing.
 *
 * <p>The dialogue and answer channels are processed concurrently ({@code ordered = false}): the messages of one
 * conversation are causally sequential (each answers the previous one) and every handler locks its conversation row,
 * so concurrency only overlaps different conversations; offsets are still committed in order (throttled strategy).
 * Registry, mix-model and decision events stay in order: their order matters or they lock budget lines.
 *
 * <p>The events being handled are counted ({@link CountedInFlight}): a stopping service lets them finish before its
 * database closes ({@link dev.compass.kit.events.StopConsumingFirst}).
 */
@ApplicationScoped
@RetryTransientFailures
@CountedInFlight
public class AgentConsumers {
    private static final Logger LOG = Logger.getLogger(AgentConsumers.class);

    @Inject
    ProcessedEvents processed;
    @Inject
    MixModels mixModels;
    @Inject
    Registry registry;
    @Inject
    AgentConfig config;
    @Inject
    CommercialAgent commercial;
    @Inject
    FinanceAgent finance;
    @Inject
    Conversations conversations;

    @Incoming("mix-models")
    @Blocking
    @Transactional
    public void mixModel(ConsumerRecord<String, byte[]> record) {
        IncomingEvent<MixModelEvent> e = EventDecoder.decode(record, EventType.MIX_MODEL, MixModelEvent.class);
        if (processed.firstDelivery("mix-models", e.id())) {
            mixModels.store(e.payload());
        }
    }

    @Incoming("agents")
    @Blocking
    @Transactional
    public void registration(ConsumerRecord<String, byte[]> record) {
        IncomingEvent<AgentRegistration> e = EventDecoder.decode(record, EventType.AGENT_REGISTRATION,
                AgentRegistration.class);
        if (!processed.firstDelivery("registry", e.id())) {
            return;
        }
        AgentRegistration r = e.payload();
        if (!registry.upsert(r)) {
            LOG.infof("registration of %s at %s (event %s) is older than the one held: ignored", r.agentId(),
                    r.occurredAt(), e.id());
            return;
        }
        boolean ours = r.agentId().equals(config.commercialId()) || r.agentId().equals(config.financeId());
        if (ours && !"ACTIVE".equals(r.status())) {
            String reason = registry.whyInactive(r.agentId()).orElse("agent " + r.agentId() + " is " + r.status());
            List<String> ids = ConversationRow.<ConversationRow>list("status in ?1",
                    List.of(Conversations.OPEN, Conversations.AWAITING_APPROVAL)).stream().map(c -> c.id).toList();
            for (String id : ids) {
                ConversationRow c = ConversationRow.lock(id);
                if (Conversations.OPEN.equals(c.status) || Conversations.AWAITING_APPROVAL.equals(c.status)) {
                    conversations.fail(c, r.agentId(), reason, e.id());
                }
            }
        }
    }

    @Incoming("answers")
    @io.smallrye.reactive.messaging.annotations.Blocking(ordered = false)
    @Transactional
    public void answer(ConsumerRecord<String, byte[]> record) {
        IncomingEvent<AnswerEvent> e = EventDecoder.decode(record, EventType.ANSWER, AnswerEvent.class);
        ConversationRow c = ConversationRow.lock(e.payload().conversationId());
        if (c == null || !processed.firstDelivery("commercial-agent.answers", e.id())) {
            return;
        }
        commercial.onAnswer(c, e.payload());
    }

    @Incoming("finance-dialogue")
    @io.smallrye.reactive.messaging.annotations.Blocking(ordered = false)
    @Transactional
    public void toFinance(ConsumerRecord<String, byte[]> record) {
        IncomingEvent<AgentMessage> e = EventDecoder.decode(record, EventType.AGENT_MESSAGE, AgentMessage.class);
        AgentMessage m = e.payload();
        if (!config.financeId().equals(m.to())) {
            return;
        }
        ConversationRow c = ConversationRow.lock(m.conversationId());
        if (c == null || !processed.firstDelivery("finance-agent", m.messageId())) {
            return;
        }
        switch (m.performative()) {
            case "REQUEST" -> finance.onRequest(c, m);
            case "ACCEPT" -> finance.onAccept(c, m);
            default -> LOG.debugf("finance agent notes %s %s", m.performative(), m.messageId());
        }
    }

    @Incoming("commercial-dialogue")
    @io.smallrye.reactive.messaging.annotations.Blocking(ordered = false)
    @Transactional
    public void toCommercial(ConsumerRecord<String, byte[]> record) {
        IncomingEvent<AgentMessage> e;
        try {
            e = EventDecoder.decode(record, EventType.AGENT_MESSAGE, AgentMessage.class);
        } catch (PoisonMessageException poison) {
            // both agents read the dialogue and share its dead-letter topic: the finance agent's consumer sets an
            // unreadable record aside, so that it is there once (and re-driven once), not twice
            LOG.debugf("commercial agent leaves unreadable dialogue record %s-%d@%d to the finance agent's consumer",
                    record.topic(), record.partition(), record.offset());
            return;
        }
        AgentMessage m = e.payload();
        if (!config.commercialId().equals(m.to())) {
            return;
        }
        ConversationRow c = ConversationRow.lock(m.conversationId());
        if (c == null || !processed.firstDelivery("commercial-agent", m.messageId())) {
            return;
        }
        switch (m.performative()) {
            case "PROPOSE", "COUNTER" -> commercial.onOffer(c, m);
            default -> LOG.debugf("commercial agent notes %s %s", m.performative(), m.messageId());
        }
    }

    @Incoming("decisions")
    @Blocking
    @Transactional
    public void decision(ConsumerRecord<String, byte[]> record) {
        IncomingEvent<GovernanceDecision> e = EventDecoder.decode(record, EventType.DECISION, GovernanceDecision.class);
        ConversationRow found = ConversationRow.find("proposalId", e.payload().proposalId()).firstResult();
        if (found == null) {
            return; // a proposal of another service
        }
        ConversationRow c = ConversationRow.lock(found.id);
        if (!processed.firstDelivery("finance-agent.decisions", e.payload().decisionId())) {
            return;
        }
        finance.onDecision(c, e.payload(), e.id());
    }
}
