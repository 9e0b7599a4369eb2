package dev.compass.documents.chunking;

import java.util.Arrays;

/**
 * Splits text into sentences at . ! ? ; (and CJK full stops) followed by space and a capital/digit/quote. Sentences
 * are reported as ranges of the text (no copies), stripped of surrounding whitespace as {@link String#strip()} does,
 * empty ones left out.
 */
final class SentenceSplitter {
    private SentenceSplitter() {
    }

    /** Sentence ranges: sentence {@code i} is {@code text[from(i), to(i))}. Reused across calls by one thread. */
    static final class Ranges {
        private int[] bounds = new int[64];
        private int size;

        int size() { return size; }

        int from(int i) { return bounds[2 * i]; }

        int to(int i) { return bounds[2 * i + 1]; }

        private void addStripped(String text, int from, int to) {
            // String.strip(): whitespace is BMP only, so testing each char equals testing each code point
            while (from < to && Character.isWhitespace(text.charAt(from))) from++;
            while (to > from && Character.isWhitespace(text.charAt(to - 1))) to--;
            if (from == to) return;
            if (2 * size + 2 > bounds.length) bounds = Arrays.copyOf(bounds, bounds.length * 2);
            bounds[2 * size] = from;
            bounds[2 * size + 1] = to;
            size++;
        }
    }

    /** Splits {@code text} into {@code out} (cleared first). */
    static void split(String text, Ranges out) {
        out.size = 0;
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c > '?' && c < '\u3002') continue; // none of . ! ? ; and the CJK stops (letters mostly)
            boolean end;
            if (c == '\u3002' || c == '\uFF01' || c == '\uFF1F') {
                end = true;
            } else if ((c == '.' || c == '!' || c == '?' || c == ';') && i + 2 < n && text.charAt(i + 1) == ' ') {
                char next = text.charAt(i + 2);
                end = Character.isUpperCase(next) || Character.isDigit(next) || next == '"' || next == '(' || next == '\u2022'
                        || (c != '.' && Character.isLetter(next));
                if (end && c == '.' && isAbbreviation(text, i)) end = false;
            } else {
                end = false;
            }
            if (end) {
                out.addStripped(text, start, i + 1);
                start = i + 1;
            }
        }
        out.addStripped(text, start, n);
    }

    /** "e.g.", "Dr.", single initials: not sentence ends. */
    private static boolean isAbbreviation(String text, int dot) {
        int j = dot - 1;
        while (j >= 0 && Character.isLetter(text.charAt(j))) j--;
        int len = dot - 1 - j;
        if (len == 1) return true;
        String w = text.substring(j + 1, dot).toLowerCase(java.util.Locale.ROOT);
        return switch (w) {
            case "dr", "mr", "mrs", "ms", "prof", "fig", "vs", "etc", "approx", "no", "vol", "eg", "ie", "al", "st" -> true;
            default -> false;
        };
    }
}
