package dev.compass.documents.parse;

import java.util.List;
import java.util.Map;

/**
 * Result of a successful parse.
 *
 * @param mediaType detected media type
 * @param blocks    text blocks in document order
 * @param metadata  Tika metadata, name to values
 * @param pageCount number of pages/slides seen (0 when the format has none)
 * @param charCount characters of text extracted
 * @param warnings  non-fatal problems
 */
public record ParsedDocument(String mediaType, List<TextBlock> blocks, Map<String, List<String>> metadata,
                             int pageCount, long charCount, List<String> warnings) {

    /** All block texts joined by blank lines. */
    public String text() {
        StringBuilder sb = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, charCount + blocks.size() * 2L));
        for (TextBlock b : blocks) {
            if (sb.length() > 0) sb.append("\n\n");
            sb.append(b.text());
        }
        return sb.toString();
    }

    /** First value of a metadata key, or null. */
    public String first(String key) {
        List<String> v = metadata.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
