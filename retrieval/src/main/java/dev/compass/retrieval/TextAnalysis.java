package dev.compass.retrieval;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** English analysis (stop words, possessives, Porter stemming) shared by indexing, queries and sentence scoring. */
public final class TextAnalysis {

    private static final Analyzer ANALYZER = new EnglishAnalyzer();

    private TextAnalysis() {
    }

    /** The analyzer used for the text and title fields. Thread-safe. */
    public static Analyzer analyzer() {
        return ANALYZER;
    }

    /** Analysed terms of {@code text}, in order, with repetitions. */
    public static List<String> terms(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        try (TokenStream ts = ANALYZER.tokenStream("text", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
