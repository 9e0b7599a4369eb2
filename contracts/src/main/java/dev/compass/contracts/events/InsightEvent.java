package dev.compass.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** {@code insight.insights.v1}, key subjectId: an executive synthesis of a document, findings cited by page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InsightEvent(String subjectId, String subjectType, String title, String summary,
        List<Finding> findings, String method, String modelVersion, String correlationId, String causationId,
        Instant occurredAt) {

    /** A key finding and the pages and chunks it comes from. */
    public record Finding(String text, List<Integer> pages, List<String> chunkIds) {}
}
