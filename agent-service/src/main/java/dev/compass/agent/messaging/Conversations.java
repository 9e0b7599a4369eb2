package dev.compass.agent.messaging;

import dev.compass.agent.config.AgentConfig;
import dev.compass.agent.domain.Json;
import dev.compass.agent.persistence.ConversationRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Statuses and steps of a conversation, and how one fails. */
@ApplicationScoped
public class Conversations {
    public static final String OPEN = "OPEN";
    public static final String AWAITING_APPROVAL = "AWAITING_APPROVAL";
    public static final String COMPLETED = "COMPLETED";
    public static final String REJECTED = "REJECTED";
    /** Governance took no decision before the proposal's deadline. */
    public static final String EXPIRED = "EXPIRED";
    public static final String FAILED = "FAILED";
    public static final List<String> STATUSES = List.of(OPEN, AWAITING_APPROVAL, COMPLETED, REJECTED, EXPIRED, FAILED);

    /** Steps: who is expected to act next. */
    public static final String AWAITING_EVIDENCE = "AWAITING_EVIDENCE";
    public static final String REQUESTED = "REQUESTED";
    public static final String OFFERED = "OFFERED";
    public static final String ACCEPTED = "ACCEPTED";
    public static final String AWAITING_DECISION = "AWAITING_DECISION";
    public static final String DONE = "DONE";

    @Inject
    Dialogue dialogue;
    @Inject
    AgentConfig config;

    /** The agent cannot go on: a FAILURE message with the reason, and the conversation fails. */
    public void fail(ConversationRow c, String agentId, String reason, String causationId) {
        String other = agentId.equals(config.commercialId()) ? config.financeId() : config.commercialId();
        var data = Json.object().put("reason", reason);
        dialogue.send(c, agentId, other, "FAILURE", "failed", "The conversation failed: " + reason + ".",
                "reason " + reason, data, List.of("registry"), Map.of(), causationId);
        close(c, FAILED, reason);
    }

    public void close(ConversationRow c, String status, String reason) {
        c.status = status;
        c.step = DONE;
        c.reason = reason;
        c.updatedAt = Instant.now();
    }
}
