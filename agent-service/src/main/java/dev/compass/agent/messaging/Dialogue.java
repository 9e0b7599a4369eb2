package dev.compass.agent.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.agent.domain.Json;
import dev.compass.agent.domain.Phrased;
import dev.compass.agent.llm.Phraser;
import dev.compass.agent.persistence.ConversationRow;
import dev.compass.agent.persistence.MessageRow;
import dev.compass.contracts.EventType;
import dev.compass.contracts.events.AgentMessage;
import dev.compass.kit.events.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends an agent's message: phrases it, records it in the conversation and writes it to the outbox for
 * {@code agent.dialogue.v1}, all in the caller's transaction. The other agent reads it from Kafka.
 */
@ApplicationScoped
public class Dialogue {
    @Inject
    EventPublisher events;
    @Inject
    Phraser phraser;

    public AgentMessage send(ConversationRow c, String from, String to, String performative, String taskState,
            String deterministicText, String facts, JsonNode data, List<String> tools, Map<String, String> versions,
            String causationId) {
        String messageId = UUID.randomUUID().toString();
        Phrased phrased = phraser.phrase(c, messageId, performative, from, to, deterministicText, facts, tools,
                versions);
        AgentMessage message = new AgentMessage(messageId, c.id, c.correlationId, causationId, from, to, performative,
                taskState, phrased.text(), data, phrased.provenance(), Instant.now());
        events.publish(EventType.AGENT_MESSAGE, c.id, c.id, message, c.correlationId, causationId);
        MessageRow row = new MessageRow();
        row.messageId = messageId;
        row.conversationId = c.id;
        row.fromAgent = from;
        row.toAgent = to;
        row.performative = performative;
        row.taskState = taskState;
        row.payload = Json.write(message);
        row.sentAt = message.sentAt();
        row.persist();
        c.updatedAt = Instant.now();
        return message;
    }
}
