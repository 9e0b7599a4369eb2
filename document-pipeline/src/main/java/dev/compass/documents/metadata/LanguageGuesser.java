package dev.compass.documents.metadata;

import dev.compass.documents.text.CharClass;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A light language heuristic (Tika's detectors are not in the standard parser package): script for
 * CJK/Arabic/Cyrillic/Greek, else stop-word counts for en, de, fr, es, it, nl, pt, cs over the first
 * few thousand characters. Returns an ISO 639-1 code or {@code "und"}.
 */
public final class LanguageGuesser {
    private static final int SAMPLE = 6000;
    private static final Map<String, Set<String>> STOP = Map.of(
            "en", Set.of("the", "and", "of", "to", "is", "in", "that", "for", "with", "you", "are", "this", "be", "or", "not"),
            "de", Set.of("der", "die", "und", "das", "ist", "nicht", "mit", "sie", "ein", "eine", "zu", "den", "von", "auf", "für"),
            "fr", Set.of("le", "la", "les", "et", "des", "est", "une", "dans", "pour", "que", "du", "pas", "vous", "sur", "avec"),
            "es", Set.of("el", "los", "las", "que", "del", "por", "una", "con", "para", "es", "se", "su", "como", "más", "y"),
            "it", Set.of("il", "che", "di", "della", "per", "non", "una", "sono", "gli", "con", "del", "nel", "è", "le", "si"),
            "nl", Set.of("de", "het", "een", "en", "van", "niet", "dat", "zijn", "voor", "met", "op", "u", "is", "te", "worden"),
            "pt", Set.of("o", "os", "que", "não", "uma", "com", "para", "do", "da", "em", "se", "por", "mais", "você", "é"),
            "cs", Set.of("a", "je", "se", "na", "že", "to", "jsou", "pro", "nebo", "jako", "byl", "by", "také", "který", "ve"));

    private LanguageGuesser() {
    }

    /** Stop word to the languages it belongs to (a word can count for several). */
    private static final Map<String, String[]> WORD_LANGUAGES = new HashMap<>();
    /** No stop word is longer than this (longer words are skipped before they are looked up). */
    private static final int MAX_WORD = 8;

    static {
        Map<String, java.util.List<String>> m = new HashMap<>();
        for (Map.Entry<String, Set<String>> e : STOP.entrySet()) {
            for (String w : e.getValue()) m.computeIfAbsent(w, k -> new java.util.ArrayList<>()).add(e.getKey());
        }
        m.forEach((w, langs) -> WORD_LANGUAGES.put(w, langs.toArray(new String[0])));
    }

    public static String guess(String text) {
        String sample = text.length() > SAMPLE ? text.substring(0, SAMPLE) : text;
        int kana = 0, han = 0, hangul = 0, arabic = 0, cyrillic = 0, greek = 0, letters = 0;
        for (int i = 0; i < sample.length(); i++) {
            char c = sample.charAt(i);
            if (!CharClass.isLetter(c)) continue;
            letters++;
            if (c < '\u0370') continue; // Latin and combining marks: none of the scripts counted below
            Character.UnicodeScript s = Character.UnicodeScript.of(c);
            switch (s) {
                case HIRAGANA, KATAKANA -> kana++;
                case HAN -> han++;
                case HANGUL -> hangul++;
                case ARABIC -> arabic++;
                case CYRILLIC -> cyrillic++;
                case GREEK -> greek++;
                default -> { }
            }
        }
        if (letters == 0) return "und";
        if (kana > letters / 20) return "ja";
        if (hangul > letters / 5) return "ko";
        if (han > letters / 5) return "zh";
        if (arabic > letters / 5) return "ar";
        if (cyrillic > letters / 5) return "ru";
        if (greek > letters / 5) return "el";
        // the words of the lower-cased sample: maximal runs of letters (code points), as split("[^\\p{L}]+")
        Map<String, Integer> score = new HashMap<>();
        String lower = sample.toLowerCase(Locale.ROOT);
        int n = lower.length();
        int i = 0;
        while (i < n) {
            int cp = lower.codePointAt(i);
            if (!Character.isLetter(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            i += Character.charCount(cp);
            while (i < n) {
                cp = lower.codePointAt(i);
                if (!Character.isLetter(cp)) break;
                i += Character.charCount(cp);
            }
            if (i - start > MAX_WORD) continue;
            String[] langs = WORD_LANGUAGES.get(lower.substring(start, i));
            if (langs != null) for (String l : langs) score.merge(l, 1, Integer::sum);
        }
        return score.entrySet().stream().filter(e -> e.getValue() >= 3)
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).orElse("und");
    }
}
