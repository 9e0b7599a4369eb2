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
import dev.compass.retrieval.embedding.MiniLmEmbedder;
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
 * mvn -B -q -f insight-service/pom.xml package -DskipTests
 * mvn -B -q -f insight-service/pom.xml exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.compass.insight.bench.InsightBenchmark [-Dbench.chunks=100000]
 * </pre>
 * Chunk vectors: a pool of sentences is embedded with MiniLM once; each chunk is three pool sentences and its vector
 * the normalised sum of theirs (embedding 100,000 chunks on 2 cores would take about 45 minutes). Queries are embedded
 * by the service with MiniLM on every request (no cache).
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
        Path log = Path.of("insight-service/target/bench-service.log");
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx1g", "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.url=" + jdbc, "-Dquarkus.datasource.username=" + LocalPostgres.USER,
                "-Dquarkus.datasource.password=" + LocalPostgres.PASSWORD, "-Dkafka.bootstrap.servers=" + kafka,
                "-Dmp.jwt.verify.issuer=" + DevTokens.ISSUER,
                "-Dcompass.insight.index.directory=" + indexDir.toAbsolutePath(),
                "-jar", System.getProperty("bench.app", "insight-service/target/quarkus-app") + "/quarkus-run.jar");
        pb.environment().put("MP_JWT_VERIFY_PUBLICKEY", tokens.publicKeyPem());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process service = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(service::destroy));
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        long t0 = System.nanoTime();
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
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
        MiniLmEmbedder embedder = MiniLmEmbedder.shared();
        long e0 = System.nanoTime();
        List<float[]> poolVectors = embedder.embedAll(pool);
        double bareRate = pool.size() / ((System.nanoTime() - e0) / 1e9);
        System.out.printf("bare MiniLM (benchmark JVM): %d sentences in %.1f s = %.1f texts/s%n", pool.size(),
                (System.nanoTime() - e0) / 1e9, bareRate);
        seed(jdbc, chunks, pool, poolVectors, rnd);

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
        System.out.printf("rebuild %s: %d chunks in %.1f s = %.0f chunks/s%n", progress.get("status").asText(),
                progress.get("done").asLong(), rebuildSeconds, progress.get("done").asLong() / rebuildSeconds);

        // 3. search latency, 4 clients
        String user = tokens.token("bench-user", List.of("employee"), List.of("g0", "g1"));
        List<String> queryPool = new ArrayList<>();
        Random q = new Random(7);
        for (int i = 0; i < 300; i++) {
            queryPool.add(PRODUCTS[q.nextInt(PRODUCTS.length)] + " " + METRICS[q.nextInt(METRICS.length)] + " "
                    + COUNTRIES[q.nextInt(COUNTRIES.length)] + (i % 3 == 0 ? " " + CONTEXTS[q.nextInt(CONTEXTS.length)] : ""));
        }
        runQueries(http, base, user, queryPool, 200, clients); // warm-up
        long s0 = System.nanoTime();
        long[] latencies = runQueries(http, base, user, queryPool, queries, clients);
        double wall = (System.nanoTime() - s0) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("search (hybrid, limit 10, %d clients, %d queries): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms,"
                + " max %.1f ms, %.0f queries/s%n", clients, queries, pct(latencies, 50), pct(latencies, 95),
                pct(latencies, 99), latencies[latencies.length - 1] / 1e6, queries / wall);

        // 4. index size and memory
        long disk;
        try (Stream<Path> files = Files.walk(indexDir)) {
            disk = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        String status = Files.readString(Path.of("/proc/" + service.pid() + "/status"));
        String rss = status.lines().filter(l -> l.startsWith("VmRSS")).findFirst().orElse("?");
        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double heap = metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes") && l.contains("area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        System.out.printf("index on disk %.1f MiB; service %s, heap used %.0f MiB%n", disk / 1048576.0,
                rss.replaceAll("\\s+", " "), heap / 1048576.0);

        // 5. indexing throughput through the service: chunk events -> INDEXED
        int docs = 20;
        int perDoc = 10;
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        List<String> ids = new ArrayList<>();
        long i0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int d = 0; d < docs; d++) {
                String id = "bench-live-" + UUID.randomUUID();
                ids.add(id);
                for (int c = 0; c < perDoc; c++) {
                    String text = sentence(rnd) + " " + sentence(rnd) + " " + sentence(rnd) + " " + sentence(rnd);
                    ChunkEvent e = new ChunkEvent(id, id + "-" + c, c, perDoc, "Live " + d, "bench", c + 1, c + 1,
                            List.of(), text, text.split(" ").length, List.of("g0"), 70, null, "bench", null,
                            Instant.now());
                    RecordHeaders h = new RecordHeaders();
                    h.add(CloudEventHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                    h.add(CloudEventHeaders.TYPE, EventType.CHUNK.ceType().getBytes(StandardCharsets.UTF_8));
                    h.add(CloudEventHeaders.CORRELATION_ID, "bench".getBytes(StandardCharsets.UTF_8));
                    producer.send(new ProducerRecord<>(EventType.CHUNK.topic(), null, id,
                            EventJson.mapper().writeValueAsBytes(e), h));
                }
            }
        }
        for (String id : ids) {
            while (true) {
                JsonNode s = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/documents/" + id
                        + "/index-status")).header("Authorization", "Bearer " + user).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                if (s.has("status") && "INDEXED".equals(s.get("status").asText())) {
                    break;
                }
                Thread.sleep(100);
            }
        }
        double indexSeconds = (System.nanoTime() - i0) / 1e9;
        System.out.printf("indexing through the service: %d chunks (4 sentences each) from Kafka to INDEXED in %.1f s"
                + " = %.1f chunks/s (includes consumer start-up lag)%n", docs * perDoc, indexSeconds,
                docs * perDoc / indexSeconds);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < docs * perDoc; i++) {
            texts.add(sentence(rnd) + " " + sentence(rnd) + " " + sentence(rnd) + " " + sentence(rnd));
        }
        long b0 = System.nanoTime();
        embedder.embedAll(texts);
        double bare = (System.nanoTime() - b0) / 1e9;
        System.out.printf("bare MiniLM on the same kind of chunks (benchmark JVM): %.1f chunks/s%n",
                texts.size() / bare);
        service.destroy();
        service.waitFor();
        System.exit(0);
    }

    static String sentence(Random r) {
        return PRODUCTS[r.nextInt(PRODUCTS.length)] + " " + VERBS[r.nextInt(VERBS.length)] + " "
                + METRICS[r.nextInt(METRICS.length)] + " by " + (2 + r.nextInt(40)) + " percent in "
                + COUNTRIES[r.nextInt(COUNTRIES.length)] + " " + CONTEXTS[r.nextInt(CONTEXTS.length)] + ".";
    }

    static void seed(String jdbc, int chunks, List<String> pool, List<float[]> vectors, Random rnd) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(jdbc, LocalPostgres.USER, LocalPostgres.PASSWORD)) {
            c.setAutoCommit(false);
            int perDoc = 100;
            try (PreparedStatement doc = c.prepareStatement("insert into document (document_id, title, site,"
                    + " access_groups, total_chunks, status, quality) values (?, ?, 'bench', ?, ?, 'INDEXED', ?)");
                    PreparedStatement ch = c.prepareStatement("insert into chunk (chunk_id, document_id, ordinal, page,"
                            + " title, text, access_groups, site, product, country, quality, vector, embedder)"
                            + " values (?, ?, ?, ?, ?, ?, ?, 'bench', ?, ?, ?, ?, 'bench-pool-sum')")) {
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

    static long[] runQueries(HttpClient http, String base, String token, List<String> queries, int n, int clients)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                long[] out = new long[n / clients];
                for (int i = 0; i < out.length; i++) {
                    String query = queries.get((client * 997 + i) % queries.size());
                    String body = JSON.writeValueAsString(java.util.Map.of("query", query, "limit", 10));
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
