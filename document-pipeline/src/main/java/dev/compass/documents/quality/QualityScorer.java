package dev.compass.documents.quality;

import dev.compass.documents.dedupe.DuplicateCandidate;
import dev.compass.documents.metadata.DocumentMetadata;
import dev.compass.documents.text.CharClass;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Scores a document 0..100 with itemised reasons. Thread-safe. */
public final class QualityScorer {
    private static final List<String> STUDY = List.of("study", "survey", "market research", "respondents",
            "fieldwork", "questionnaire", "studie", "étude");
    private static final List<String> METHOD = List.of("sample", "respondents", "methodology", "method", "stichprobe",
            "échantillon", "méthodologie", "befragte");
    private static final Pattern N_EQUALS = Pattern.compile("(?<![\\p{L}\\d])[nN]\\s*=\\s*\\d");
    private static final int SCAN = 300_000;

    private final QualityWeights weights;
    private final Clock clock;

    public QualityScorer(QualityWeights weights, Clock clock) {
        this.weights = weights;
        this.clock = clock;
    }

    public QualityScore score(DocumentMetadata md, String text, List<DuplicateCandidate> nearDuplicates,
                              List<String> warnings) {
        List<QualityReason> reasons = new ArrayList<>();
        LocalDate date = md.effectiveDate();
        if (date == null) {
            reasons.add(new QualityReason("NO_DATE", weights.noDate(), "no creation, modification or study date found"));
        } else {
            int years = Period.between(date, LocalDate.now(clock)).getYears();
            if (years >= weights.staleYears()) {
                reasons.add(new QualityReason("STALE", weights.stale(),
                        "dated " + date + ", " + years + " years old (stale from " + weights.staleYears() + ")"));
            }
        }
        if (md.authors().isEmpty()) {
            reasons.add(new QualityReason("NO_AUTHOR", weights.noAuthor(), "no author in the document properties"));
        }
        String sample = text.length() > SCAN ? text.substring(0, SCAN) : text;
        if (containsAnyLowerCased(sample, STUDY) && !containsAnyLowerCased(sample, METHOD)
                && !containsSampleSize(sample)) {
            reasons.add(new QualityReason("NO_METHOD", weights.noMethod(),
                    "reads like a study but states no method or sample size (n=, sample, respondents, methodology)"));
        }
        if (md.wordCount() < weights.minWords()) {
            reasons.add(new QualityReason("LITTLE_TEXT", weights.littleText(),
                    md.wordCount() + " words (under " + weights.minWords() + ")"));
        }
        if (!nearDuplicates.isEmpty()) {
            DuplicateCandidate best = nearDuplicates.get(0);
            reasons.add(new QualityReason("NEAR_DUPLICATE", weights.nearDuplicate(), String.format(Locale.ROOT,
                    "near duplicate of %s (%s %s), estimated Jaccard %.2f", best.documentId(), best.site(), best.path(),
                    best.estimatedJaccard())));
        }
        if (!warnings.isEmpty()) {
            reasons.add(new QualityReason("PARSE_WARNINGS", weights.parseWarnings(),
                    warnings.size() + " parse warning(s): " + warnings.get(0)));
        }
        int score = 100;
        for (QualityReason r : reasons) score -= r.points();
        return new QualityScore(Math.max(0, score), List.copyOf(reasons));
    }

    /**
     * {@code N_EQUALS.matcher(text).find()}, trying the pattern only where a match can start: at an n or N
     * followed (after optional spaces) by '=' (transparent bounds, so the look-behind sees the character before).
     */
    static boolean containsSampleSize(String text) {
        Matcher m = null;
        for (int i = 0, len = text.length(); i < len; i++) {
            char c = text.charAt(i);
            if (c != 'n' && c != 'N') continue;
            int j = i + 1;
            while (j < len && isRegexSpace(text.charAt(j))) j++;
            if (j >= len || text.charAt(j) != '=') continue;
            if (m == null) m = N_EQUALS.matcher(text).useTransparentBounds(true);
            if (m.region(i, len).lookingAt()) return true;
        }
        return false;
    }

