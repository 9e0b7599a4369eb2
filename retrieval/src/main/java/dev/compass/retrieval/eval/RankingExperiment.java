package dev.compass.retrieval.eval;

import dev.compass.retrieval.ChunkIndex;
import dev.compass.retrieval.IndexedChunk;
import dev.compass.retrieval.RankingOptions;
import dev.compass.retrieval.RankingOptions.Normalisation;
import dev.compass.retrieval.SearchMode;
import dev.compass.retrieval.embedding.Embedder;
import dev.compass.retrieval.embedding.Embedders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Ranking experiment on BEIR SciFact training claims: a joint grid of hybrid ranking options (fusion
 * normalisation, exact scoring of the candidate union, dense weight, BM25 k1/b, RM3-style lexical feedback) is
 * evaluated on the tuning split (odd claim ids) only; 5-fold cross-validation inside the tuning split estimates
 * how well "pick the best grid point" generalises; the configuration chosen on the whole tuning split is then
 * reported once on the held-out split (even ids) and on all claims, next to the previous default.
 *
 * <p>Usage: {@code RankingExperiment [datasetDir]}; vectors come from the cache of {@link SciFactEvaluation}.
 */
public final class RankingExperiment {

    private static final int FOLDS = 5;

    private RankingExperiment() {
    }

