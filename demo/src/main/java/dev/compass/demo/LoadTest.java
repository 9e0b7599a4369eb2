package dev.compass.demo;

import dev.compass.localstack.DevTokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load against a running suite (./run): concurrent document uploads, questions and conversations for a while, then
 * throughput, p95 latencies, error responses, consumer lag and memory per service.
 *
 * <p>Usage: {@code LoadTest <keyDir> <runDir> [seconds=180] [uploaders=2] [askers=4] [negotiators=2]}.
 */
public final class LoadTest {
    private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> unexpected = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        DevTokens tokens = DevTokens.loadOrCreate(Path.of(args[0]));
        Path runDir = Path.of(args[1]);
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 180;
        int uploaders = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int askers = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        int negotiators = args.length > 5 ? Integer.parseInt(args[5]) : 2;
        new LoadTest().run(tokens, runDir, seconds, uploaders, askers, negotiators);
    }

    void run(DevTokens tokens, Path runDir, int seconds, int uploaders, int askers, int negotiators) throws Exception {
        String analyst = tokens.token("load.analyst", List.of("employee", "analyst"), List.of("emea-marketing"));
        Api ingestion = new Api("http://127.0.0.1:8081", analyst);
        Api insight = new Api("http://127.0.0.1:8082", analyst);
        Api agent = new Api("http://127.0.0.1:8083", analyst);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(uploaders + askers + negotiators);
        AtomicInteger sequence = new AtomicInteger();
        for (int i = 0; i < uploaders; i++) {
            pool.submit(() -> loop(end, "upload", () -> {
                int n = sequence.incrementAndGet();
                String text = "Load study " + n + "\nMethodology: online survey, sample n=" + (100 + n % 50)
                        + " cardiologists in Germany.\nResults\nCardiologists in Germany value reduced hospitalisations. "
                        + "Item " + n + " adds regional detail on Bavaria and Saxony prescribing of Cardiozen.\n";
                String meta = "{\"site\":\"load-site-" + (n % 20) + "\",\"path\":\"/load/doc-" + n
                        + ".txt\",\"groups\":[\"emea-marketing\"],\"tags\":{}}";
                return ingestion.upload("/api/v1/documents", "doc-" + n + ".txt", "text/plain",
                        text.getBytes(StandardCharsets.UTF_8), meta);
            }));
        }
        String[] questions = {"What do cardiologists in Germany say about Cardiozen?",
            "What are the barriers to prescribing in France?", "Which channels have the best recall per euro?",
            "What is the sample size of the launch tracker?"};
        for (int i = 0; i < askers; i++) {
            int offset = i;
            pool.submit(() -> loop(end, "answer", () -> insight.post("/api/v1/answers",
                    "{\"question\":\"" + questions[(sequence.incrementAndGet() + offset) % questions.length] + "\"}")));
        }
        for (int i = 0; i < negotiators; i++) {
            pool.submit(() -> loop(end, "conversation", () -> agent.post("/api/v1/conversations",
                    "{\"brand\":\"Cardiozen\",\"market\":\"DE\",\"objective\":\"load\",\"requestedAmount\":20000,"
                            + "\"horizonWeeks\":13}")));
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
        report(seconds, runDir);
    }

    interface Call {
        Api.Reply call() throws Exception;
    }

    void loop(long end, String name, Call call) {
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            try {
                Api.Reply r = call.call();
                latencies.computeIfAbsent(name, k -> Collections.synchronizedList(new ArrayList<>()))
                        .add(System.nanoTime() - start);
                if (!r.ok()) {
                    (r.status() == 429 || r.status() == 503 ? errors : unexpected)
                            .computeIfAbsent(name + " " + r.status(), k -> new AtomicInteger()).incrementAndGet();
                }
            } catch (Exception e) {
                unexpected.computeIfAbsent(name + " " + e.getClass().getSimpleName(), k -> new AtomicInteger())
                        .incrementAndGet();
            }
        }
    }

    void report(int seconds, Path runDir) throws Exception {
        System.out.printf(Locale.ROOT, "%-14s %8s %9s %9s %9s%n", "operation", "count", "per s", "p50 ms", "p95 ms");
        for (Map.Entry<String, List<Long>> e : latencies.entrySet()) {
            List<Long> l = new ArrayList<>(e.getValue());
            Collections.sort(l);
            System.out.printf(Locale.ROOT, "%-14s %8d %9.1f %9.1f %9.1f%n", e.getKey(), l.size(),
                    l.size() / (double) seconds, pct(l, 0.5), pct(l, 0.95));
        }
        System.out.println("expected refusals (429/503): " + errors);
        System.out.println("unexpected errors: " + unexpected);
        String[][] services = {{"ingestion-service", "9081"}, {"insight-service", "9082"}, {"agent-service", "9083"},
            {"governance-service", "9084"}}; // management ports (metrics)
        for (String[] s : services) {
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + s[1] + "/q/metrics")).header("Accept", "text/plain").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            double lag = maxMetric(metrics, "kafka_consumer_fetch_manager_records_lag_max");
            double heap = sumMetric(metrics, "jvm_memory_used_bytes{area=\"heap\"");
            long rss = rss(runDir.resolve("pids").resolve(s[0] + ".pid"));
            System.out.printf(Locale.ROOT, "%-20s consumer lag max %8.0f   heap used %6.0f MiB   RSS %6d MiB%n", s[0], lag,
                    heap / 1048576, rss / 1024);
        }
    }

    static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
    }

    static double maxMetric(String metrics, String name) {
        double max = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name) && !line.startsWith("#")) {
                try {
                    double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    if (!Double.isNaN(v)) max = Math.max(max, v);
                } catch (NumberFormatException ignored) {
                    // not a sample line
                }
            }
        }
        return max;
    }

    static double sumMetric(String metrics, String prefix) {
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix)) {
                try {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } catch (NumberFormatException ignored) {
                    // not a sample line
                }
            }
        }
        return sum;
    }

    static long rss(Path pidFile) {
        try {
            String pid = Files.readString(pidFile).trim();
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception ignored) {
            // not running under ./run
        }
        return -1;
    }

}
