package dev.compass.retrieval.eval;

import dev.compass.retrieval.embedding.BgeSmallEmbedder;
import dev.compass.retrieval.embedding.Embedder;
import dev.compass.retrieval.embedding.Embedders;
import dev.compass.retrieval.embedding.MiniLmEmbedder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bare embedding speed of the in-process models, one calling thread, in one JVM: query latency (one short
 * query through {@link Embedder#embedQuery}, i.e. with BGE's instruction) and document throughput
 * ({@link Embedder#embedAll} on SciFact abstracts, title + text, the evaluation's window). Models are
 * alternated round by round so that load swings on a shared machine hit both.
 *
 * <p>Usage: {@code EmbeddingSpeed [rounds=2] [queriesPerRound=100] [docsPerRound=100]}; {@code -Dembedders}
 * (default {@code minilm,bge-small}), {@code -Dwindow} (default 256), {@code -Dscifact.dir}.
 */
public final class EmbeddingSpeed {

    private static final String QUERY = "Vitamin D deficiency increases the risk of hip fractures.";

    private EmbeddingSpeed() {
    }

    /** Runs the measurement and prints per-round and overall figures. */
    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int queriesPerRound = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int docsPerRound = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int window = Integer.getInteger("window", 256);
        Path dir = Path.of(System.getProperty("scifact.dir", "/work/shared/datasets/beir-scifact"));
        Map<String, String[]> corpus = SciFactEvaluation.readCorpus(dir.resolve("corpus.jsonl"));
        List<String> docs = new ArrayList<>();
        for (String[] d : corpus.values()) {
            docs.add(d[0].isBlank() ? d[1] : d[0] + "\n" + d[1]);
        }
        Map<String, Embedder> models = new LinkedHashMap<>();
        for (String name : System.getProperty("embedders", "minilm,bge-small").split(",")) {
            long t0 = System.nanoTime();
            Embedder e = Embedders.named(name, window);
            e.embedQuery("warm up");
            System.out.printf(Locale.ROOT, "%s loaded in %.1f s%n", e.name(), (System.nanoTime() - t0) / 1e9);
            models.put(name, e);
        }
        tokenStats(models, docs, window);
        for (Embedder e : models.values()) { // warm-up
            for (int i = 0; i < 20; i++) {
                e.embedQuery(QUERY);
            }
            e.embedAll(docs.subList(docs.size() - 10, docs.size()));
        }
        Map<String, List<Double>> latencies = new LinkedHashMap<>();
        Map<String, double[]> throughput = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            List<String> batch = docs.subList(r * docsPerRound, (r + 1) * docsPerRound);
            for (Map.Entry<String, Embedder> m : models.entrySet()) {
                Embedder e = m.getValue();
                double[] lat = new double[queriesPerRound];
                for (int i = 0; i < queriesPerRound; i++) {
                    long t0 = System.nanoTime();
                    e.embedQuery(QUERY);
                    lat[i] = (System.nanoTime() - t0) / 1e6;
                }
                latencies.computeIfAbsent(m.getKey(), k -> new ArrayList<>()).addAll(Arrays.stream(lat).boxed().toList());
                long t0 = System.nanoTime();
                e.embedAll(batch);
                double s = (System.nanoTime() - t0) / 1e9;
                double[] tp = throughput.computeIfAbsent(m.getKey(), k -> new double[2]);
                tp[0] += batch.size();
                tp[1] += s;
                Arrays.sort(lat);
                System.out.printf(Locale.ROOT, "round %d %-26s query p50 %.1f ms p95 %.1f ms | docs %.1f texts/s%n",
                        r + 1, e.name(), pct(lat, 50), pct(lat, 95), batch.size() / s);
            }
        }
        for (String name : latencies.keySet()) {
            double[] lat = latencies.get(name).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double[] tp = throughput.get(name);
            System.out.printf(Locale.ROOT, "overall %-26s query n %d p50 %.1f ms p95 %.1f ms mean %.1f ms | docs %d in %.1f s = %.1f texts/s%n",
                    models.get(name).name(), lat.length, pct(lat, 50), pct(lat, 95), Arrays.stream(lat).average().orElse(0),
                    (int) tp[0], tp[1], tp[0] / tp[1]);
        }
    }

    private static void tokenStats(Map<String, Embedder> models, List<String> docs, int window) {
        for (Embedder e : models.values()) {
            // counted with the 512 window: the tokenizer truncates, so counts are capped at 512
            int[] counts = null;
            if (e instanceof MiniLmEmbedder) {
                MiniLmEmbedder m = MiniLmEmbedder.shared(512);
                counts = docs.stream().mapToInt(m::countTokens).toArray();
            } else if (e instanceof BgeSmallEmbedder) {
                BgeSmallEmbedder b = BgeSmallEmbedder.shared(512);
                counts = docs.stream().mapToInt(b::countTokens).toArray();
            }
            if (counts == null) {
                continue;
            }
            int[] sorted = counts.clone();
            Arrays.sort(sorted);
            long over = Arrays.stream(counts).filter(c -> c > window).count();
            long capped = Arrays.stream(counts).filter(c -> c >= 512).count();
            System.out.printf(Locale.ROOT, "%s: SciFact docs %d, word pieces (capped at 512) median %d p90 %d mean %.0f,"
                            + " over %d: %d (%.1f%%), at the 512 cap: %d (%.1f%%)%n",
                    e.name(), counts.length, sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.9)],
                    Arrays.stream(counts).average().orElse(0), window, over, 100.0 * over / counts.length,
                    capped, 100.0 * capped / counts.length);
        }
    }

    private static double pct(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
