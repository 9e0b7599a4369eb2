package dev.compass.retrieval.summary;

import java.util.List;

/**
 * A key finding: a sentence quoted from the document.
 *
 * @param text    the sentence, verbatim
 * @param page    page of the sentence
 * @param chunkId chunk holding the sentence
 * @param pages   page of the sentence first, then pages of closely related sentences (at most 5)
 */
public record Finding(String text, int page, String chunkId, List<Integer> pages) {
}
