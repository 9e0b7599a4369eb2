package dev.compass.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** {@code governance.use-cases.v1}, key useCaseId: a use-case idea was created, moved or given a sandbox. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UseCaseEvent(String useCaseId, String change, String title, String status, String owner,
        String businessUnit, String category, String sourcing, String possibleDuplicateOf, String comment,
        String actor, String correlationId, String causationId, Instant occurredAt) {}
