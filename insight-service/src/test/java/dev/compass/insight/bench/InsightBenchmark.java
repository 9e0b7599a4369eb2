package dev.compass.insight.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.compass.contracts.CloudEventHeaders;
import dev.compass.contracts.EventType;
import dev.compass.contracts.events.ChunkEvent;
import dev.compass.contracts.schema.EventJson;
import dev.compass.insight.persistence.ChunkStore;
import dev.compass.localstack.DevTokens;
import dev.compass.localstack.LocalPostgres;
import dev.compass.localstack.TestStack;
import dev.compass.retrieval.embedding.Embedder;
import dev.compass.retrieval.embedding.Embedders;
import dev.compass.retrieval.embedding.Vectors;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Search latency through REST over N chunks (default 100,000) with 4 concurrent clients, index size, rebuild and
 * indexing throughput of the packaged service (target/quarkus-app) against a real broker and PostgreSQL.
 * Run from /work/main:
 * <pre>
 * mvn -B -o -q -f insight-service/pom.xml package -DskipTests
 * mvn -B -o -q -f insight-service/pom.xml exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.compass.insight.bench.InsightBenchmark [-Dbench.chunks=100000] [-Dbench.queries=1000] \
 *     [-Dbench.app=insight-service/target/quarkus-app] [-Dbench.jvmArgs="..."] [-Dbench.liveDocs=50]
 * </pre>
 * The figures are printed together at the end, each with the machine's load average.
 * Chunk vectors: a pool of sentences is embedded with the service's model once; each chunk is three pool sentences and its vector
 * the normalised sum of theirs (embedding 100,000 chunks on 2 cores would take about 45 minutes). The service caches
 * query vectors: the cold figure uses 1,000 distinct queries never asked before (every one embedded by the service),
 * the repeated figure queries it has already seen (cache hits); the cache counters of each phase are printed.
 */
