package dev.compass.retrieval.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.compass.retrieval.ChunkIndex;
import dev.compass.retrieval.IndexedChunk;
import dev.compass.retrieval.RankingOptions;
import dev.compass.retrieval.SearchHit;
import dev.compass.retrieval.SearchMode;
import dev.compass.retrieval.SearchRequest;
import dev.compass.retrieval.embedding.Embedder;
import dev.compass.retrieval.embedding.Embedders;
import dev.compass.retrieval.embedding.MiniLmEmbedder;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Retrieval evaluation on BEIR SciFact (training claims, read in place). Claims with an odd id form the
 * tuning split (fusion weight and title boost are chosen there); claims with an even id are the held-out
 * split on which every figure is reported. Vectors are cached under {@code target/scifact-cache}.
 *
 * <p>Usage: {@code SciFactEvaluation [datasetDir] [windowTokens] [fixed]} (defaults
 * {@code /work/shared/datasets/beir-scifact} and 256; {@code fixed} skips tuning and uses the defaults).
 */
public final class SciFactEvaluation {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> GROUPS = Set.of("public");

    private SciFactEvaluation() {
    }

    /** Runs the evaluation and prints a table. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/work/shared/datasets/beir-scifact");
        int window = args.length > 1 ? Integer.parseInt(args[1]) : MiniLmEmbedder.DEFAULT_MAX_TOKENS;
        Embedder embedder = Embedders.named(System.getProperty("embedder", "minilm"), window);
        Path cache = targetDir().resolve("scifact-cache");
        Files.createDirectories(cache);

        Map<String, String[]> corpus = readCorpus(dir.resolve("corpus.jsonl"));
        Map<String, String> queries = readQueries(dir.resolve("queries_train.jsonl"));
        Map<String, Set<String>> qrels = readQrels(dir.resolve("qrels/train.tsv"));
        List<String> docIds = new ArrayList<>(corpus.keySet());

        long t0 = System.nanoTime();
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
        System.out.printf(Locale.ROOT, "vectors ready in %.1f s (%s)%n", (System.nanoTime() - t0) / 1e9, embedder.name());

        try (ChunkIndex index = ChunkIndex.inMemory(embedder, RankingOptions.defaults())) {
            t0 = System.nanoTime();
            List<IndexedChunk> chunks = new ArrayList<>();
            for (int i = 0; i < docIds.size(); i++) {
                String[] d = corpus.get(docIds.get(i));
                chunks.add(IndexedChunk.of(docIds.get(i), docIds.get(i), d[0], 0, d[1], List.of("public"), 50)
                        .withVector(docVectors.get(i)));
            }
            index.index(chunks);
            System.out.printf(Locale.ROOT, "indexed %d abstracts (precomputed vectors) in %.1f s%n",
                    index.size(), (System.nanoTime() - t0) / 1e9);

            Map<String, float[]> qv = new HashMap<>();
            for (int i = 0; i < queryIds.size(); i++) {
                qv.put(queryIds.get(i), queryVectors.get(i));
            }
            List<String> tune = queryIds.stream().filter(q -> Integer.parseInt(q) % 2 == 1).toList();
            List<String> test = queryIds.stream().filter(q -> Integer.parseInt(q) % 2 == 0).toList();
            System.out.printf(Locale.ROOT, "claims with judgements: %d; tuning split (odd ids) %d, held-out split (even ids) %d%n",
                    queryIds.size(), tune.size(), test.size());

            Evaluator ev = new Evaluator(index, queries, qv, qrels);
            RankingOptions best = RankingOptions.defaults();
            double bestScore = -1;
            System.out.println("\ntuning split (odd ids): hybrid nDCG@10 by dense weight w, title boost tb, "
                    + "vector pseudo-relevance feedback (docs k, weight b)");
            double[][] feedback = {{0, 0}, {3, 0.5}, {3, 1.0}, {5, 1.0}};
            boolean tuneNow = !(args.length > 2 && args[2].equals("fixed"));
            for (double tb : tuneNow ? new double[] {0.0, 0.5} : new double[0]) {
                for (double[] fb : feedback) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  tb=%.1f k=%d b=%.1f:", tb,
                            (int) fb[0], fb[1]));
                    for (double w : new double[] {0.4, 0.5, 0.6}) {
                        if (tb > 0 && fb[0] > 0) {
                            continue;
                        }
                        RankingOptions o = RankingOptions.defaults().withDenseWeight(w).withTitleBoost(tb)
                                .withFeedback((int) fb[0], fb[1]);
                        double s = ev.run(tune, SearchMode.HYBRID, o)[0];
                        line.append(String.format(Locale.ROOT, "  w=%.1f %.4f", w, s));
                        if (s > bestScore + 1e-9) {
                            bestScore = s;
                            best = o;
                        }
                    }
                    System.out.println(line);
                }
            }
            System.out.printf(Locale.ROOT, "chosen on tuning split: w=%.1f tb=%.1f feedback k=%d b=%.1f (tuning nDCG@10 %.4f)%n",
                    best.denseWeight(), best.titleBoost(), best.feedbackDocs(), best.feedbackWeight(), bestScore);

            System.out.println("\nheld-out split (even ids, not tuned on): " + test.size() + " claims, " + embedder.name());
            System.out.println("  mode                                 nDCG@10  recall@100");
            report(ev, test, "lexical (BM25, title+text)", SearchMode.LEXICAL, RankingOptions.defaults());
            report(ev, test, "semantic (MiniLM, HNSW k=100)", SearchMode.SEMANTIC, RankingOptions.defaults());
            report(ev, test, "hybrid RankingOptions.defaults()", SearchMode.HYBRID, RankingOptions.defaults());
            report(ev, test, String.format(Locale.ROOT, "hybrid tuned (w=%.1f tb=%.1f k=%d b=%.1f)", best.denseWeight(),
                    best.titleBoost(), best.feedbackDocs(), best.feedbackWeight()), SearchMode.HYBRID, best);
            report(ev, test, "semantic + feedback (k=3 b=1.0)", SearchMode.SEMANTIC,
                    RankingOptions.defaults().withFeedback(3, 1.0));
            System.out.println("\nall judged training claims (for comparison with published figures): " + queryIds.size());
            report(ev, queryIds, "lexical", SearchMode.LEXICAL, RankingOptions.defaults());
            report(ev, queryIds, "semantic", SearchMode.SEMANTIC, RankingOptions.defaults());
            report(ev, queryIds, "hybrid tuned", SearchMode.HYBRID, best);
        }
    }

    /** The module's {@code target} directory (parent of {@code target/classes}), wherever Maven was started. */
    static Path targetDir() {
        try {
            Path classes = Path.of(SciFactEvaluation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent();
        } catch (java.net.URISyntaxException e) {
            return Path.of("target");
        }
    }

    private static void report(Evaluator ev, List<String> ids, String label, SearchMode mode, RankingOptions o) {
        long t0 = System.nanoTime();
        double[] r = ev.run(ids, mode, o);
        double ms = (System.nanoTime() - t0) / 1e6 / ids.size();
        System.out.printf(Locale.ROOT, "  %-36s %.4f   %.4f    (%.2f ms/query, query vectors precomputed)%n",
                label, r[0], r[1], ms);
    }

    /** Computes mean nDCG@10 and recall@100 with binary judgements. */
    static final class Evaluator {
        private final ChunkIndex index;
        private final Map<String, String> queries;
        private final Map<String, float[]> vectors;
        private final Map<String, Set<String>> qrels;

        Evaluator(ChunkIndex index, Map<String, String> queries, Map<String, float[]> vectors,
                  Map<String, Set<String>> qrels) {
            this.index = index;
            this.queries = queries;
            this.vectors = vectors;
            this.qrels = qrels;
        }

        double[] run(List<String> ids, SearchMode mode, RankingOptions o) {
            double[][] per = perQuery(ids, mode, o);
            double ndcg = 0;
            double recall = 0;
            for (int i = 0; i < ids.size(); i++) {
                ndcg += per[0][i];
                recall += per[1][i];
            }
            return new double[] {ndcg / ids.size(), recall / ids.size()};
        }

        /**
         * nDCG@10 ({@code [0][i]}) and recall@100 ({@code [1][i]}) of each query. {@code -Deval.limit=10} asks for 10
         * hits, as the service's default search does, so that fewer candidates per side than 100 take effect
         * ({@code ChunkIndex} takes {@code max(candidates, limit)}); the second figure is then recall@10.
         */
        double[][] perQuery(List<String> ids, SearchMode mode, RankingOptions o) {
            double[][] out = new double[2][ids.size()];
            int limit = Integer.getInteger("eval.limit", 100);
            for (int qi = 0; qi < ids.size(); qi++) {
                String q = ids.get(qi);
                List<SearchHit> hits = index.search(new SearchRequest(queries.get(q), limit, mode, null, GROUPS),
                        vectors.get(q), o);
                Set<String> rel = qrels.get(q);
                double dcg = 0;
                int found = 0;
                for (int i = 0; i < hits.size(); i++) {
                    if (rel.contains(hits.get(i).documentId())) {
                        found++;
                        if (i < 10) {
                            dcg += 1 / log2(i + 2);
                        }
                    }
                }
                double idcg = 0;
                for (int i = 0; i < Math.min(10, rel.size()); i++) {
                    idcg += 1 / log2(i + 2);
                }
                out[0][qi] = dcg / idcg;
                out[1][qi] = (double) found / rel.size();
            }
            return out;
        }

        private static double log2(double x) {
            return Math.log(x) / Math.log(2);
        }
    }

    static Map<String, String[]> readCorpus(Path p) throws IOException {
        Map<String, String[]> out = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(p)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                out.put(n.get("_id").asText(), new String[] {n.path("title").asText(""), n.path("text").asText("")});
            }
        }
        return out;
    }

    static Map<String, String> readQueries(Path p) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(p)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    JsonNode n = JSON.readTree(line);
                    out.put(n.get("_id").asText(), n.get("text").asText());
                }
            }
        }
        return out;
    }

    static Map<String, Set<String>> readQrels(Path p) throws IOException {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(p);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            if (f.length >= 3 && Integer.parseInt(f[2].trim()) > 0) {
                out.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[1]);
            }
        }
        return out;
    }
}
