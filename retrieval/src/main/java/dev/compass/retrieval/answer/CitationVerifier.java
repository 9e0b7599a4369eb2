package dev.compass.retrieval.answer;

import dev.compass.retrieval.SearchHit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an answer written by a model against the passages it was given (numbered from 1 in prompt order):
 * every sentence must cite at least one passage as {@code [n]}, every cited number must exist, and every
 * quoted span ("..." or “...”) must occur verbatim (whitespace-normalised) in a passage that sentence cites.
 * Stateless and thread-safe.
 */
public final class CitationVerifier {

    private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,4})]");
    private static final Pattern QUOTE = Pattern.compile("\"([^\"]{3,})\"|“([^”]{3,})”");

    /**
     * One checked sentence.
     *
     * @param citations passage numbers cited
     * @param problems  why the sentence is not supported (empty when it is)
     */
    public record CheckedSentence(String sentence, List<Integer> citations, List<String> quotes,
                                  List<String> problems) {
        /** True when the sentence has no problem. */
        public boolean supported() {
            return problems.isEmpty();
        }
    }

    /**
     * The outcome.
     *
     * @param valid     true when every sentence is supported
     * @param sentences every sentence with its checks
     * @param citations citations of the valid markers, one per passage number used, quoting the verified spans
     *                  (or the passage's first sentence when a sentence cites without quoting)
     */
    public record Verification(boolean valid, List<CheckedSentence> sentences, List<Citation> citations) {
        /** All problems, prefixed with the sentence number. */
        public List<String> problems() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < sentences.size(); i++) {
                for (String p : sentences.get(i).problems()) {
                    out.add("sentence " + (i + 1) + ": " + p);
                }
            }
            return out;
        }
    }

    /** Verifies {@code answer} against {@code passages} (passage {@code n} is {@code passages.get(n - 1)}). */
    public Verification verify(String answer, List<SearchHit> passages) {
        List<CheckedSentence> checked = new ArrayList<>();
        Set<Integer> used = new LinkedHashSet<>();
        java.util.Map<Integer, String> quoteOf = new java.util.HashMap<>();
        for (Sentence s : SentenceSplitter.split(answer == null ? "" : answer)) {
            List<Integer> numbers = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            Matcher m = MARKER.matcher(s.text());
            while (m.find()) {
                int n = Integer.parseInt(m.group(1));
                numbers.add(n);
                if (n < 1 || n > passages.size()) {
                    problems.add("citation [" + n + "] does not exist");
                }
            }
            if (numbers.isEmpty()) {
                problems.add("no citation");
            }
            List<String> quotes = new ArrayList<>();
            Matcher q = QUOTE.matcher(s.text());
            while (q.find()) {
                String quote = q.group(1) != null ? q.group(1) : q.group(2);
                quotes.add(quote);
                Integer source = findIn(quote, numbers, passages);
                if (source == null) {
                    problems.add("quote not found in the cited passage: \"" + quote + "\"");
                } else {
                    quoteOf.putIfAbsent(source, exactSpan(passages.get(source - 1).text(), quote));
                }
            }
            if (problems.isEmpty()) {
                used.addAll(numbers);
            }
            checked.add(new CheckedSentence(s.text(), List.copyOf(numbers), List.copyOf(quotes), List.copyOf(problems)));
        }
        List<Citation> citations = new ArrayList<>();
        for (int n : used) {
            SearchHit p = passages.get(n - 1);
            String quote = quoteOf.get(n);
            if (quote == null) {
                List<Sentence> first = SentenceSplitter.split(p.text());
                quote = first.isEmpty() ? p.text() : first.get(0).text();
            }
            citations.add(new Citation(n, p.documentId(), p.chunkId(), p.title(), p.page(), quote, p.quality()));
        }
        boolean valid = !checked.isEmpty() && checked.stream().allMatch(CheckedSentence::supported);
        return new Verification(valid, List.copyOf(checked), List.copyOf(citations));
    }

    private static Integer findIn(String quote, List<Integer> numbers, List<SearchHit> passages) {
        for (int n : numbers) {
            if (n >= 1 && n <= passages.size() && exactSpan(passages.get(n - 1).text(), quote) != null) {
                return n;
            }
        }
        return null;
    }

    /** The span of {@code text} equal to {@code quote} up to whitespace runs, or null. */
    static String exactSpan(String text, String quote) {
        String[] words = quote.trim().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            return null;
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                regex.append("\\s+");
            }
            regex.append(Pattern.quote(words[i]));
        }
        Matcher m = Pattern.compile(regex.toString()).matcher(text);
        return m.find() ? m.group() : null;
    }
}
