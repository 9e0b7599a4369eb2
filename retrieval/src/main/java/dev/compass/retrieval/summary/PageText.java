package dev.compass.retrieval.summary;

/**
 * A chunk of a long document, given in reading order.
 *
 * @param page page number in the source
 */
public record PageText(String chunkId, int page, String text) {
}
