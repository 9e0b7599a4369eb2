package dev.compass.documents.parse;

import java.util.List;

/**
 * One block of text (paragraph, list item, table row, heading) in document order.
 *
 * @param text        the block's text, whitespace-normalised
 * @param page        1-based page or slide number, or 0 when the format has no pages
 * @param headingPath the enclosing headings, outermost first
 * @param heading     true when this block is itself a heading
 */
public record TextBlock(String text, int page, List<String> headingPath, boolean heading) {
}