    /** The regex class \\s without UNICODE_CHARACTER_CLASS: [ \\t\\n\\x0B\\f\\r]. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** Whether {@code text.toLowerCase(Locale.ROOT)} contains one of the (lower-case) words. */
    static boolean containsAnyLowerCased(String text, List<String> words) {
        return containsAnyLowerCased(text, words == STUDY ? STUDY_NEEDLES : words == METHOD ? METHOD_NEEDLES
                : new Needles(words));
    }

    private static boolean containsAnyLowerCased(String text, Needles needles) {
        int found = scanLowerCased(text, needles);
        if (found >= 0) return found == 1;
        String lower = text.toLowerCase(Locale.ROOT); // context-dependent lower case: take the exact route
        for (String w : needles.words) if (lower.contains(w)) return true;
        return false;
    }

    private static final Needles STUDY_NEEDLES = new Needles(STUDY);
    private static final Needles METHOD_NEEDLES = new Needles(METHOD);

    /** The words to search, by first letter. */
    private static final class Needles {
        final List<String> words;
        /** Indexed by a raw character below U+0100: the words starting with its lower case, or null. */
        final String[][] byRaw = new String[256][];
        /**
         * Indexed by two raw characters below U+0100, {@code c << 8 | next}: whether a word starts with their lower
         * cases (or is one letter long, starting with the first). A cheap test at every position before the words.
         */
        final boolean[] pairs = new boolean[65536];
        /** Whether a word starts with a character from U+0100. */
        final boolean anyWide;

        Needles(List<String> words) {
            this.words = List.copyOf(words);
            boolean wide = false;
            for (String w : words) wide |= w.charAt(0) >= 256;
            anyWide = wide;
            for (int c = 0; c < 256; c++) {
                List<String> l = new ArrayList<>();
                for (String w : words) if (w.charAt(0) == lower((char) c)) l.add(w);
                if (!l.isEmpty()) byRaw[c] = l.toArray(new String[0]);
                for (int d = 0; d < 256; d++) {
                    for (String w : l) pairs[c << 8 | d] |= w.length() == 1 || w.charAt(1) == lower((char) d);
                }
            }
        }
    }

    /**
     * The same search without lower-casing a copy of the text: compares {@link Character#toLowerCase(char)}
     * character by character, which is what {@code String.toLowerCase(Locale.ROOT)} does for every character
     * except capital sigma (context-dependent), capital I with dot (two characters) and surrogates. At the
     * first of those it gives up (-1) unless a match was found before; else 1 (found) or 0 (not found).
     * Below U+0100 there is none of those, and only the words starting with the character's lower case are tried.
     */
    private static int scanLowerCased(String text, Needles needles) {
        String[][] byRaw = needles.byRaw;
        List<String> words = needles.words;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 256) {
                if (i + 1 < n) {
                    char d = text.charAt(i + 1);
                    if (d < 256 && !needles.pairs[c << 8 | d]) continue; // no word starts with these two
                }
                String[] cands = byRaw[c];
                if (cands == null) continue;
                for (String w : cands) if (regionMatchesLowerCased(text, i, w)) return 1;
                continue;
            }
            if (special(c)) return -1;
            char lc = lower(c);
            if (lc >= 256 && !needles.anyWide) continue;
            for (int k = 0, m = words.size(); k < m; k++) {
                String w = words.get(k);
                if (w.charAt(0) == lc && regionMatchesLowerCased(text, i, w)) return 1;
            }
        }
        return 0;
    }

    private static boolean regionMatchesLowerCased(String text, int at, String w) {
        if (at + w.length() > text.length()) return false;
        for (int j = 1; j < w.length(); j++) {
            char c = text.charAt(at + j);
            if (special(c) || lower(c) != w.charAt(j)) return false;
        }
        return true;
    }

    private static boolean special(char c) {
        return c == '\u03A3' || c == '\u0130' || Character.isSurrogate(c);
    }

    private static char lower(char c) {
        if (c < 0x80) return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        return CharClass.toLowerCase(c);
    }
}
