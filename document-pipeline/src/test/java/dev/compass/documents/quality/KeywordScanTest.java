package dev.compass.documents.quality;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The keyword scan without a lower-cased copy answers as {@code text.toLowerCase(Locale.ROOT).contains(word)}. */
class KeywordScanTest {
    private static final String[] PIECES = {"study", "STUDY", "Stu", "dy", "survey", "market research", "Market Research",
            "respondents", "fieldwork", "questionnaire", "studie", "étude", "ÉTUDE", "sample", "Sample", "methodology",
            "method", "Stichprobe", "échantillon", "MÉTHODOLOGIE", "befragte", "s", "m", "e", "é", "É", "x", " ", "\n",
            "Σ", "σ", "İ", "i", "\uD83D\uDE00", "\u212A", "K", "ﬀ", "ß", "n=", "N = 5", "sam", "ple", "meth", "od", "q"};

    @Test
    void sameAnswersAsLowerCasedContains() {
        Random r = new Random(1);
        List<List<String>> lists = List.of(List.of("study", "survey", "market research", "respondents", "fieldwork",
                "questionnaire", "studie", "étude"), List.of("sample", "respondents", "methodology", "method", "stichprobe",
                "échantillon", "méthodologie", "befragte"), List.of("a", "é", "xy"));
        for (int t = 0; t < 30_000; t++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0, n = r.nextInt(8); k < n; k++) sb.append(PIECES[r.nextInt(PIECES.length)]);
            String text = sb.toString();
            for (List<String> words : lists) {
                String lower = text.toLowerCase(Locale.ROOT);
                boolean expected = words.stream().anyMatch(lower::contains);
                assertEquals(expected, QualityScorer.containsAnyLowerCased(text, words), () -> text + " " + words);
            }
        }
    }
}
