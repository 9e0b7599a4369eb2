package dev.compass.retrieval.answer;

import java.text.BreakIterator;
import java.text.StringCharacterIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits text into sentences whose text is an exact substring of the input (whitespace trimmed). A line break is a
 * boundary too: chunk texts join their blocks (paragraphs, headings, table rows, list items) with one, and a heading
 * such as "4 What cardiologists say" is not the start of the sentence below it.
 */
public final class SentenceSplitter {
    private static final Pattern STATEMENT_END = Pattern.compile(".*[.!?][\"'”’)\\]»]*$", Pattern.DOTALL);
    /**
     * A caption, a source line, a table base or a questionnaire item: a label, at most one numbering token, then a
     * colon, a full stop or a spaced dash ("Table 1: ...", "Fig. 3. ...", "Source: ...", "Base: all cardiologists",
     * "Q12 - ..."). "Note that ..." is prose: its second word is followed by neither.
     */
    private static final Pattern CAPTION = Pattern.compile(
            "^(?:(?:table|figure|exhibit|chart|graph|sources?|notes?|base|q\\d+)\\b|tab\\.|fig\\.)\\s*[\\w.-]*?(?:\\s*[:.]|\\s+[–—-])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** Words from which a line without a full stop still counts as a statement (a heading or table row rarely has). */
    static final int STATEMENT_WORDS = 8;

    private SentenceSplitter() {
    }

    /** Sentences of {@code text} containing at least one letter, in order. */
    public static List<Sentence> split(String text) {
        List<Sentence> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        for (int lineStart = 0; lineStart < text.length(); ) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            if (lineEnd > lineStart) {
                split(text, lineStart, lineEnd, it, out);
            }
            lineStart = lineEnd + 1;
        }
        return out;
    }

    private static void split(String text, int from, int to, BreakIterator it, List<Sentence> out) {
        it.setText(new StringCharacterIterator(text, from, to, from));
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
    }

    /**
     * True when a sentence states something: it ends with a full stop, a question or an exclamation mark, or it has at
     * least {@value #STATEMENT_WORDS} words, and it is not a caption ({@link #isCaption}). Headings and table rows do
     * not state anything either.
     */
    public static boolean isStatement(String sentence) {
        return !isCaption(sentence)
                && (endsAsSentence(sentence) || sentence.strip().split("\\s+").length >= STATEMENT_WORDS);
    }

    /** True for a table or figure caption, a source line, a table base or a questionnaire item. */
    public static boolean isCaption(String sentence) {
        return CAPTION.matcher(sentence.strip()).find();
    }

    /** True when the text ends with a full stop, a question or an exclamation mark (before any closing quote). */
    public static boolean endsAsSentence(String sentence) {
        return STATEMENT_END.matcher(sentence).matches();
    }
}
