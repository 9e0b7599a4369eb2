package dev.compass.retrieval.answer;

/**
 * A citation of a passage.
 *
 * @param number  the marker number used in the answer text ({@code [number]})
 * @param quote   exact substring of the cited chunk's text
 * @param quality quality score of the source document, 0..100
 */
public record Citation(int number, String documentId, String chunkId, String title, int page, String quote,
                       int quality) {
}
