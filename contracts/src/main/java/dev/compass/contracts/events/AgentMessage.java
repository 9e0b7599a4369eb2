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

    /** {@code provenance.model} of a text the agents' code wrote, with no language model. */
    public static final String DETERMINISTIC = "deterministic";
    /** The entry of {@code provenance.toolsCalled} of a model that read the conversation's evidence. */
    public static final String EVIDENCE_TOOL = "llm:evidence";

    /**
     * Whether a message's text (as JSON, e.g. read back from a store or the audit trail) was written by a language
     * model that read the conversation's evidence through its tool, and so may quote it whatever the message carries.
     */
    public static boolean modelReadTheEvidence(JsonNode message) {
        JsonNode provenance = message.path("provenance");
        if (!provenance.path("model").isTextual() || DETERMINISTIC.equals(provenance.path("model").asText())) {
            return false;
        }
        for (JsonNode tool : provenance.path("toolsCalled")) {
            if (EVIDENCE_TOOL.equals(tool.asText())) {
                return true;
            }
        }
        return false;
    }
}
