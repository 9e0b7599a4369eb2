package dev.compass.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.agent.domain.Json;
import dev.compass.agent.persistence.ConversationRow;
import dev.compass.contracts.events.AgentMessage;
import dev.compass.kit.security.Caller;
import dev.compass.kit.security.Roles;
import java.util.List;

/**
 * Who may read a conversation's evidence. The commercial agent asks for it with the groups of the person who started
 * the conversation, so its answer and citations quote documents shared with those groups. Another caller sees them
 * only when they are in all of those groups (they could read every document the answer may cite); ops and admins see
 * everything. Otherwise the evidence and the text of every message that quotes it are withheld, with a note saying so:
 * a message carrying the evidence, and a message a language model wrote after reading it through its evidence tool.
 */
final class EvidenceAccess {
    static final String WITHHELD = "withheld: it cites documents shared with groups you are not in";

    private EvidenceAccess() {
    }

    static boolean mayRead(ConversationRow c, Caller caller) {
        if (caller.hasRole(Roles.OPS) || caller.hasRole(Roles.ADMIN) || caller.subject().equals(c.startedBy)) {
            return true;
        }
        if (c.evidenceGroups == null) {
            return false;
        }
        List<?> needed = Json.read(c.evidenceGroups, List.class);
        return caller.groups().containsAll(needed);
    }

    /** The evidence without its answer and citations, or as it is when there is none. */
    static JsonNode withheld(JsonNode evidence) {
        if (evidence == null || !evidence.isObject() || !"received".equals(evidence.path("status").asText())) {
            return evidence;
        }
        return Json.object().put("status", "received").put("citationCount", evidence.path("citations").size())
                .put("note", WITHHELD);
    }

    /**
     * A message whose data carries evidence, without the evidence or the text that quotes it; a message a language
     * model wrote after reading the evidence, without its text; any other message as it is.
     */
    static JsonNode withheldMessage(JsonNode message) {
        JsonNode evidence = message.path("data").path("evidence");
        if (!"received".equals(evidence.path("status").asText())) {
            if (!AgentMessage.modelReadTheEvidence(message)) {
                return message;
            }
            ObjectNode copy = message.deepCopy();
            copy.put("text", "The text of this message was written by a language model that read the evidence, so it"
                    + " may quote it, and is " + WITHHELD + "; its figures are in data.");
            return copy;
        }
        ObjectNode copy = message.deepCopy();
        ((ObjectNode) copy.get("data")).set("evidence", withheld(evidence));
        copy.put("text", "The text of this message quotes the evidence and is " + WITHHELD + "; its figures are in"
                + " data.");
        return copy;
    }
}
