package dev.compass.retrieval.answer;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits text into sentences whose text is an exact substring of the input (whitespace trimmed). */
public final class SentenceSplitter {

    private SentenceSplitter() {
    }

    /** Sentences of {@code text} containing at least one letter, in order. */
    public static List<Sentence> split(String text) {
        List<Sentence> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        it.setText(text);
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            int s = start;
            int e = end;
            while (s < e && Character.isWhitespace(text.charAt(s))) {
                s++;
            }
            while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
                e--;
            }
            String sentence = text.substring(s, e);
            if (sentence.chars().anyMatch(Character::isLetter)) {
                out.add(new Sentence(sentence, s, e));
            }
        }
        return out;
    }
}
