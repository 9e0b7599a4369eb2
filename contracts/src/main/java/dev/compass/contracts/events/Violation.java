package dev.compass.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** {@code governance.violations.v1}: a protocol or policy violation, e.g. an inactive sender or an invented number. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(String violationId, String kind, String subjectId, String conversationId, String detail,
        String detectedBy, String correlationId, String causationId, Instant occurredAt) {}
