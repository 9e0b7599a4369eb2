package dev.compass.retrieval.summary;

import java.util.List;

/**
 * An extractive executive summary.
 *
 * @param text     a few central sentences with page references, e.g. {@code "... (p. 12)"}
 * @param findings 5-10 key findings in page order (fewer only if the document has fewer usable sentences)
 */
public record Summary(String text, List<Finding> findings) {
}
