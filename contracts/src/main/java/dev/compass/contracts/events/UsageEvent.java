package dev.compass.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** {@code governance.usage.v1}, key user: a person used an AI capability (CONVERSATION_STARTED, ANSWER_ASKED). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageEvent(String usageId, String user, List<String> roles, String action, String service,
        String correlationId, Instant occurredAt) {}
