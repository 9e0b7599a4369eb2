package dev.compass.documents.chunking;

import java.util.List;

/**
 * A piece of a document sized for the embedding model.
 *
 * @param ordinal     0-based position in document order
 * @param pageStart   first page/slide (1-based), or 0 when the format has no pages
 * @param pageEnd     last page/slide, or 0
 * @param headingPath headings enclosing the chunk (common to all its text), outermost first
 * @param text        the text
 * @param tokens      approximate word-piece count (see {@link TokenEstimator})
 */
public record Chunk(int ordinal, int pageStart, int pageEnd, List<String> headingPath, String text, int tokens) {
}
