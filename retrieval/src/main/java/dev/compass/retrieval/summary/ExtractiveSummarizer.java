package dev.compass.retrieval.summary;

import dev.compass.retrieval.TextAnalysis;
import dev.compass.retrieval.answer.InstructionDetector;
import dev.compass.retrieval.answer.Sentence;
import dev.compass.retrieval.answer.SentenceSplitter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Summarises a long document without a generative model: sentences are weighted TF-IDF vectors; the most
 * central ones (similarity to the document centroid) are chosen with maximal marginal relevance so that
 * findings cover different topics. Deterministic (ties broken by position) and thread-safe. Runs in
 * milliseconds for a 300-page document.
 *
 * <p>A plain-text upload reaches it as one long paragraph cut into chunks: no headings, no page numbers (page 0), and
 * wherever the text has no sentence punctuation (a list, notes, a transcript) a chunk is one "sentence" of 150 words or
 * more. Such a run is read as the list items it is made of ("- ...", "• ..."), and, only when the document has too few
 * sentences for {@value #MIN_FINDINGS} findings, as passages of at most {@value #PASSAGE_WORDS} words cut at clause
 * punctuation or word boundaries. A document whose text has nothing to quote (only numbers) gets an empty summary and
 * no findings: {@link Summary#nothingToSummarise()}.
 */
public final class ExtractiveSummarizer {

    private static final int MIN_WORDS = 6;
    private static final int MAX_WORDS = 60;
    /** Fewest findings wanted from a long document (5-10). */
    private static final int MIN_FINDINGS = 5;
    /** Longest passage cut from a run of text without sentence punctuation, in words. */
    private static final int PASSAGE_WORDS = 40;
    /** A passage is cut after a clause mark (, ; :) once it has this many words. */
    private static final int PASSAGE_MIN_WORDS = 12;
    /** A list marker: a bullet or a dash at the start of the text or after whitespace, followed by whitespace. */
    private static final Pattern MARKER = Pattern.compile("(?:^|(?<=\\s))([-*\u2022\u25AA\u25E6\u2023\u25CF\u25CB"
            + "\u25A0\u25A1\u2013\u2014\u00B7])\\s+");
    private static final Pattern WORD = Pattern.compile("\\S+");
    private final double lambda;
    private final int summarySentences;

    /** MMR trade-off 0.7 (centrality against diversity), 3 summary sentences. */
    public ExtractiveSummarizer() {
        this(0.7, 3);
    }

    public ExtractiveSummarizer(double lambda, int summarySentences) {
        this.lambda = lambda;
        this.summarySentences = summarySentences;
    }

    /** Summarises the chunks (in reading order) of one document. */
    public Summary summarize(List<PageText> chunks) {
        List<Unit> units = sentences(chunks);
        if (units.isEmpty()) {
            return new Summary("", List.of());
        }
        weigh(units);
        Map<String, Double> centroid = new HashMap<>();
        for (Unit u : units) {
            u.vector.forEach((t, w) -> centroid.merge(t, w, Double::sum));
        }
        normalise(centroid);
        for (Unit u : units) {
            u.centrality = cosine(u.vector, centroid);
        }
        int wanted = Math.min(units.size(), Math.max(MIN_FINDINGS, Math.min(10, units.size() / 40)));
        List<Unit> chosen = mmr(units, wanted);
        List<Unit> inPageOrder = new ArrayList<>(chosen);
        inPageOrder.sort(Comparator.<Unit>comparingInt(u -> u.page).thenComparingInt(u -> u.position));
        List<Finding> findings = new ArrayList<>();
        for (Unit c : inPageOrder) {
            findings.add(new Finding(c.sentence.text(), c.page, c.chunkId, supportingPages(c, units)));
        }
        List<Unit> top = new ArrayList<>(chosen.subList(0, Math.min(summarySentences, chosen.size())));
        top.sort(Comparator.comparingInt(u -> u.position));
        StringBuilder text = new StringBuilder();
        for (Unit u : top) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(u.sentence.text());
            if (!SentenceSplitter.endsAsSentence(u.sentence.text())) {
                text.append(" \u2026"); // a list item or a passage: where the quote stops, lest quotes run together
            }
            if (u.page > 0) { // page 0: the document has no page numbers (a text file), so there is none to cite
                text.append(" (p. ").append(u.page).append(')');
            }
        }
        return new Summary(text.toString(), List.copyOf(findings));
    }

    private List<Unit> mmr(List<Unit> units, int wanted) {
        List<Unit> chosen = new ArrayList<>();
        double[] maxSim = new double[units.size()];
        boolean[] taken = new boolean[units.size()];
        while (chosen.size() < wanted) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < units.size(); i++) {
                if (taken[i]) {
                    continue;
                }
                double s = lambda * units.get(i).centrality - (1 - lambda) * maxSim[i];
                if (s > bestScore + 1e-12) {
                    bestScore = s;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            taken[best] = true;
            Unit b = units.get(best);
            chosen.add(b);
            for (int i = 0; i < units.size(); i++) {
                if (!taken[i]) {
                    maxSim[i] = Math.max(maxSim[i], cosine(units.get(i).vector, b.vector));
                }
            }
        }
        return chosen;
    }

    /** The finding's page, then pages of closely related sentences; only real pages (a page 0 is none). */
    private static List<Integer> supportingPages(Unit finding, List<Unit> units) {
        Set<Integer> pages = new LinkedHashSet<>();
        if (finding.page > 0) {
            pages.add(finding.page);
        }
        units.stream()
                .filter(u -> u != finding && u.page > 0 && u.page != finding.page)
                .map(u -> Map.entry(u, cosine(u.vector, finding.vector)))
                .filter(e -> e.getValue() >= 0.5)
                .sorted(Map.Entry.<Unit, Double>comparingByValue().reversed()
                        .thenComparing(e -> e.getKey().position))
                .forEach(e -> {
                    if (pages.size() < 5) {
                        pages.add(e.getKey().page);
                    }
                });
        return List.copyOf(pages);
    }

    /**
     * The candidate sentences. When most of them end with a full stop (prose), only those are kept: a subtitle or a
     * caption of ten words ("Germany, France and Spain - waves March, June, September 2026") is not a finding. A deck
     * whose bullets have no full stops keeps them all. A labelled caption or source line ("Table 1: ...", "Source: ...")
     * is never a finding. A list run together into one "sentence" gives its items ({@link #items}); a run of more than
     * {@value #MAX_WORDS} words is cut into passages ({@link #passages}), used only when the document has fewer than
     * {@value #MIN_FINDINGS} sentences: in prose, the rare over-long sentence is not worth quoting in pieces.
     */
    private static List<Unit> sentences(List<PageText> chunks) {
        List<Unit> units = new ArrayList<>();
        List<Unit> passages = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        int position = 0; // document order over sentences and passages
        for (PageText chunk : chunks) {
            for (Sentence sentence : SentenceSplitter.split(chunk.text())) {
                for (Sentence s : items(sentence)) {
                    int words = s.text().split("\\s+").length;
                    if (words > MAX_WORDS) {
                        for (Sentence piece : passages(s)) {
                            Unit u = unit(piece, chunk, position, seen);
                            if (u != null) {
                                passages.add(u);
                                position++;
                            }
                        }
                        continue;
                    }
                    Unit u = words < MIN_WORDS ? null : unit(s, chunk, position, seen);
                    if (u != null) {
                        units.add(u);
                        position++;
                    }
                }
            }
        }
        // positions only order the units, so the kept ones need no renumbering
        List<Unit> prose = new ArrayList<>(units);
        prose.removeIf(u -> !SentenceSplitter.endsAsSentence(u.sentence.text()));
        List<Unit> kept = prose.size() * 2 < units.size() ? units : prose;
        if (kept.size() >= MIN_FINDINGS || passages.isEmpty()) {
            return kept;
        }
        List<Unit> all = new ArrayList<>(kept);
        all.addAll(passages);
        all.sort(Comparator.comparingInt(u -> u.position));
        return all;
    }

    /** A candidate of the chunk, or null for an instruction, a caption, a repeat or text with too few words. */
    private static Unit unit(Sentence s, PageText chunk, int position, Set<String> seen) {
        if (InstructionDetector.looksLikeInstruction(s.text()) || SentenceSplitter.isCaption(s.text())
                || !seen.add(s.text())) {
            return null;
        }
        List<String> terms = TextAnalysis.terms(s.text());
        return terms.size() >= 3 ? new Unit(s, chunk.page(), chunk.chunkId(), position, terms) : null;
    }

    /**
     * The items of a list that reached the summarizer as one sentence ("- a - b - c", "• a. • b."): a sentence that
     * starts with a list marker, or holds at least three of the same marker, is cut before each marker, and the marker
     * is left out. Anything else is left as it is. Items stay exact substrings of the chunk.
     */
    static List<Sentence> items(Sentence s) {
        String text = s.text();
        List<int[]> markers = new ArrayList<>(); // {marker start, item start}
        Map<String, Integer> counts = new HashMap<>();
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
            markers.add(new int[] {m.start(), m.end()});
            counts.merge(m.group(1), 1, Integer::sum);
        }
        boolean list = !markers.isEmpty() && (markers.get(0)[0] == 0
                || counts.values().stream().anyMatch(c -> c >= 3));
        if (!list) {
            return List.of(s);
        }
        List<Sentence> out = new ArrayList<>();
        if (markers.get(0)[0] > 0) {
            add(s, 0, markers.get(0)[0], out); // the text before the first marker (an introduction)
        }
        for (int i = 0; i < markers.size(); i++) {
            add(s, markers.get(i)[1], i + 1 < markers.size() ? markers.get(i + 1)[0] : text.length(), out);
        }
        return out;
    }

    /**
     * Passages of at most {@value #PASSAGE_WORDS} words of a run without sentence punctuation. A passage ends before a
     * word that likely starts a sentence (a capitalised word after a lower-case word that is not a preposition,
     * article or conjunction: "... competitor products Key opinion leaders ...") once it has {@value #MIN_WORDS}
     * words, after a clause mark (, ; :) once it has {@value #PASSAGE_MIN_WORDS}, and otherwise at
     * {@value #PASSAGE_WORDS}; a short rest joins the passage before it. A chunk cut in the middle of a sentence starts
     * and ends with scraps of it, which stay separate (and, too short, are not quoted). A trailing clause mark is left
     * out. Passages are exact substrings of the chunk.
     */
    static List<Sentence> passages(Sentence s) {
        String text = s.text();
        List<int[]> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words.add(new int[] {m.start(), m.end()});
        }
        List<int[]> cuts = new ArrayList<>(); // {first word, word after the last}
        int from = 0;
        boolean atStart = false; // the last cut was before a likely sentence start
        for (int i = 0; i < words.size(); i++) {
            // a chunk may begin with the tail of a sentence of the chunk before: it is cut off, however short
            if (i > from && (i - from >= MIN_WORDS || from == 0) && startsSentence(text, words.get(i - 1), words.get(i))) {
                cuts.add(new int[] {from, i});
                from = i;
                atStart = true;
            }
            int n = i - from + 1;
            char last = text.charAt(words.get(i)[1] - 1);
            boolean clause = last == ',' || last == ';' || last == ':';
            if (n >= PASSAGE_WORDS || (clause && n >= PASSAGE_MIN_WORDS)) {
                cuts.add(new int[] {from, i + 1});
                from = i + 1;
                atStart = false;
            }
        }
        if (from < words.size()) {
            // a short rest after a sentence start is the beginning of a sentence the next chunk holds: too short to
            // quote, it is left out (below); any other short rest belongs to the passage before it
            if (!cuts.isEmpty() && !atStart && words.size() - from < MIN_WORDS
                    && cuts.get(cuts.size() - 1)[1] - cuts.get(cuts.size() - 1)[0] + words.size() - from <= MAX_WORDS) {
                cuts.get(cuts.size() - 1)[1] = words.size();
            } else {
                cuts.add(new int[] {from, words.size()});
            }
        }
        List<Sentence> out = new ArrayList<>();
        for (int[] c : cuts) {
            int end = words.get(c[1] - 1)[1];
            while (end > 0 && ",;:".indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            add(s, words.get(c[0])[0], end, out);
        }
        return out;
    }

    private static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "of", "in", "on", "at", "to", "for",
            "with", "by", "from", "and", "or", "nor", "as", "than", "into", "onto", "about", "over", "under", "between",
            "vs", "versus", "via", "per", "like", "near", "across", "among", "including", "against", "within", "without",
            "during", "before", "after", "through", "towards", "toward", "dr", "mr", "mrs", "ms", "st");

    /** True when {@code word} likely starts a sentence in text without full stops (see {@link #passages}). */
    private static boolean startsSentence(String text, int[] previous, int[] word) {
        char first = text.charAt(word[0]);
        char end = text.charAt(previous[1] - 1);
        if (!Character.isUpperCase(first) || !Character.isLowerCase(end)) {
            return false;
        }
        boolean hasLower = false;
        for (int k = word[0] + 1; k < word[1] && !hasLower; k++) {
            hasLower = Character.isLowerCase(text.charAt(k));
        }
        String before = text.substring(previous[0], previous[1]).toLowerCase(java.util.Locale.ROOT);
        return hasLower && !FUNCTION_WORDS.contains(before); // "ESC", "SGLT2": acronyms; "in Germany": a name
    }

    /** Adds {@code s.text()[from, to)}, trimmed, as a sentence of the chunk, if it has a letter. */
    private static void add(Sentence s, int from, int to, List<Sentence> out) {
        String text = s.text();
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        String piece = text.substring(from, to);
        if (piece.chars().anyMatch(Character::isLetter)) {
            out.add(new Sentence(piece, s.start() + from, s.start() + to));
        }
    }

    private static void weigh(List<Unit> units) {
        Map<String, Integer> df = new HashMap<>();
        for (Unit u : units) {
            new LinkedHashSet<>(u.terms).forEach(t -> df.merge(t, 1, Integer::sum));
        }
        int n = units.size();
        for (Unit u : units) {
            Map<String, Double> tf = new HashMap<>();
            u.terms.forEach(t -> tf.merge(t, 1.0, Double::sum));
            tf.replaceAll((t, f) -> (1 + Math.log(f)) * Math.log(1.0 + (double) n / df.get(t)));
            normalise(tf);
            u.vector = tf;
        }
    }

    private static void normalise(Map<String, Double> v) {
        double norm = Math.sqrt(v.values().stream().mapToDouble(x -> x * x).sum());
        if (norm > 0) {
            v.replaceAll((t, x) -> x / norm);
        }
    }

    private static double cosine(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> small = a.size() <= b.size() ? a : b;
        Map<String, Double> large = small == a ? b : a;
        double s = 0;
        for (Map.Entry<String, Double> e : small.entrySet()) {
            Double o = large.get(e.getKey());
            if (o != null) {
                s += e.getValue() * o;
            }
        }
        return s;
    }

    private static final class Unit {
        final Sentence sentence;
        final int page;
        final String chunkId;
        final int position;
        final List<String> terms;
        Map<String, Double> vector;
        double centrality;

        Unit(Sentence sentence, int page, String chunkId, int position, List<String> terms) {
            this.sentence = sentence;
            this.page = page;
            this.chunkId = chunkId;
            this.position = position;
            this.terms = terms;
        }
    }
}
