package dev.compass.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code insight.questions.v1}, key conversationId: an agent asks the insight service for evidence. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuestionEvent(String questionId, String conversationId, String askedBy, String question,
        Map<String, String> filters, List<String> groups, String correlationId, String causationId,
        Instant occurredAt) {}
