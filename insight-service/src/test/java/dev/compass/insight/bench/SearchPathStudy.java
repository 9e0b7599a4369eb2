package dev.compass.insight.bench;

import dev.compass.retrieval.ChunkIndex;
import dev.compass.retrieval.RankingOptions;
import dev.compass.retrieval.SearchMode;
import dev.compass.retrieval.SearchRequest;
import dev.compass.retrieval.embedding.Embedder;
import dev.compass.retrieval.embedding.Embedders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The search path alone, in one JVM, on the index {@link InsightBenchmark} leaves behind (100,000 chunks, real
 * bge-small vectors): 800 queries of the benchmark's form (product, metric, country, sometimes a context) with
 * precomputed vectors, on 1 and on 4 threads. It isolates
 * what the index costs from HTTP, JSON and query embedding. Run from /work/main after the benchmark:
 * <pre>
 * mvn -B -o -q -f insight-service/pom.xml exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.compass.insight.bench.SearchPathStudy [-Dexec.args="insight-service/target/bench-index"]
 * </pre>
 * It works on a copy of the index, reports the latency as found, then after merging it into one segment (skip the
 * merge with {@code -Dstudy.merge=false}), for each candidate depth per side in {@code -Dstudy.candidates}
 * (comma-separated, default the service's {@code RankingOptions.defaults()}).
 */
public final class SearchPathStudy {
    private SearchPathStudy() {}

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args.length > 0 ? args[0] : "insight-service/target/bench-index");
        Path copy = Path.of("insight-service/target/search-study-index");
        deleteTree(copy);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().equals("write.lock")).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        List<String> queries = new ArrayList<>();
        for (String product : InsightBenchmark.PRODUCTS) {
            for (String metric : InsightBenchmark.METRICS) {
                for (String country : InsightBenchmark.COUNTRIES) {
                    queries.add(product + " " + metric + " " + country);
                    queries.add(product + " " + metric + " " + country + " "
                            + InsightBenchmark.CONTEXTS[queries.size() % InsightBenchmark.CONTEXTS.length]);
                }
            }
        }
        Collections.shuffle(queries, new Random(7));
        queries = queries.subList(0, 800);
        Embedder embedder = Embedders.named("bge-small");
        List<float[]> vectors = embedder.embedQueries(queries);
        try (ChunkIndex index = ChunkIndex.onDisk(copy, embedder, RankingOptions.defaults())) {
            System.out.printf(Locale.ROOT, "index: %d chunks, %d segments%n", index.size(), segments(copy));
            List<RankingOptions> rankings = new ArrayList<>();
            for (String c : System.getProperty("study.candidates",
                    Integer.toString(RankingOptions.defaults().candidates())).split(",")) {
                rankings.add(RankingOptions.defaults().withCandidates(Integer.parseInt(c.trim())));
            }
            for (RankingOptions ranking : rankings) {
                measure("as left by the benchmark, " + ranking.candidates() + " candidates", index, queries, vectors,
                        ranking);
            }
            if (!Boolean.parseBoolean(System.getProperty("study.merge", "true"))) {
                return;
            }
            long m0 = System.nanoTime();
            index.forceMerge();
            System.out.printf(Locale.ROOT, "merged into %d segment(s) in %.1f s%n", segments(copy),
                    (System.nanoTime() - m0) / 1e9);
            for (RankingOptions ranking : rankings) {
                measure("one segment, " + ranking.candidates() + " candidates", index, queries, vectors, ranking);
            }
        }
    }

    static void measure(String label, ChunkIndex index, List<String> queries, List<float[]> vectors,
                        RankingOptions ranking) throws Exception {
        Set<String> groups = Set.of("g0", "g1");
        for (int i = 0; i < 200; i++) { // warm-up
            index.search(new SearchRequest(queries.get(i), 10, SearchMode.HYBRID, null, groups), vectors.get(i), ranking);
        }
        for (SearchMode mode : SearchMode.values()) {
            long[] single = new long[200];
            for (int i = 0; i < single.length; i++) {
                long t = System.nanoTime();
                index.search(new SearchRequest(queries.get(200 + i), 10, mode, null, groups), vectors.get(200 + i), ranking);
                single[i] = System.nanoTime() - t;
            }
            Arrays.sort(single);
            System.out.printf(Locale.ROOT, "%s, %s, 1 thread: p50 %.1f ms, p95 %.1f ms%n", label, mode,
                    single[100] / 1e6, single[189] / 1e6);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<long[]>> parts = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < 4; c++) {
            int from = 400 + c * 100;
            parts.add(pool.submit(() -> {
                long[] out = new long[100];
                for (int i = 0; i < 100; i++) {
                    long t = System.nanoTime();
                    index.search(new SearchRequest(queries.get(from + i), 10, SearchMode.HYBRID, null, groups),
                            vectors.get(from + i), ranking);
                    out[i] = System.nanoTime() - t;
                }
                return out;
            }));
        }
        long[] all = new long[400];
        for (int c = 0; c < 4; c++) {
            System.arraycopy(parts.get(c).get(), 0, all, c * 100, 100);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        Arrays.sort(all);
        System.out.printf(Locale.ROOT, "%s, HYBRID, 4 threads: p50 %.1f ms, p95 %.1f ms, %.0f queries/s%n", label,
                all[200] / 1e6, all[379] / 1e6, 400 / seconds);
    }

    static long segments(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".si")).count();
        }
    }

    static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
