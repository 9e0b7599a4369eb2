package dev.compass.ingestion.processing;

import java.util.List;
import java.util.Map;

/** A document arriving from an upload or a connector. */
public record ReceiveRequest(String site, String path, String title, String fileName, String declaredType,
        List<String> groups, Map<String, String> tags, byte[] bytes, String sourceId) {}
