package dev.compass.retrieval.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.compass.retrieval.ChunkIndex;
import dev.compass.retrieval.IndexedChunk;
import dev.compass.retrieval.RankingOptions;
import dev.compass.retrieval.SearchMode;
import dev.compass.retrieval.SearchRequest;
import dev.compass.retrieval.embedding.Embedder;
import dev.compass.retrieval.embedding.MiniLmEmbedder;
import dev.compass.retrieval.embedding.Vectors;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Benchmarks, in one JVM: (1) indexing throughput through {@link ChunkIndex} including embedding, against the
 * bare embedding model on the same texts (SciFact abstracts as realistic chunks); (2) in-process search latency
 * over a 100,000-chunk on-disk index of synthetic chunks (random words from the SciFact vocabulary, random
 * unit vectors, 5 access groups), with heap and disk size.
 *
 * <p>Usage: {@code RetrievalBenchmark [datasetDir] [chunks=100000] [throughputTexts=200]}.
 */
public final class RetrievalBenchmark {

    private RetrievalBenchmark() {
    }

    /** Runs both benchmarks and prints the figures. */
    public static void main(String[] args) throws IOException {
        Path dataset = Path.of(args.length > 0 ? args[0] : "/work/shared/datasets/beir-scifact");
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int texts = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        List<String> abstracts = abstracts(dataset.resolve("corpus.jsonl"), Math.max(texts * 2, 2000));
        throughput(abstracts, texts);
        latency(abstracts, size);
    }

    private static void throughput(List<String> abstracts, int n) throws IOException {
        Embedder model = MiniLmEmbedder.shared();
        model.embedAll(abstracts.subList(0, 20));
        double bareTotal = 0;
        double indexTotal = 0;
        for (int round = 0; round < 2; round++) {
            List<String> batch = abstracts.subList(round * 2 * n, round * 2 * n + n);
            List<String> batch2 = abstracts.subList(round * 2 * n + n, round * 2 * n + 2 * n);
            long t0 = System.nanoTime();
            model.embedAll(batch);
            double bare = n / ((System.nanoTime() - t0) / 1e9);
            List<IndexedChunk> chunks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                chunks.add(IndexedChunk.of("doc" + i / 10, "r" + round + "c" + i, "", i % 30 + 1, batch2.get(i),
                        List.of("g" + i % 5), 60));
            }
            try (ChunkIndex index = ChunkIndex.inMemory(model, RankingOptions.defaults())) {
                t0 = System.nanoTime();
                for (int from = 0; from < n; from += 50) {
                    index.index(chunks.subList(from, Math.min(n, from + 50)));
                }
                double indexed = n / ((System.nanoTime() - t0) / 1e9);
                System.out.printf(Locale.ROOT, "round %d: bare model %.1f texts/s, through ChunkIndex %.1f chunks/s (%.0f%%)%n",
                        round + 1, bare, indexed, 100 * indexed / bare);
                bareTotal += bare;
                indexTotal += indexed;
            }
        }
        System.out.printf(Locale.ROOT, "indexing throughput: %.1f chunks/s vs bare model %.1f texts/s = %.0f%% (mean of 2 rounds, %d SciFact abstracts each, batches of 50, commit per batch)%n",
                indexTotal / 2, bareTotal / 2, 100 * indexTotal / bareTotal, n);
    }

    private static void latency(List<String> abstracts, int size) throws IOException {
        String[] vocabulary = abstracts.stream().flatMap(a -> Arrays.stream(a.toLowerCase(Locale.ROOT).split("[^a-z]+")))
                .filter(w -> w.length() > 3).distinct().sorted().toArray(String[]::new);
        Random random = new Random(42);
        Path dir = targetDir().resolve("bench-index-" + size);
        deleteRecursively(dir);
        Embedder dims = MiniLmEmbedder.shared();
        long t0 = System.nanoTime();
        try (ChunkIndex index = ChunkIndex.onDisk(dir, dims, RankingOptions.defaults())) {
            List<IndexedChunk> batch = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                batch.add(new IndexedChunk("doc" + i / 20, "c" + i, "Title " + words(vocabulary, random, 5), i % 300 + 1,
                        words(vocabulary, random, 120), List.of("g" + random.nextInt(5)), "site" + random.nextInt(20),
                        "product" + random.nextInt(10), "C" + random.nextInt(8), "area" + random.nextInt(6), null,
                        random.nextInt(101), randomUnit(random, dims.dimension())));
                if (batch.size() == 2000) {
                    index.index(batch);
                    batch.clear();
                }
            }
            index.index(batch);
            double build = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "built %d-chunk on-disk index (random unit vectors, precomputed) in %.1f s (%.0f chunks/s)%n",
                    index.size(), build, index.size() / build);
            Set<String> groups = Set.of("g0", "g1");
            List<String> queries = new ArrayList<>();
            List<float[]> vectors = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                queries.add(words(vocabulary, random, 3 + random.nextInt(5)));
                vectors.add(randomUnit(random, dims.dimension()));
            }
            for (SearchMode mode : SearchMode.values()) {
                for (int i = 0; i < 100; i++) {
                    index.search(new SearchRequest(queries.get(i), 10, mode, null, groups), vectors.get(i));
                }
                long[] nanos = new long[500];
                for (int i = 0; i < 500; i++) {
                    long s = System.nanoTime();
                    index.search(new SearchRequest(queries.get(100 + i), 10, mode, null, groups), vectors.get(100 + i));
                    nanos[i] = System.nanoTime() - s;
                }
                Arrays.sort(nanos);
                System.out.printf(Locale.ROOT, "search %-8s over %d chunks, caller in 2 of 5 groups, limit 10, 100 candidates: p50 %.2f ms, p95 %.2f ms (500 queries after 100 warm-up, query vector precomputed)%n",
                        mode, size, nanos[250] / 1e6, nanos[475] / 1e6);
            }
            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "heap used after GC with index open: %.0f MB (vectors and postings are memory-mapped, off heap)%n",
                    (rt.totalMemory() - rt.freeMemory()) / 1e6);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            long bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            System.out.printf(Locale.ROOT, "index on disk: %.0f MB (%s)%n", bytes / 1e6, dir.toAbsolutePath());
        }
    }

    private static Path targetDir() {
        try {
            return Path.of(RetrievalBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            return Path.of("target");
        }
    }

    private static String words(String[] vocabulary, Random random, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : " ").append(vocabulary[(int) Math.min(vocabulary.length - 1,
                    Math.abs(random.nextGaussian()) * vocabulary.length / 3)]);
        }
        return b.toString();
    }

    private static float[] randomUnit(Random random, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Vectors.normalize(v);
    }

    private static List<String> abstracts(Path corpus, int n) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(corpus)) {
            for (String line; (line = r.readLine()) != null && out.size() < n; ) {
                if (!line.isBlank()) {
                    var node = json.readTree(line);
                    out.add(node.path("title").asText() + "\n" + node.path("text").asText());
                }
            }
        }
        return out;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
