package dev.compass.retrieval.summary;

import java.util.List;

/**
 * A key finding: a sentence quoted from the document.
 *
 * @param text    the sentence, verbatim (in a text without sentence punctuation, a passage of at most 40 words)
 * @param page    page of the sentence; 0 when the document has no page numbers (a text file)
 * @param chunkId chunk holding the sentence
 * @param pages   page of the sentence first, then pages of closely related sentences (at most 5); only pages that
 *                exist, so empty for a document without page numbers
 */
public record Finding(String text, int page, String chunkId, List<Integer> pages) {
}
