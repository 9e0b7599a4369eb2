package dev.compass.agent;

import static dev.compass.agent.AgentTestSupport.*;

import dev.compass.contracts.Topics;
import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.TestStack;
import dev.compass.contracts.schema.EventJson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark harness (not part of the default build): p95 time from {@code POST /api/v1/conversations} to the
 * conversation's event on {@code budget.proposals.v1}, with 10 concurrent conversations, deterministic phrasing,
 * the real broker and PostgreSQL. An insight-service stand-in answers evidence questions as they arrive.
 * <pre>mvn -B -f agent-service/pom.xml verify -Dtest=AgentBenchmark -Dagent.excludedGroups=none -Dgroups=benchmark</pre>
 */
@Tag("benchmark")
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "agent"))
class AgentBenchmark {
    static final int CONCURRENT = Integer.getInteger("bench.concurrent", 10);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 6);

    @Test
    void proposalLatency() throws Exception {
        agentsActive();
        String brand = brand();
        // as insight-service publishes them: every channel with its curve in 40 posterior draws
        mixModel(brand, "DE", withPosteriorDraws(profitableTv(), Integer.getInteger("bench.draws", 40)));
        plan(brand, "DE");
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        // the harness parses with Jackson and posts with the JDK client: REST-assured's JsonPath compiles a Groovy
        // script per expression, and in this one JVM that took half of the CPU the service needs (JFR)
        Thread proposals = follow(Topics.PROPOSALS, running, r -> arrived.put(field(r.value(), "conversationId"),
                System.nanoTime()));
        Map<String, long[]> evidence = new ConcurrentHashMap<>(); // question on topic (record time), answer acked
        // the stand-in answers questions concurrently, as a service with a worker pool would, not one ack at a time
        ExecutorService standIn = Executors.newFixedThreadPool(CONCURRENT);
        Thread answers = follow(Topics.QUESTIONS, running, r -> standIn.submit(() -> {
            String conversationId = field(r.value(), "conversationId");
            answer(conversationId, field(r.value(), "questionId"));
            evidence.put(conversationId, new long[] {r.timestamp(), System.currentTimeMillis()});
        }));
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
        List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        Map<String, long[]> measured = new java.util.LinkedHashMap<>();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<Future<Map.Entry<String, Long>>> started = new ArrayList<>();
                for (int i = 0; i < CONCURRENT; i++) {
                    started.add(pool.submit(() -> {
                        long t0 = System.nanoTime();
                        return Map.entry(post(brand, "DE", 20_000.0), t0);
                    }));
                }
                for (Future<Map.Entry<String, Long>> f : started) {
                    Map.Entry<String, Long> e = f.get(60, TimeUnit.SECONDS);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (!arrived.containsKey(e.getKey()) && System.nanoTime() < deadline) Thread.sleep(5);
                    Long t1 = arrived.get(e.getKey());
                    if (t1 == null) throw new AssertionError("no proposal for " + e.getKey());
                    if (round > 0) { // round 0 warms up
                        millis.add((t1 - e.getValue()) / 1e6);
                        measured.put(e.getKey(), new long[] {wallMillis(e.getValue()), wallMillis(t1)});
                    }
                    if (round == ROUNDS - 1 && f == started.get(started.size() - 1)) {
                        JsonPath c = conversation(e.getKey());
                        System.out.println("AGENT-BENCHMARK trace created " + c.getString("createdAt") + " messages "
                                + c.getList("messages.sentAt") + " latency " + (t1 - e.getValue()) / 1e6 + " ms");
                    }
                }
            }
        } finally {
            running.set(false);
            pool.shutdownNow();
            standIn.shutdownNow();
            proposals.join(5000);
            answers.join(5000);
        }
        // where the time goes: per hop, over every measured conversation (from the record of each conversation)
        Map<String, List<Double>> hops = new java.util.LinkedHashMap<>();
        for (String hop : List.of("POST->created", "created->question on topic", "question->answer acked (stand-in)",
                "answer acked->REQUEST", "REQUEST->PROPOSE", "PROPOSE->ACCEPT", "ACCEPT->proposal on topic")) {
            hops.put(hop, new ArrayList<>());
        }
        for (Map.Entry<String, long[]> e : measured.entrySet()) {
            JsonPath c = conversation(e.getKey());
            List<String> sent = c.getList("messages.sentAt");
            if (sent.size() < 3) continue;
            long created = java.time.Instant.parse(c.getString("createdAt")).toEpochMilli();
            long request = java.time.Instant.parse(sent.get(0)).toEpochMilli();
            long propose = java.time.Instant.parse(sent.get(1)).toEpochMilli();
            long accept = java.time.Instant.parse(sent.get(2)).toEpochMilli();
            hops.get("POST->created").add((double) (created - e.getValue()[0]));
            long[] ev = evidence.get(e.getKey());
            if (ev != null) {
                hops.get("created->question on topic").add((double) (ev[0] - created));
                hops.get("question->answer acked (stand-in)").add((double) (ev[1] - ev[0]));
                hops.get("answer acked->REQUEST").add((double) (request - ev[1]));
            }
            hops.get("REQUEST->PROPOSE").add((double) (propose - request));
            hops.get("PROPOSE->ACCEPT").add((double) (accept - propose));
            hops.get("ACCEPT->proposal on topic").add((double) (e.getValue()[1] - accept));
        }
        hops.forEach((hop, values) -> {
            Collections.sort(values);
            System.out.printf(java.util.Locale.ROOT, "AGENT-BENCHMARK hop %-28s p50=%5.0f ms p95=%5.0f ms max=%5.0f ms%n",
                    hop, pct(values, 0.5), pct(values, 0.95), values.get(values.size() - 1));
        });
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        String report = String.format(java.util.Locale.ROOT,
                "conversations=%d (%d rounds of %d concurrent, after 1 warm-up round) p50=%.0f ms p95=%.0f ms max=%.0f ms",
                sorted.size(), ROUNDS - 1, CONCURRENT, pct(sorted, 0.50), pct(sorted, 0.95), sorted.get(sorted.size() - 1));
        System.out.println("AGENT-BENCHMARK " + report);
        Files.writeString(Path.of("target", "agent-benchmark.txt"), report + System.lineSeparator());
    }

    @TestHTTPResource("/api/v1/conversations")
    URI conversations;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String bearer = "Bearer " + token("employee");

    /** {@code POST /api/v1/conversations} as a lean client would send it; returns the conversation id. */
    String post(String brand, String market, double amount) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(conversations)
                .header("Authorization", bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(startBody(brand, market, amount))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new AssertionError("POST /conversations answered " + response.statusCode() + ": " + response.body());
        }
        return field(response.body(), "conversationId");
    }

    static String field(String json, String name) {
        try {
            return EventJson.mapper().readTree(json).path(name).asText(null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final long WALL_AT_NANO_ZERO = System.currentTimeMillis() - System.nanoTime() / 1_000_000;

    /** The wall-clock millisecond of a {@link System#nanoTime()} reading, to compare with the recorded timestamps. */
    static long wallMillis(long nanos) {
        return WALL_AT_NANO_ZERO + nanos / 1_000_000;
    }

    static double pct(List<Double> sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    static Thread follow(String topic, AtomicBoolean running,
            java.util.function.Consumer<ConsumerRecord<String, String>> onRecord) {
        Thread t = new Thread(() -> {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafkaBootstrapServers());
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
                List<TopicPartition> parts = c.partitionsFor(topic).stream()
                        .map(i -> new TopicPartition(topic, i.partition())).toList();
                c.assign(parts);
                c.seekToEnd(parts);
                parts.forEach(c::position);
                while (running.get()) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(20))) onRecord.accept(r);
                }
            }
        }, "bench-" + topic);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
