package dev.compass.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * {@code governance.agents.v1} (compacted), key agentId: the latest registry entry of an agent. status is
 * PENDING_REVIEW, ACTIVE, SUSPENDED or RETIRED; agents act only while ACTIVE. changedBy: the person who registered the
 * agent, named its owner or changed its status (absent from events published before it was recorded).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentRegistration(String agentId, String name, String owner, String purpose, List<String> tools,
        List<String> dataScopes, String riskTier, String model, String status, String reason, String correlationId,
        String causationId, Instant occurredAt, String changedBy) {}
