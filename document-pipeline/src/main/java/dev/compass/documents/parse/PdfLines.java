package dev.compass.documents.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rejoins the lines of a PDF into sentences. Tika hands most PDFs over one line per paragraph element (text from a
 * word processor, with a hard break at every line end), so without this a sentence that wraps is cut in two blocks:
 * chunks and their overlaps then start in the middle of a sentence ("percent in Germany say ...") and the sentences
 * that answers and syntheses quote are fragments.
 * <p>
 * A line is joined to the one before it on the same page when that one does not end a sentence (., !, ?, : or ;,
 * optionally followed by a closing quote or bracket) and either
 * <ul>
 *   <li>the line starts in lower case, or</li>
 *   <li>the one before ends with a comma, an opening bracket, a slash, an ampersand or a hyphen, or</li>
 *   <li>the one before is a full line that ends in a letter, i.e. it wrapped: at least {@value #MIN_WORDS} words and
 *       {@value #FULL_LINE} of the length of the page's longest line (lines are bounded by the text width, so the
 *       longest is a full one on any page with prose).</li>
 * </ul>
 * So short lines that end without punctuation (numbered section titles, table rows) stay blocks of their own, and so
 * do lines that start a list item. A line that ends with a hyphen is joined without a space and keeps the hyphen:
 * most documents here come from word processors, which break lines after the hyphen of a compound ("pull-down",
 * "Stress-Engineered") rather than inside a word. Lines are not joined across pages, so every block keeps its one
 * page for citations. Stateless.
 */
final class PdfLines {
    /** Share of the page's longest line from which a line counts as full (wrapped, not ended). */
    static final double FULL_LINE = 0.7;
    /** Fewest words of a full line (a table row rarely has as many). */
    static final int MIN_WORDS = 5;

    private static final Pattern SENTENCE_END = Pattern.compile(".*[.!?:;][\"'”’)\\]»]*$");
    private static final Pattern LIST_ITEM = Pattern.compile("^(?:[•·▪‣◦*–—-]|\\(?(?:\\d{1,2}|[a-zA-Z]|[ivx]{1,4})[.)])\\s.*");

    private PdfLines() {
    }

    /** The blocks with wrapped lines joined, in the same order; headings are left as they are. */
    static List<TextBlock> join(List<TextBlock> blocks) {
        Map<Integer, Integer> longest = longestLine(blocks);
        List<TextBlock> out = new ArrayList<>(blocks.size());
        StringBuilder text = new StringBuilder();
        TextBlock first = null; // the block the joined text started with
        boolean joined = false;
        String lastLine = null;
        for (TextBlock b : blocks) {
            if (first != null && !first.heading() && !b.heading() && b.page() == first.page()
                    && continues(lastLine, b.text(), longest.getOrDefault(b.page(), 0))) {
                append(text, b.text());
                joined = true;
            } else {
                if (first != null) out.add(joined ? withText(first, text) : first);
                first = b;
                joined = false;
                text.setLength(0);
                text.append(b.text());
            }
            lastLine = b.text();
        }
        if (first != null) out.add(joined ? withText(first, text) : first);
        return out.size() == blocks.size() ? blocks : out;
    }

    /** True when {@code next} continues the sentence that {@code previous} (the line before it) leaves open. */
    static boolean continues(String previous, String next, int longestLine) {
        if (previous.isEmpty() || next.isEmpty() || SENTENCE_END.matcher(previous).matches()
                || LIST_ITEM.matcher(next).matches()) {
            return false;
        }
        int firstLetter = next.codePointAt(0);
        if (Character.isLowerCase(firstLetter)) return true;
        char last = previous.charAt(previous.length() - 1);
        if (",(/&-–".indexOf(last) >= 0) return true;
        return Character.isLetter(last) && previous.length() >= FULL_LINE * longestLine
                && previous.split(" ").length >= MIN_WORDS;
    }

    private static void append(StringBuilder text, String next) {
        int n = text.length();
        boolean hyphen = n >= 2 && text.charAt(n - 1) == '-' && Character.isLetter(text.charAt(n - 2));
        if (!hyphen) text.append(' ');
        text.append(next);
    }

    private static TextBlock withText(TextBlock block, StringBuilder text) {
        return new TextBlock(text.toString(), block.page(), block.headingPath(), block.heading());
    }

    /** Per page, the length of its longest line. */
    private static Map<Integer, Integer> longestLine(List<TextBlock> blocks) {
        Map<Integer, Integer> out = new HashMap<>();
        for (TextBlock b : blocks) {
            if (!b.heading()) out.merge(b.page(), b.text().length(), Math::max);
        }
        return out;
    }
}
