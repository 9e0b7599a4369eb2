package dev.compass.retrieval;

/**
 * One retrieved chunk.
 *
 * @param score   ranking score (comparable within one result list only)
 * @param quality quality score of the source document, 0..100
 */
public record SearchHit(String documentId, String chunkId, String title, int page, String text, double score,
                        int quality) {
}
