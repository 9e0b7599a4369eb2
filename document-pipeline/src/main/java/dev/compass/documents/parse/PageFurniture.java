package dev.compass.documents.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes page furniture from paged documents (PDF pages, slides): page numbers and running headers or footers.
 * Left in, they end up inside chunks ("Page 4 4 What cardiologists say ..."), in extractive answers and in syntheses,
 * and a chunk that starts with the previous page's footer is cited with the wrong page.
 * <p>
 * Only the first and last {@value #EDGE} blocks of a page are candidates, and only a pattern seen across the document
 * is removed, never a one-off line:
 * <ul>
 *   <li>a page number ("7", "Page 7", "- 7 -", "Seite 7 von 12", "7/12") when the printed numbers follow the page
 *       order, i.e. the printed number minus the page index is the same on at least half of the pages (front matter
 *       may shift the numbering);</li>
 *   <li>a running header or footer: a short line that recurs at a page edge on at least half of the pages (and on at
 *       least two), compared without case and with the page's own printed number masked ("Launch tracker | page 3").</li>
 * </ul>
 * Headings are never removed. Stateless.
 */
final class PageFurniture {
    /** Blocks at each end of a page that may be furniture. */
    static final int EDGE = 2;
    /** Longest line that can be a running header or footer. */
    static final int MAX_RUNNING_CHARS = 120;

    private static final Pattern PAGE_NUMBER = Pattern.compile(
            "(?:(?:page|p\\.|pg\\.?|seite|s\\.|p[aá]gina|pag\\.|blz\\.?|strona|sida)\\s*)?[-–—]?\\s*(\\d{1,4})\\s*[-–—]?"
                    + "(?:\\s*(?:of|/|von|de|sur|di|van|z|av)\\s*\\d{1,4})?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private PageFurniture() {
    }

    /** The blocks without page furniture, in the same order; the list itself when there is none. */
    static List<TextBlock> strip(List<TextBlock> blocks) {
        Map<Integer, List<Integer>> edges = edgeBlocks(blocks);
        int pages = edges.size();
        if (pages < 2) return blocks;
        int needed = Math.max(2, (pages + 1) / 2);
        Set<Integer> furniture = new HashSet<>();

        // page numbers: the printed number follows the page index with one dominant offset
        Map<Integer, Set<Integer>> pagesByOffset = new HashMap<>();
        Map<Integer, Integer> printed = new HashMap<>();
        edges.forEach((page, idx) -> {
            for (int i : idx) {
                Matcher m = PAGE_NUMBER.matcher(blocks.get(i).text().strip());
                if (m.matches()) {
                    int n = Integer.parseInt(m.group(1));
                    printed.put(i, n);
                    pagesByOffset.computeIfAbsent(n - page, k -> new HashSet<>()).add(page);
                }
            }
        });
        Integer offset = null;
        int best = 0;
        for (Map.Entry<Integer, Set<Integer>> e : pagesByOffset.entrySet()) {
            if (e.getValue().size() > best) {
                best = e.getValue().size();
                offset = e.getKey();
            }
        }
        if (best < needed) offset = null;
        if (offset != null) {
            for (Map.Entry<Integer, Integer> e : printed.entrySet()) {
                if (e.getValue() - blocks.get(e.getKey()).page() == offset) furniture.add(e.getKey());
            }
        }

        // running headers and footers: the same short line at a page edge on many pages
        int shift = offset == null ? 0 : offset;
        Map<String, Set<Integer>> pagesByLine = new HashMap<>();
        Map<Integer, String> keys = new HashMap<>();
        edges.forEach((page, idx) -> {
            for (int i : idx) {
                String text = blocks.get(i).text().strip();
                if (furniture.contains(i) || text.length() > MAX_RUNNING_CHARS) continue;
                String key = key(text, page + shift);
                keys.put(i, key);
                pagesByLine.computeIfAbsent(key, k -> new HashSet<>()).add(page);
            }
        });
        keys.forEach((i, key) -> {
            if (pagesByLine.get(key).size() >= needed) furniture.add(i);
        });
        if (furniture.isEmpty()) return blocks;
        List<TextBlock> out = new ArrayList<>(blocks.size() - furniture.size());
        for (int i = 0; i < blocks.size(); i++) {
            if (!furniture.contains(i)) out.add(blocks.get(i));
        }
        return out;
    }

    /** Per page (1-based, in document order), the indices of its first and last {@link #EDGE} non-heading blocks. */
    private static Map<Integer, List<Integer>> edgeBlocks(List<TextBlock> blocks) {
        Map<Integer, List<Integer>> byPage = new LinkedHashMap<>();
        for (int i = 0; i < blocks.size(); i++) {
            TextBlock b = blocks.get(i);
            if (b.page() > 0) byPage.computeIfAbsent(b.page(), k -> new ArrayList<>()).add(i);
        }
        Map<Integer, List<Integer>> edges = new LinkedHashMap<>();
        byPage.forEach((page, idx) -> {
            List<Integer> e = new ArrayList<>();
            for (int k = 0; k < idx.size(); k++) {
                if ((k < EDGE || k >= idx.size() - EDGE) && !blocks.get(idx.get(k)).heading()) e.add(idx.get(k));
            }
            edges.put(page, e);
        });
        return edges;
    }

    /**
     * Lower case, whitespace collapsed, the first stand-alone occurrence of the page's printed number masked (the first
     * only: on the last page of "page 6 of 6" the total must stay).
     */
    private static String key(String text, int printedNumber) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        return s.replaceFirst("(?<![\\d.,])" + printedNumber + "(?![\\d.,]\\d|\\d)", "#");
    }
}
