package dev.compass.retrieval.summary;

import java.util.List;

/**
 * An extractive executive summary.
 *
 * @param text     a few central sentences with page references, e.g. {@code "... (p. 12)"}; a sentence of a document
 *                 without page numbers (a text file) has none. Empty only when there is nothing to summarise.
 * @param findings 5-10 key findings in page order (fewer only if the document has fewer usable sentences)
 */
public record Summary(String text, List<Finding> findings) {

    /**
     * True when the document has no sentence to quote (no text, or only numbers, captions or scraps): then the text is
     * empty and there are no findings. A document with readable text always gets findings and a summary.
     */
    public boolean nothingToSummarise() {
        return findings.isEmpty();
    }
}