public final class InsightBenchmark {
    static final String[] PRODUCTS = {"Cardiolix", "Oncura", "Neurava", "Dermalin", "Pulmocet", "Glycora"};
    static final String[] COUNTRIES = {"Germany", "France", "Italy", "Spain", "Poland", "Sweden", "Austria"};
    static final String[] METRICS = {"hospital readmissions", "market share", "adherence", "new prescriptions",
            "payer coverage", "patient persistence", "switching rates", "formulary listings", "call frequency",
            "webinar attendance", "sample requests", "treatment discontinuation"};
    static final String[] VERBS = {"reduced", "increased", "stabilised", "doubled", "lowered", "improved"};
    static final String[] CONTEXTS = {"after the launch campaign", "in the registry cohort", "among cardiologists",
            "in university hospitals", "during the winter quarter", "following the price change",
            "in the early access programme", "with the digital detailing pilot", "among general practitioners",
            "after the guideline update"};
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int chunks = Integer.getInteger("bench.chunks", 100_000);
        int queries = Integer.getInteger("bench.queries", 1000);
        int clients = 4;
        Path indexDir = Path.of("insight-service/target/bench-index");
        deleteTree(indexDir);
        String kafka = TestStack.kafkaBootstrapServers();
        String jdbc = TestStack.jdbcUrl("insight");
        DevTokens tokens = TestStack.tokens();
        int port = 18082;
        int managementPort = 19082; // health and metrics
        Path log = Path.of("insight-service/target/bench-service.log");
        // the service and the seeded vectors use the same model (-Dbench.embedder: bge-small, the service default, or
        // minilm); the seeded vectors carry its name, or the service would drop them as another model's
        Embedder embedder = Embedders.named(System.getProperty("bench.embedder", "bge-small"));
        List<String> command = new ArrayList<>(List.of("java", "-Xmx1g", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort,
                "-Dcompass.insight.embedding.provider=" + System.getProperty("bench.embedder", "bge-small"),
                "-Dquarkus.datasource.jdbc.url=" + jdbc, "-Dquarkus.datasource.username=" + LocalPostgres.USER,
                "-Dquarkus.datasource.password=" + LocalPostgres.PASSWORD, "-Dkafka.bootstrap.servers=" + kafka,
                "-Dmp.jwt.verify.issuer=" + DevTokens.ISSUER,
                "-Dcompass.insight.index.directory=" + indexDir.toAbsolutePath()));
        String extra = System.getProperty("bench.jvmArgs", "").trim(); // e.g. profiling or configuration overrides
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", System.getProperty("bench.app", "insight-service/target/quarkus-app")
                + "/quarkus-run.jar"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("MP_JWT_VERIFY_PUBLICKEY", tokens.publicKeyPem());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process service = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(service::destroy));
        // -Dbench.http=1.1 (default: one keep-alive connection per client, as most REST callers over plain http) or 2
        // (the JDK client's own default: an h2c upgrade, then every client multiplexed on one HTTP/2 connection)
        HttpClient http = HttpClient.newBuilder().version("2".equals(System.getProperty("bench.http", "1.1"))
                ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1).build();
        String base = "http://127.0.0.1:" + port;
        String management = "http://127.0.0.1:" + managementPort;
        long t0 = System.nanoTime();
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(management + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    break;
                }
            } catch (Exception notYet) {
                // starting
            }
            if (!service.isAlive()) {
                throw new IllegalStateException("service exited; see " + log);
            }
            Thread.sleep(500);
        }
        System.out.printf("service ready in %.1f s (pid %d)%n", (System.nanoTime() - t0) / 1e9, service.pid());

        // 1. seed the record: a sentence pool embedded once, chunks of three sentences
        Random rnd = new Random(42);
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            pool.add(sentence(rnd));
        }
        long e0 = System.nanoTime();
        List<float[]> poolVectors = embedder.embedAll(pool);
        double poolRate = pool.size() / ((System.nanoTime() - e0) / 1e9);
        System.out.printf("bare %s (benchmark JVM): %d sentences in %.1f s = %.1f texts/s%n", embedder.name(), pool.size(),
                (System.nanoTime() - e0) / 1e9, poolRate);
        seed(jdbc, chunks, pool, poolVectors, rnd, embedder.name());

        // 2. rebuild the index from the record through the API
        String admin = tokens.token("bench-admin", List.of("admin"), List.of("g0", "g1"));
        long r0 = System.nanoTime();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/index/rebuilds"))
                .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        String location = started.headers().firstValue("Location").orElseThrow();
        JsonNode progress;
        do {
            Thread.sleep(1000);
            progress = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base).resolve(location))
                    .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString()).body());
        } while ("RUNNING".equals(progress.get("status").asText()));
        double rebuildSeconds = (System.nanoTime() - r0) / 1e9;
        System.out.printf("rebuild %s: %d chunks in %.1f s = %.0f chunks/s [load %s]%n", progress.get("status").asText(),
                progress.get("done").asLong(), rebuildSeconds, progress.get("done").asLong() / rebuildSeconds, load());

        // 3. search latency, 4 clients. Every query text is distinct (products x metrics x countries [x contexts],
        // shuffled): warm-up queries (-Dbench.warmup, default 2,000, asked in several rounds: with 200 asked once the
        // JIT compilers still took a fifth of the service's CPU during the measured phase), then 1,000 cold queries distinct from each other and from the
        // warm-up ones
        // (each is embedded by the service: no query-vector cache hit), then 1,000 repeated queries drawn from 100
        // warm-up queries (all cache hits). The service's cache counters are read before and after each phase.
        String user = tokens.token("bench-user", List.of("employee"), List.of("g0", "g1"));
        List<String> distinct = new ArrayList<>();
        for (String product : PRODUCTS) {
            for (String metric : METRICS) {
                for (String country : COUNTRIES) {
                    distinct.add(product + " " + metric + " " + country);
                    for (String context : CONTEXTS) {
                        distinct.add(product + " " + metric + " " + country + " " + context);
                    }
                }
            }
        }
        java.util.Collections.shuffle(distinct, new Random(7));
        int warmups = Integer.getInteger("bench.warmup", 2000);
        List<String> warm = distinct.subList(0, warmups);
        List<String> cold = distinct.subList(warmups, warmups + queries);
        List<String> repeated = new ArrayList<>();
        Random pick = new Random(11);
        for (int i = 0; i < queries; i++) {
            repeated.add(warm.get(pick.nextInt(100)));
        }
        // warm-up: the warm-up queries once (embedded), then again (query vectors cached), at least
        // -Dbench.warmupRounds rounds (default 3) and then until the service's JIT compiler threads used less than
        // -Dbench.jitQuiet (default 0.05) of one core during a round, for at most -Dbench.warmupMaxSeconds (default 180)
        int minRounds = Integer.getInteger("bench.warmupRounds", 3);
        double jitQuiet = Double.parseDouble(System.getProperty("bench.jitQuiet", "0.05"));
        long warmDeadline = System.nanoTime() + Long.getLong("bench.warmupMaxSeconds", 180) * 1_000_000_000L;
        long warmStart = System.nanoTime();
        int rounds = 0;
        double jitShare = 1;
        while (rounds < minRounds || (jitShare >= jitQuiet && System.nanoTime() < warmDeadline)) {
            long j0 = compilerCpuMillis(service.pid());
            long w0 = System.nanoTime();
            runQueries(http, base, user, warm, clients);
            jitShare = (compilerCpuMillis(service.pid()) - j0) / ((System.nanoTime() - w0) / 1e6);
            rounds++;
        }
        String warmupLine = String.format("warm-up: %d rounds of %d queries in %.0f s; the JIT compiler threads used %.1f%%"
                + " of a core in the last round", rounds, warm.size(), (System.nanoTime() - warmStart) / 1e9,
                100 * jitShare);
        System.out.println(warmupLine);
        double[] c0 = cacheCounters(http, management);
        long[] cpu0 = cpuNow(service);
        long s0 = System.nanoTime();
        long[] coldLatencies = runQueries(http, base, user, cold, clients);
        double coldWall = (System.nanoTime() - s0) / 1e9;
        long[] cpu1 = cpuNow(service);
        double[] c1 = cacheCounters(http, management);
        String coldLoad = load();
        long[] cpu2 = cpuNow(service);
        long s1 = System.nanoTime();
        long[] repeatedLatencies = runQueries(http, base, user, repeated, clients);
        double repeatedWall = (System.nanoTime() - s1) / 1e9;
        long[] cpu3 = cpuNow(service);
        double[] c2 = cacheCounters(http, management);
        String repeatedLoad = load();
        // where the 2 cores went: CPU of the service and of this client JVM per query, from /proc
        String cpuLine = String.format("CPU per query (service / benchmark client JVM): cold %.1f / %.1f ms, repeated"
                + " %.1f / %.1f ms; of the service's, its JIT compiler threads: cold %.1f ms, repeated %.1f ms"
                + " (%d warm-up queries, %d rounds)",
                (cpu1[0] - cpu0[0]) / (double) cold.size(), (cpu1[1] - cpu0[1]) / (double) cold.size(),
                (cpu3[0] - cpu2[0]) / (double) repeated.size(), (cpu3[1] - cpu2[1]) / (double) repeated.size(),
                (cpu1[2] - cpu0[2]) / (double) cold.size(), (cpu3[2] - cpu2[2]) / (double) repeated.size(), warmups, rounds);
        String coldLine = latencyLine("cold: distinct queries, none seen before", coldLatencies, coldWall,
                c1[0] - c0[0], c1[1] - c0[1], coldLoad, clients);
        String repeatedLine = latencyLine("repeated: 100 warm-up queries asked again", repeatedLatencies, repeatedWall,
                c2[0] - c1[0], c2[1] - c1[1], repeatedLoad, clients);
        System.out.println(coldLine);
        System.out.println(repeatedLine);
        System.out.println(cpuLine);

        // 4. index size and memory
        long disk;
        try (Stream<Path> files = Files.walk(indexDir)) {
            disk = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        String status = Files.readString(Path.of("/proc/" + service.pid() + "/status"));
        String rss = status.lines().filter(l -> l.startsWith("VmRSS")).findFirst().orElse("?");
        String metrics = http.send(HttpRequest.newBuilder(URI.create(management + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double heap = metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes") && l.contains("area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        double code = metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes") && l.contains("CodeHeap"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        double codeMax = metrics.lines().filter(l -> l.startsWith("jvm_memory_max_bytes") && l.contains("CodeHeap"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        String memoryLine = String.format("index on disk %.1f MiB; service %s, heap used %.0f MiB, code cache %.0f of"
                + " %.0f MiB", disk / 1048576.0, rss.replaceAll("\\s+", " "), heap / 1048576.0, code / 1048576.0,
                codeMax / 1048576.0);
        System.out.println(memoryLine);

        // 5. indexing throughput through the service: chunk events -> INDEXED, against bare MiniLM on the same texts
        int docs = Integer.getInteger("bench.liveDocs", 50);
        int perDoc = Integer.getInteger("bench.liveChunksPerDoc", 20);
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        p.put("linger.ms", "5");
        // warm-up: the consumer, writer and summary paths run for the first time in the service JVM here, and with
        // 1,000 chunks (~15 s) the JIT compilers took a third of a core of the measured run (JFR); -Dbench.liveWarmupDocs
        // documents (default 20 x 20 chunks) are indexed first and not measured
        LiveDocs warmup = liveDocs(Integer.getInteger("bench.liveWarmupDocs", 20), perDoc, rnd);
        indexAndWait(p, warmup, http, base, user);
        LiveDocs measured = liveDocs(docs, perDoc, rnd);
        List<String> embeddingTexts = measured.embeddingTexts();
        // bare MiniLM on the very texts the service will embed, before and after the service run (the machine is
        // shared: the mean of both is the reference, and both are printed)
        long bb0 = System.nanoTime();
        embedder.embedAll(embeddingTexts);
        double bareBefore = embeddingTexts.size() / ((System.nanoTime() - bb0) / 1e9);
        String bareBeforeLoad = load();
        double[] embedding0 = metricSumCount(http, management, "insight_index_embedding_seconds");
        long jit0 = compilerCpuMillis(service.pid());
        double indexSeconds = indexAndWait(p, measured, http, base, user);
        String indexLoad = load();
        double indexJitSeconds = (compilerCpuMillis(service.pid()) - jit0) / 1000.0;
        double[] embedding1 = metricSumCount(http, management, "insight_index_embedding_seconds");
        double serviceRate = docs * perDoc / indexSeconds;
        long b0 = System.nanoTime();
        embedder.embedAll(embeddingTexts);
        double bareAfter = embeddingTexts.size() / ((System.nanoTime() - b0) / 1e9);
        String bareLoad = load();
        double bareRate = (bareBefore + bareAfter) / 2;
        double modelSeconds = embedding1[0] - embedding0[0];
        String indexLine = String.format("indexing through the service: %d chunks (%d documents, 4 sentences each) from"
                + " Kafka to INDEXED in %.1f s = %.1f chunks/s [load %s]; the service's model was busy %.1f s of"
                + " them (%.0f%%, %.1f chunks/s while embedding); its JIT compiler threads used %.1f s of CPU (after %d"
                + " warm-up documents)", docs * perDoc, docs, indexSeconds, serviceRate,
                indexLoad, modelSeconds, 100 * modelSeconds / indexSeconds, docs * perDoc / modelSeconds, indexJitSeconds,
                Integer.getInteger("bench.liveWarmupDocs", 20));
        String bareLine = String.format("bare " + embedder.name() + " on the same %d texts (benchmark JVM, service idle): %.1f chunks/s"
                + " before [load %s], %.1f chunks/s after [load %s], mean %.1f chunks/s", embeddingTexts.size(),
                bareBefore, bareBeforeLoad, bareAfter, bareLoad, bareRate);
        System.out.println(indexLine);
        System.out.println(bareLine);

        System.out.println();
        System.out.println("=== insight-service benchmark figures (" + chunks + " chunks, " + clients
                + " clients over HTTP/" + http.version().toString().replace("HTTP_", "").replace('_', '.')
                + "; target p95 <= 50 ms, indexing >= 80% of bare) ===");
        System.out.println(warmupLine);
        System.out.println("search " + coldLine);
        System.out.println("search " + repeatedLine);
        System.out.println(cpuLine);
        System.out.println(memoryLine);
        System.out.printf("rebuild: %d chunks in %.1f s%n", progress.get("done").asLong(), rebuildSeconds);
        System.out.println(indexLine);
        System.out.println(bareLine);
        System.out.printf("indexing through the service / bare model (mean of before and after) = %.0f%% (target >="
                + " 80%%)%n", 100 * serviceRate / bareRate);
        service.destroy();
        service.waitFor();
        System.exit(0);
    }

    /** The 1/5/15-minute load averages of the machine. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    /** The service's query-vector cache counters {hits, misses} (0 when the service has none). */
    static double[] cacheCounters(HttpClient http, String management) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(management + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double[] out = new double[2];
        for (String l : metrics.lines().toList()) {
            if (l.startsWith("insight_query_vectors_total")) { // name{labels} value [# exemplar]
                double v = Double.parseDouble(l.substring(l.indexOf('}') + 1).trim().split("\\s+")[0]);
                out[l.contains("cache=\"hit\"") ? 0 : 1] += v;
            }
        }
        return out;
    }

    /** {sum, count} of a Prometheus summary or timer of the service (0 when absent). */
    /** Chunk events of live documents, their ids and the texts the service will embed for them. */
    record LiveDocs(List<String> ids, List<String> embeddingTexts, List<ProducerRecord<String, byte[]>> records) {
    }

    static LiveDocs liveDocs(int docs, int perDoc, Random rnd) throws Exception {
        List<String> ids = new ArrayList<>();
        List<String> embeddingTexts = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> live = new ArrayList<>();
        for (int d = 0; d < docs; d++) {
            String id = "bench-live-" + UUID.randomUUID();
            ids.add(id);
            for (int c = 0; c < perDoc; c++) {
                String text = sentence(rnd) + " " + sentence(rnd) + " " + sentence(rnd) + " " + sentence(rnd);
                ChunkEvent e = new ChunkEvent(id, id + "-" + c, c, perDoc, "Live " + d, "bench", c + 1, c + 1,
                        List.of(), text, text.split(" ").length, List.of("g0"), 70, null, "bench", null,
                        Instant.now());
                embeddingTexts.add(e.title() + "\n" + text); // what the service embeds (IndexedChunk.embeddingText)
                RecordHeaders h = new RecordHeaders();
                h.add(CloudEventHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                h.add(CloudEventHeaders.TYPE, EventType.CHUNK.ceType().getBytes(StandardCharsets.UTF_8));
                h.add(CloudEventHeaders.CORRELATION_ID, "bench".getBytes(StandardCharsets.UTF_8));
                live.add(new ProducerRecord<>(EventType.CHUNK.topic(), null, id, EventJson.mapper().writeValueAsBytes(e),
                        h));
            }
        }
        return new LiveDocs(ids, embeddingTexts, live);
    }

    /**
     * Publishes the chunk events and waits until every document reports INDEXED; returns the seconds from the first
     * send (producer connected) to the last INDEXED.
     */
    static double indexAndWait(Properties p, LiveDocs docs, HttpClient http, String base, String user) throws Exception {
        long i0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.partitionsFor(EventType.CHUNK.topic()); // client start-up and metadata outside the measurement
            i0 = System.nanoTime();
            for (ProducerRecord<String, byte[]> r : docs.records()) {
                producer.send(r);
            }
        }
        for (String id : docs.ids()) {
            while (true) {
                JsonNode s = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/documents/" + id
                        + "/index-status")).header("Authorization", "Bearer " + user).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                if (s.has("status") && "INDEXED".equals(s.get("status").asText())) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        return (System.nanoTime() - i0) / 1e9;
    }

    static double[] metricSumCount(HttpClient http, String management, String name) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(management + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double[] out = new double[2];
        for (String l : metrics.lines().toList()) {
            int i = l.startsWith(name + "_sum") ? 0 : l.startsWith(name + "_count") ? 1 : -1;
            if (i >= 0) {
                String rest = l.contains("}") ? l.substring(l.indexOf('}') + 1) : l.substring(l.indexOf(' '));
                out[i] += Double.parseDouble(rest.trim().split("\\s+")[0]);
            }
        }
        return out;
    }

    static String latencyLine(String label, long[] latencies, double wall, double hits, double misses, String load,
            int clients) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return String.format("(hybrid, limit 10, %d clients, %d queries, %s; query-vector cache %.0f hits / %.0f"
                + " misses): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, %.0f queries/s [load %s]", clients,
                sorted.length, label, hits, misses, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99),
                sorted[sorted.length - 1] / 1e6, sorted.length / wall, load);
    }

    static String sentence(Random r) {
        return PRODUCTS[r.nextInt(PRODUCTS.length)] + " " + VERBS[r.nextInt(VERBS.length)] + " "
                + METRICS[r.nextInt(METRICS.length)] + " by " + (2 + r.nextInt(40)) + " percent in "
                + COUNTRIES[r.nextInt(COUNTRIES.length)] + " " + CONTEXTS[r.nextInt(CONTEXTS.length)] + ".";
    }

    static void seed(String jdbc, int chunks, List<String> pool, List<float[]> vectors, Random rnd, String model)
            throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(jdbc, LocalPostgres.USER, LocalPostgres.PASSWORD)) {
            c.setAutoCommit(false);
            int perDoc = 100;
            try (PreparedStatement doc = c.prepareStatement("insert into document (document_id, title, site,"
                    + " access_groups, total_chunks, status, quality) values (?, ?, 'bench', ?, ?, 'INDEXED', ?)");
                    PreparedStatement ch = c.prepareStatement("insert into chunk (chunk_id, document_id, ordinal, page,"
                            + " title, text, access_groups, site, product, country, quality, vector, embedder)"
                            + " values (?, ?, ?, ?, ?, ?, ?, 'bench', ?, ?, ?, ?, ?)")) {
                for (int d = 0; d * perDoc < chunks; d++) {
                    String id = "bench-" + d;
                    String group = "g" + (d % 5);
                    int quality = 30 + rnd.nextInt(70);
                    doc.setString(1, id);
                    doc.setString(2, "Benchmark document " + d);
                    doc.setArray(3, c.createArrayOf("text", new String[] {group}));
                    doc.setInt(4, perDoc);
                    doc.setInt(5, quality);
                    doc.executeUpdate();
                    for (int k = 0; k < perDoc && d * perDoc + k < chunks; k++) {
                        float[] v = new float[384];
                        StringBuilder text = new StringBuilder();
                        for (int s = 0; s < 3; s++) {
                            int i = rnd.nextInt(pool.size());
                            text.append(s == 0 ? "" : " ").append(pool.get(i));
                            for (int j = 0; j < v.length; j++) {
                                v[j] += vectors.get(i)[j];
                            }
                        }
                        ch.setString(1, id + "-" + k);
                        ch.setString(2, id);
                        ch.setInt(3, k);
                        ch.setInt(4, k + 1);
                        ch.setString(5, "Benchmark document " + d);
                        ch.setString(6, text.toString());
                        ch.setArray(7, c.createArrayOf("text", new String[] {group}));
                        ch.setString(8, PRODUCTS[d % PRODUCTS.length]);
                        ch.setString(9, COUNTRIES[d % COUNTRIES.length]);
                        ch.setInt(10, quality);
                        ch.setBytes(11, ChunkStore.bytes(Vectors.normalize(v)));
                        ch.setString(12, model);
                        ch.addBatch();
                    }
                    ch.executeBatch();
                    if (d % 100 == 99) {
                        c.commit();
                    }
                }
            }
            c.commit();
        }
        System.out.printf("seeded %d chunks with vectors in PostgreSQL in %.1f s%n", chunks, (System.nanoTime() - t0) / 1e9);
    }

    /** CPU milliseconds so far of the service and of this benchmark JVM. */
    /** CPU so far in ms: the service, this client JVM, the service's JIT compiler threads. */
    static long[] cpuNow(Process service) throws java.io.IOException {
        return new long[] {cpuMillis(service.pid()), cpuMillis(ProcessHandle.current().pid()),
                compilerCpuMillis(service.pid())};
    }

    /** User + system CPU time of a process's C1 and C2 compiler threads so far (Linux /proc). */
    static long compilerCpuMillis(long pid) throws java.io.IOException {
        long sum = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String comm = Files.readString(task.resolve("comm"));
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        sum += statCpuMillis(task.resolve("stat"));
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a compiler thread that ended between the listing and the read
                }
            }
        }
        return sum;
    }

    /** User + system CPU time of a process so far (Linux /proc; clock ticks of 10 ms). */
    static long cpuMillis(long pid) throws java.io.IOException {
        return statCpuMillis(Path.of("/proc/" + pid + "/stat"));
    }

    /** User + system CPU time in a /proc stat file of a process or thread (fields 14 and 15, ticks of 10 ms). */
    static long statCpuMillis(Path statFile) throws java.io.IOException {
        String stat = Files.readString(statFile);
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    /** Runs every query once, split between {@code clients} concurrent clients; returns the latencies. */
    static long[] runQueries(HttpClient http, String base, String token, List<String> queries, int clients)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> futures = new ArrayList<>();
        int per = queries.size() / clients;
        for (int c = 0; c < clients; c++) {
            List<String> mine = queries.subList(c * per, (c + 1) * per);
            futures.add(pool.submit(() -> {
                long[] out = new long[mine.size()];
                for (int i = 0; i < out.length; i++) {
                    String body = JSON.writeValueAsString(java.util.Map.of("query", mine.get(i), "limit", 10));
                    long t = System.nanoTime();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/search"))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    out[i] = System.nanoTime() - t;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("search failed: " + r.statusCode() + " " + r.body());
                    }
                }
                return out;
            }));
        }
        List<long[]> parts = new ArrayList<>();
        for (Future<long[]> f : futures) {
            parts.add(f.get());
        }
        pool.shutdown();
        return parts.stream().flatMapToLong(Arrays::stream).toArray();
    }

    static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
