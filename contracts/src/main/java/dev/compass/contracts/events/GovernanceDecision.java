package dev.compass.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** {@code governance.decisions.v1}, key proposalId: APPROVED, REJECTED or EXPIRED, by policy or by a person. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GovernanceDecision(String decisionId, String proposalId, String conversationId, String decision,
        String decidedBy, String policy, String reason, String correlationId, String causationId,
        Instant occurredAt) {}
