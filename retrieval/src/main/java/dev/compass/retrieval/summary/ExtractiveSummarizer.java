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

/**
 * Summarises a long document without a generative model: sentences are weighted TF-IDF vectors; the most
 * central ones (similarity to the document centroid) are chosen with maximal marginal relevance so that
 * findings cover different topics. Deterministic (ties broken by position) and thread-safe. Runs in
 * milliseconds for a 300-page document.
 */
public final class ExtractiveSummarizer {

    private static final int MIN_WORDS = 6;
    private static final int MAX_WORDS = 60;
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
        int wanted = Math.min(units.size(), Math.max(5, Math.min(10, units.size() / 40)));
        List<Unit> chosen = mmr(units, wanted);
        List<Finding> findings = new ArrayList<>();
        for (Unit c : chosen) {
            findings.add(new Finding(c.sentence.text(), c.page, c.chunkId, supportingPages(c, units)));
        }
        findings.sort(Comparator.comparingInt(Finding::page));
        List<Unit> top = new ArrayList<>(chosen.subList(0, Math.min(summarySentences, chosen.size())));
        top.sort(Comparator.comparingInt(u -> u.position));
        StringBuilder text = new StringBuilder();
        for (Unit u : top) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(u.sentence.text()).append(" (p. ").append(u.page).append(')');
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

    private static List<Integer> supportingPages(Unit finding, List<Unit> units) {
        Set<Integer> pages = new LinkedHashSet<>();
        pages.add(finding.page);
        units.stream()
                .filter(u -> u != finding && u.page != finding.page)
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
     * is never a finding.
     */
    private static List<Unit> sentences(List<PageText> chunks) {
        List<Unit> units = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (PageText chunk : chunks) {
            for (Sentence s : SentenceSplitter.split(chunk.text())) {
                int words = s.text().split("\\s+").length;
                if (words < MIN_WORDS || words > MAX_WORDS || InstructionDetector.looksLikeInstruction(s.text())
                        || SentenceSplitter.isCaption(s.text()) || !seen.add(s.text())) {
                    continue;
                }
                List<String> terms = TextAnalysis.terms(s.text());
                if (terms.size() >= 3) {
                    units.add(new Unit(s, chunk.page(), chunk.chunkId(), units.size(), terms));
                }
            }
        }
        // positions only order the units, so the kept ones need no renumbering
        List<Unit> prose = new ArrayList<>(units);
        prose.removeIf(u -> !SentenceSplitter.endsAsSentence(u.sentence.text()));
        return prose.size() * 2 < units.size() ? units : prose;
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
