package dev.compass.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code agent.dialogue.v1}, key conversationId: every agent-to-agent message, one schema for every agent.
 * performative: REQUEST, PROPOSE, COUNTER, ACCEPT, REJECT, INFORM, FAILURE. taskState as in the A2A protocol:
 * submitted, working, input-required, completed, failed, rejected.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentMessage(String messageId, String conversationId, String correlationId, String causationId,
        String from, String to, String performative, String taskState, String text, JsonNode data,
        Provenance provenance, Instant sentAt) {

    /** Where a message comes from: the model (or "deterministic"), the tools called and the data versions used. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Provenance(String model, String modelVersion, List<String> toolsCalled,
            Map<String, String> dataVersions) {}
}
