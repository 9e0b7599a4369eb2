package dev.compass.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * {@code ingestion.documents.v1}, key documentId: a document's lifecycle. Status is one of RECEIVED, PUBLISHED,
 * DUPLICATE (see duplicateOf), QUARANTINED (see reason: ENCRYPTED, CORRUPT, UNSUPPORTED_TYPE, EMPTY, TOO_LARGE,
 * TIMEOUT) and DELETED.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentEvent(String documentId, String status, String reason, String detail, String duplicateOf,
        String site, String path, String title, String mediaType, String contentHash, Long sizeBytes,
        List<String> groups, DocumentMetadata metadata, Quality quality, String correlationId, String causationId,
        Instant occurredAt) {}
