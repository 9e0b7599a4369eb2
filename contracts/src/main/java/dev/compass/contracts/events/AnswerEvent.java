package dev.compass.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** {@code insight.answers.v1}, key conversationId: a grounded answer with citations; causationId is the question. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnswerEvent(String answerId, String questionId, String conversationId, String answer,
        List<Citation> citations, double confidence, boolean grounded, String mode, String correlationId,
        String causationId, Instant occurredAt) {}
