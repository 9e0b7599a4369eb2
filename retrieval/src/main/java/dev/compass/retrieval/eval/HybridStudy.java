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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates ranking configurations given on the command line on BEIR SciFact training claims, on the splits
 * asked for: {@code odd} (tuning split, odd claim ids), {@code even} (held-out split) and {@code all} (with
 * {@code odd,even} the all-claims figure is computed from the two splits). Used to
 * tune on the odd ids only and to report the held-out figures of every configuration once the choice is made.
 *
 * <p>Usage: {@code HybridStudy SPLITS CONFIG...}, e.g. {@code HybridStudy odd default "default w=0.7 c=200"}.
 * A configuration is {@code default} (= {@link RankingOptions#defaults()}) or {@code base} (= the six-argument
 * constructor's old behaviour) followed by overrides: {@code mode=lexical|semantic|hybrid},
 * {@code norm=minmax|z|dist|rrf}, {@code union=0|1}, {@code w=}, {@code c=} (candidates), {@code k1=},
 * {@code b=}, {@code tb=} (title boost), {@code prox=WEIGHT/SLOP}, {@code rm3=DOCS/TERMS/WEIGHT},
 * {@code fb=DOCS/WEIGHT} (vector feedback). The dataset is {@code -Dscifact.dir} (default
 * {@code /work/shared/datasets/beir-scifact}); {@code -Dembedder=minilm|bge-small} is the model (default
 * minilm) and {@code -Dwindow} its window in word pieces (default 256); {@code -DnoQueryInstruction=true} embeds
 * the claims like documents (ablation of BGE's query instruction); vectors come from the cache of
 * {@link SciFactEvaluation} (computed and cached on first use).
 * Prints, per configuration and split, nDCG@10 and recall@100, and for the odd split a paired comparison with
 * the first configuration (queries better / worse).
 */
public final class HybridStudy {

    private HybridStudy() {
    }

    /** Runs the configurations. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(System.getProperty("scifact.dir", "/work/shared/datasets/beir-scifact"));
        List<String> splits = List.of(args[0].split(","));
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
        List<String> queryTexts = queryIds.stream().map(queries::get).toList();
        List<float[]> queryVectors = Boolean.getBoolean("noQueryInstruction")
                ? VectorCache.load(cache.resolve("queries-noinstr-" + embedder.name() + ".bin"), queryTexts, embedder)
                : VectorCache.loadQueries(cache.resolve("queries-" + embedder.name() + ".bin"), queryTexts, embedder);

        try (ChunkIndex index = ChunkIndex.inMemory(embedder, RankingOptions.defaults())) {
            List<IndexedChunk> chunks = new ArrayList<>();
            for (int i = 0; i < docIds.size(); i++) {
                String[] d = corpus.get(docIds.get(i));
                chunks.add(IndexedChunk.of(docIds.get(i), docIds.get(i), d[0], 0, d[1], List.of("public"), 50)
                        .withVector(docVectors.get(i)));
            }
            index.index(chunks);
            index.forceMerge();
            Map<String, float[]> qv = new HashMap<>();
            for (int i = 0; i < queryIds.size(); i++) {
                qv.put(queryIds.get(i), queryVectors.get(i));
            }
            Map<String, List<String>> ids = Map.of(
                    "odd", queryIds.stream().filter(q -> Integer.parseInt(q) % 2 == 1).toList(),
                    "even", queryIds.stream().filter(q -> Integer.parseInt(q) % 2 == 0).toList(),
                    "all", queryIds);
            SciFactEvaluation.Evaluator ev = new SciFactEvaluation.Evaluator(index, queries, qv, qrels);
            Map<String, double[]> first = new HashMap<>();
            for (int a = 1; a < args.length; a++) {
                SearchMode[] mode = {SearchMode.HYBRID};
                RankingOptions o = parse(args[a], mode);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-60s", args[a]));
                long t0 = System.nanoTime();
                Map<String, double[]> combined = new HashMap<>();
                for (String split : splits) {
                    double[][] per = ev.perQuery(ids.get(split), mode[0], o);
                    combined.put(split, new double[] {Arrays.stream(per[0]).sum(), Arrays.stream(per[1]).sum()});
                    line.append(String.format(Locale.ROOT, " | %s %.4f %.4f", split, mean(per[0]), mean(per[1])));
                    if (a == 1) {
                        first.put(split, per[0]);
                    } else if (split.equals("odd")) {
                        int better = 0;
                        int worse = 0;
                        for (int i = 0; i < per[0].length; i++) {
                            better += per[0][i] > first.get(split)[i] + 1e-9 ? 1 : 0;
                            worse += per[0][i] < first.get(split)[i] - 1e-9 ? 1 : 0;
                        }
                        line.append(String.format(Locale.ROOT, " (+%d/-%d)", better, worse));
                    }
                }
                if (splits.contains("odd") && splits.contains("even") && !splits.contains("all")) {
                    double[] both = combined.get("odd");
                    double[] even = combined.get("even");
                    int n = ids.get("odd").size() + ids.get("even").size();
                    line.append(String.format(Locale.ROOT, " | all %.4f %.4f",
                            (both[0] + even[0]) / n, (both[1] + even[1]) / n));
                }
                line.append(String.format(Locale.ROOT, "  [%.0f s]", (System.nanoTime() - t0) / 1e9));
                System.out.println(line);
            }
        }
    }

    static RankingOptions parse(String spec, SearchMode[] mode) {
        String[] parts = spec.trim().split("\\s+");
        RankingOptions o = switch (parts[0]) {
            case "default" -> RankingOptions.defaults();
            case "base" -> new RankingOptions(100, 0.5, 0.0, 0.0, 0, 0.0);
            default -> throw new IllegalArgumentException("start with default or base: " + spec);
        };
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            String v = kv[1];
            String[] f = v.split("/");
            o = switch (kv[0]) {
                case "mode" -> {
                    mode[0] = SearchMode.valueOf(v.toUpperCase(Locale.ROOT));
                    yield o;
                }
                case "norm" -> o.withFusion(switch (v) {
                    case "minmax" -> Normalisation.MIN_MAX;
                    case "z" -> Normalisation.Z_SCORE;
                    case "dist" -> Normalisation.DISTRIBUTION;
                    case "rrf" -> Normalisation.RECIPROCAL_RANK;
                    default -> throw new IllegalArgumentException(v);
                }, o.scoreUnion());
                case "union" -> o.withFusion(o.normalisation(), v.equals("1"));
                case "w" -> o.withDenseWeight(Double.parseDouble(v));
                case "c" -> o.withCandidates(Integer.parseInt(v));
                case "k1" -> o.withBm25(Double.parseDouble(v), o.bm25B());
                case "b" -> o.withBm25(o.bm25K1(), Double.parseDouble(v));
                case "tb" -> o.withTitleBoost(Double.parseDouble(v));
                case "prox" -> o.withProximity(Double.parseDouble(f[0]), Integer.parseInt(f[1]));
                case "rm3" -> o.withLexicalFeedback(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                        Double.parseDouble(f[2]));
                case "fb" -> o.withFeedback(Integer.parseInt(f[0]), Double.parseDouble(f[1]));
                default -> throw new IllegalArgumentException("unknown knob " + kv[0]);
            };
        }
        return o;
    }

    private static double mean(double[] a) {
        return Arrays.stream(a).average().orElse(0);
    }
}
