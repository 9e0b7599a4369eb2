package dev.compass.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * {@code ingestion.crawl-work.v1}, key siteId: one site of one source to synchronise. Spread over partitions so that
 * the instances of ingestion-service share the sites through their consumer group.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CrawlWorkItem(String workId, String sourceId, String syncId, String kind, String siteId,
        boolean fullResync, String correlationId, String causationId, Instant occurredAt) {}
