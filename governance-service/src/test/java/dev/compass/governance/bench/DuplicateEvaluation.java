package dev.compass.governance.bench;

import dev.compass.governance.domain.DuplicateDetector;
import dev.compass.governance.domain.MiniLm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Measures duplicate detection on the labelled ideas (src/test/resources/usecases/labelled-ideas.tsv): ideas are
 * registered in file order; an idea is flagged when its best earlier match scores at or above the threshold. A flag is
 * right when the match belongs to the same group; every idea with an earlier idea of its group is a positive.
 * <pre>mvn -f governance-service/pom.xml test-compile exec:java -Dexec.mainClass=dev.compass.governance.bench.DuplicateEvaluation</pre>
 */
public final class DuplicateEvaluation {
    public record Labelled(String id, String group, String lang, String title, String problem) {}

    public record Result(String setup, double threshold, int positives, int truePositives, int falsePositives,
            double precision, double recall) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-32s threshold %.2f  positives %d  TP %d  FP %d  precision %.3f  recall %.3f",
                    setup, threshold, positives, truePositives, falsePositives, precision, recall);
        }
    }

    public static List<Labelled> load() throws Exception {
        List<Labelled> ideas = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                DuplicateEvaluation.class.getResourceAsStream("/usecases/labelled-ideas.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                ideas.add(new Labelled("idea-" + (ideas.size() + 1), f[0], f[1], f[2], f[3]));
            }
        }
        return ideas;
    }

    /** Best earlier match of every idea (null when there is no earlier idea). */
    public static List<DuplicateDetector.Match> bestMatches(List<Labelled> ideas, DuplicateDetector detector) {
        List<DuplicateDetector.Profile> seen = new ArrayList<>();
        List<DuplicateDetector.Match> best = new ArrayList<>();
        for (Labelled idea : ideas) {
            DuplicateDetector.Profile p = detector.profile(new DuplicateDetector.Idea(idea.id(), idea.title(),
                    idea.problem()));
            List<DuplicateDetector.Match> ranked = detector.rank(p, seen, -1);
            best.add(ranked.isEmpty() ? null : ranked.get(0));
            seen.add(p);
        }
        return best;
    }

    public static Result score(String setup, List<Labelled> ideas, List<DuplicateDetector.Match> best,
            double threshold) {
        Map<String, String> groupOf = new HashMap<>();
        ideas.forEach(i -> groupOf.put(i.id(), i.group()));
        int positives = 0;
        int tp = 0;
        int fp = 0;
        Map<String, Integer> groupsSoFar = new HashMap<>();
        for (int i = 0; i < ideas.size(); i++) {
            Labelled idea = ideas.get(i);
            boolean positive = !idea.group().startsWith("N") && groupsSoFar.containsKey(idea.group());
            groupsSoFar.merge(idea.group(), 1, Integer::sum);
            if (positive) {
                positives++;
            }
            DuplicateDetector.Match m = best.get(i);
            if (m != null && m.score() >= threshold) {
                if (groupOf.get(m.id()).equals(idea.group()) && positive) {
                    tp++;
                } else {
                    fp++;
                }
            }
        }
        double precision = tp + fp == 0 ? 1 : tp / (double) (tp + fp);
        return new Result(setup, threshold, positives, tp, fp, precision, positives == 0 ? 0 : tp / (double) positives);
    }

    public static void main(String[] args) throws Exception {
        List<Labelled> ideas = load();
        System.out.printf("%d labelled ideas%n", ideas.size());
        long t0 = System.nanoTime();
        Function<String, float[]> minilm = MiniLm::embed;
        Map<String, DuplicateDetector> setups = new java.util.LinkedHashMap<>();
        setups.put("trigrams+glossary", new DuplicateDetector(Map.of(), null, 0));
        setups.put("minilm+glossary", new DuplicateDetector(Map.of(), minilm, 1.0));
        setups.put("minilm+trigrams+glossary (0.6)", new DuplicateDetector(Map.of(), minilm, 0.6));
        setups.put("minilm+trigrams+glossary (0.8)", new DuplicateDetector(Map.of(), minilm, 0.8));
        for (Map.Entry<String, DuplicateDetector> s : setups.entrySet()) {
            List<DuplicateDetector.Match> best = bestMatches(ideas, s.getValue());
            for (double t = 0.30; t <= 0.90; t += 0.02) {
                System.out.println(score(s.getKey(), ideas, best, t));
            }
        }
        System.out.printf("%.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
