package dev.compass.retrieval;

import java.util.HashMap;
import java.util.Map;

/** Fusion of two candidate lists keyed by Lucene doc id. */
public final class ScoreFusion {

    private ScoreFusion() {
    }

    /**
     * Min-max normalises each list to 0..1 and mixes them: {@code w * dense + (1 - w) * lexical}; a document
     * missing from a list contributes 0 for it.
     */
    public static Map<Integer, Double> minMaxConvex(Map<Integer, Float> lexical, Map<Integer, Float> dense,
                                                    double denseWeight) {
        Map<Integer, Double> out = new HashMap<>();
        addNormalised(out, lexical, 1 - denseWeight);
        addNormalised(out, dense, denseWeight);
        return out;
    }

    /**
     * Normalises each list ({@code normalisation}) and mixes them: {@code w * dense + (1 - w) * lexical}; a
     * document missing from a list gets that list's minimum (normalised) score for it. With min-max
     * normalisation this equals {@link #minMaxConvex}.
     */
    public static Map<Integer, Double> convex(Map<Integer, Float> lexical, Map<Integer, Float> dense,
                                              double denseWeight, RankingOptions.Normalisation normalisation) {
        if (normalisation == RankingOptions.Normalisation.MIN_MAX) {
            return minMaxConvex(lexical, dense, denseWeight);
        }
        if (normalisation == RankingOptions.Normalisation.RECIPROCAL_RANK) {
            Map<Integer, Double> out = new HashMap<>();
            addReciprocalRanks(out, lexical, 2 * (1 - denseWeight));
            addReciprocalRanks(out, dense, 2 * denseWeight);
            return out;
        }
        Map<Integer, Double> lex = zScores(lexical);
        Map<Integer, Double> den = zScores(dense);
        if (normalisation == RankingOptions.Normalisation.DISTRIBUTION) {
            lex.replaceAll((d, z) -> Math.max(0, Math.min(1, (z + 3) / 6)));
            den.replaceAll((d, z) -> Math.max(0, Math.min(1, (z + 3) / 6)));
        }
        double lexMin = lex.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double denMin = den.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        Map<Integer, Double> out = new HashMap<>();
        for (Integer doc : union(lexical, dense)) {
            out.put(doc, (1 - denseWeight) * lex.getOrDefault(doc, lexMin) + denseWeight * den.getOrDefault(doc, denMin));
        }
        return out;
    }

    /** {@code weight / (60 + rank)} by descending score (ties by doc id), rank from 1. */
    private static void addReciprocalRanks(Map<Integer, Double> out, Map<Integer, Float> scores, double weight) {
        java.util.List<Map.Entry<Integer, Float>> ranked = new java.util.ArrayList<>(scores.entrySet());
        ranked.sort(Map.Entry.<Integer, Float>comparingByValue().reversed().thenComparing(Map.Entry::getKey));
        int rank = 1;
        for (Map.Entry<Integer, Float> e : ranked) {
            out.merge(e.getKey(), weight / (60 + rank++), Double::sum);
        }
    }

    private static java.util.Set<Integer> union(Map<Integer, Float> a, Map<Integer, Float> b) {
        java.util.Set<Integer> out = new java.util.HashSet<>(a.keySet());
        out.addAll(b.keySet());
        return out;
    }

    private static Map<Integer, Double> zScores(Map<Integer, Float> scores) {
        Map<Integer, Double> out = new HashMap<>();
        if (scores.isEmpty()) {
            return out;
        }
        double mean = 0;
        for (float s : scores.values()) {
            mean += s;
        }
        mean /= scores.size();
        double var = 0;
        for (float s : scores.values()) {
            var += (s - mean) * (s - mean);
        }
        double sd = Math.sqrt(var / scores.size());
        for (Map.Entry<Integer, Float> e : scores.entrySet()) {
            out.put(e.getKey(), sd == 0 ? 0.0 : (e.getValue() - mean) / sd);
        }
        return out;
    }

    /** Reciprocal rank fusion, {@code sum 1 / (k + rank)}; lists must be given in rank order. */
    public static Map<Integer, Double> reciprocalRank(Iterable<Integer> first, Iterable<Integer> second, int k) {
        Map<Integer, Double> out = new HashMap<>();
        for (Iterable<Integer> list : java.util.List.of(first, second)) {
            int rank = 1;
            for (Integer doc : list) {
                out.merge(doc, 1.0 / (k + rank++), Double::sum);
            }
        }
        return out;
    }

    private static void addNormalised(Map<Integer, Double> out, Map<Integer, Float> scores, double weight) {
        if (scores.isEmpty() || weight == 0) {
            scores.keySet().forEach(d -> out.putIfAbsent(d, 0.0));
            return;
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float s : scores.values()) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        double range = max - min;
        for (Map.Entry<Integer, Float> e : scores.entrySet()) {
            double norm = range == 0 ? 1.0 : (e.getValue() - min) / range;
            out.merge(e.getKey(), weight * norm, Double::sum);
        }
    }
}
