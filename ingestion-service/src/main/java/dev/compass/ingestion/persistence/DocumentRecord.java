package dev.compass.ingestion.persistence;

import dev.compass.contracts.events.DocumentMetadata;
import dev.compass.contracts.events.Quality;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One document row: where it came from, where it stands, and what the pipeline found. */
public record DocumentRecord(String id, String site, String path, String title, String fileName, String declaredType,
        String mediaType, List<String> groups, Map<String, String> tags, String contentHash, long sizeBytes,
        String status, String reason, String detail, String duplicateOf, DocumentMetadata metadata, Quality quality,
        Integer chunkCount, String sourceId, int attempts, String correlationId, Instant createdAt,
        Instant updatedAt) {}