    /** Runs the grid, the cross-validation and the held-out report. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/work/shared/datasets/beir-scifact");
        Embedder embedder = Embedders.fromSystemProperties();
        Path cache = SciFactEvaluation.targetDir().resolve("scifact-cache");
        Files.createDirectories(cache);
        Map<String, String[]> corpus = SciFactEvaluation.readCorpus(dir.resolve("corpus.jsonl"));
        Map<String, String> queries = SciFactEvaluation.readQueries(dir.resolve("queries_train.jsonl"));
        Map<String, Set<String>> qrels = SciFactEvaluation.readQrels(dir.resolve("qrels/train.tsv"));
        List<String> docIds = new ArrayList<>(corpus.keySet());
        List<String> docTexts = docIds.stream().map(id -> {
            String[] d = corpus.get(id);
            return d[0].isBlank() ? d[1] : d[0] + "\n" + d[1];
        }).toList();
        List<float[]> docVectors = VectorCache.load(cache.resolve("docs-" + embedder.name() + ".bin"), docTexts, embedder);
        List<String> queryIds = new ArrayList<>(qrels.keySet());
        queryIds.removeIf(q -> !queries.containsKey(q));
        queryIds.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        List<float[]> queryVectors = VectorCache.loadQueries(cache.resolve("queries-" + embedder.name() + ".bin"),
                queryIds.stream().map(queries::get).toList(), embedder);

        try (ChunkIndex index = ChunkIndex.inMemory(embedder, RankingOptions.defaults())) {
            List<IndexedChunk> chunks = new ArrayList<>();
            for (int i = 0; i < docIds.size(); i++) {
                String[] d = corpus.get(docIds.get(i));
                chunks.add(IndexedChunk.of(docIds.get(i), docIds.get(i), d[0], 0, d[1], List.of("public"), 50)
                        .withVector(docVectors.get(i)));
            }
            index.index(chunks);
            Map<String, float[]> qv = new HashMap<>();
            for (int i = 0; i < queryIds.size(); i++) {
                qv.put(queryIds.get(i), queryVectors.get(i));
            }
            List<String> tune = queryIds.stream().filter(q -> Integer.parseInt(q) % 2 == 1).toList();
            List<String> test = queryIds.stream().filter(q -> Integer.parseInt(q) % 2 == 0).toList();
            SciFactEvaluation.Evaluator ev = new SciFactEvaluation.Evaluator(index, queries, qv, qrels);

            Map<String, RankingOptions> grid = grid();
            Map<String, double[]> perQuery = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            for (Map.Entry<String, RankingOptions> e : grid.entrySet()) {
                double[] s = ev.perQuery(tune, SearchMode.HYBRID, e.getValue())[0];
                perQuery.put(e.getKey(), s);
                System.out.printf(Locale.ROOT, "  tuning %-48s nDCG@10 %.4f%n", e.getKey(), mean(s));
            }
            System.out.printf(Locale.ROOT, "%d grid points on %d tuning claims in %.0f s%n", grid.size(), tune.size(),
                    (System.nanoTime() - t0) / 1e9);

            // 5-fold cross-validation of "choose the best grid point" inside the tuning split
            double cv = 0;
            for (int f = 0; f < FOLDS; f++) {
                String chosen = null;
                double best = -1;
                for (Map.Entry<String, double[]> e : perQuery.entrySet()) {
                    double sum = 0;
                    for (int i = 0; i < tune.size(); i++) {
                        if (i % FOLDS != f) {
                            sum += e.getValue()[i];
                        }
                    }
                    if (sum > best + 1e-9) {
                        best = sum;
                        chosen = e.getKey();
                    }
                }
                double fold = 0;
                int n = 0;
                for (int i = f; i < tune.size(); i += FOLDS) {
                    fold += perQuery.get(chosen)[i];
                    n++;
                }
                cv += fold;
                System.out.printf(Locale.ROOT, "  fold %d: chosen on the other folds %-40s held-in-fold nDCG@10 %.4f%n",
                        f, chosen, fold / n);
            }
            String baseline = grid.keySet().iterator().next();
            System.out.printf(Locale.ROOT, "cross-validated tuning nDCG@10 of the selection: %.4f (previous default %s: %.4f)%n",
                    cv / tune.size(), baseline, mean(perQuery.get(baseline)));

            String chosen = perQuery.entrySet().stream()
                    .max((a, b) -> Double.compare(mean(a.getValue()), mean(b.getValue()))).orElseThrow().getKey();
            RankingOptions o = grid.get(chosen);
            System.out.printf(Locale.ROOT, "chosen on the whole tuning split: %s (tuning nDCG@10 %.4f)%n", chosen,
                    mean(perQuery.get(chosen)));
            System.out.println(o);

            System.out.println("\nheld-out split (even ids, not tuned on), " + test.size() + " claims: nDCG@10, recall@100");
            report(ev, test, "previous default (min-max, imputed)", grid.get(baseline));
            report(ev, test, "RankingOptions.defaults()", RankingOptions.defaults());
            report(ev, test, "chosen " + chosen, o);
            System.out.println("\nall " + queryIds.size() + " judged training claims");
            report(ev, queryIds, "previous default (min-max, imputed)", grid.get(baseline));
            report(ev, queryIds, "RankingOptions.defaults()", RankingOptions.defaults());
            report(ev, queryIds, "chosen " + chosen, o);

            System.out.println("\nlatency on the held-out claims (query vectors precomputed), 3 alternating rounds");
            for (int round = 0; round < 3; round++) {
                latency(index, ev, test, "previous default", grid.get(baseline));
                latency(index, ev, test, "chosen", o);
            }
        }
    }

    /** The grid; its first entry is the previous default. */
    static Map<String, RankingOptions> grid() {
        Map<String, RankingOptions> g = new LinkedHashMap<>();
        RankingOptions base = new RankingOptions(100, 0.5, 0.0, 0.0, 0, 0.0);
        g.put("minmax imputed w0.5 bm25(1.2,0.75) rm3 off", base);
        // (BM25 k1, b, RM3 feedback docs, terms, weight)
        double[][] lexical = {{1.2, 0.75, 0, 0, 0}, {0.9, 0.4, 0, 0, 0}, {1.2, 0.75, 5, 10, 0.2}};
        for (Normalisation n : Normalisation.values()) {
            for (boolean union : new boolean[] {false, true}) {
                for (double[] l : lexical) {
                    for (double w : new double[] {0.4, 0.5, 0.6}) {
                        String key = String.format(Locale.ROOT, "%s %s w%.1f bm25(%.1f,%.2f) rm3 %s",
                                n == Normalisation.MIN_MAX ? "minmax" : "zscore", union ? "union" : "imputed", w,
                                l[0], l[1], l[2] == 0 ? "off" : (int) l[2] + "d/" + (int) l[3] + "t/" + l[4]);
                        g.putIfAbsent(key, base.withDenseWeight(w).withFusion(n, union).withBm25(l[0], l[1])
                                .withLexicalFeedback((int) l[2], (int) l[3], l[4]));
                    }
                }
            }
        }
        return g;
    }

    private static void report(SciFactEvaluation.Evaluator ev, List<String> ids, String label, RankingOptions o) {
        double[] r = ev.run(ids, SearchMode.HYBRID, o);
        System.out.printf(Locale.ROOT, "  %-64s %.4f  %.4f%n", label, r[0], r[1]);
    }

    private static void latency(ChunkIndex index, SciFactEvaluation.Evaluator ev, List<String> ids, String label,
                                RankingOptions o) {
        long[] ns = new long[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            long t = System.nanoTime();
            ev.run(List.of(ids.get(i)), SearchMode.HYBRID, o);
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        System.out.printf(Locale.ROOT, "  %-18s p50 %.2f ms  p95 %.2f ms%n", label, ns[ns.length / 2] / 1e6,
                ns[(int) (ns.length * 0.95)] / 1e6);
    }

    private static double mean(double[] a) {
        return Arrays.stream(a).average().orElse(0);
    }
}
