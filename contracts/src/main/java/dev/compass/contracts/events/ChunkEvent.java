package dev.compass.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * {@code ingestion.chunks.v1}, key documentId: one text chunk, published in document order (ordinal 0..totalChunks-1),
 * with its pages, heading path, the access groups of its document and the facets needed for search filters.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChunkEvent(String documentId, String chunkId, int ordinal, int totalChunks, String title, String site,
        Integer pageStart, Integer pageEnd, List<String> headingPath, String text, int tokenCount,
        List<String> groups, int qualityScore, DocumentMetadata metadata, String correlationId, String causationId,
        Instant occurredAt) {}
