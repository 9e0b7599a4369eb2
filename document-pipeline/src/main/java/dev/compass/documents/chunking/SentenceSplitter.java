package dev.compass.documents.chunking;

import java.util.ArrayList;
import java.util.List;

/** Splits text into sentences at . ! ? (and CJK full stops) followed by space and a capital/digit/quote. */
final class SentenceSplitter {
    private SentenceSplitter() {
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
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
                String s = text.substring(start, i + 1).strip();
                if (!s.isEmpty()) out.add(s);
                start = i + 1;
            }
        }
        String s = text.substring(start).strip();
        if (!s.isEmpty()) out.add(s);
        return out;
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
