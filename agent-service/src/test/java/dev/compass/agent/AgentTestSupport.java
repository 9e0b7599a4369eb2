package dev.compass.agent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.compass.contracts.CloudEventHeaders;
import dev.compass.contracts.EventType;
import dev.compass.contracts.Topics;
import dev.compass.contracts.events.AgentRegistration;
import dev.compass.contracts.events.AnswerEvent;
import dev.compass.contracts.events.Citation;
import dev.compass.contracts.events.GovernanceDecision;
import dev.compass.contracts.events.MixModelEvent;
import dev.compass.contracts.schema.EventJson;
import dev.compass.localstack.TestStack;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** What the tests play: insight-service and governance-service events, a budget plan, and reading topics. */
public final class AgentTestSupport {
    private AgentTestSupport() {}

    public static String token(String... roles) {
        return TestStack.token("alice", List.of(roles), List.of("commercial"));
    }

    /** A brand name of letters only (numbers in names would look like figures to the number guard). */
    public static String brand() {
        StringBuilder b = new StringBuilder("Brand");
        for (char ch : UUID.randomUUID().toString().replace("-", "").substring(0, 8).toCharArray()) {
            b.append((char) ('a' + Character.digit(ch, 16)));
        }
        return b.toString();
    }

    static KafkaProducer<String, String> producer;

    static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafkaBootstrapServers());
            producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    /** Produces an event as a CloudEvent (binary mode); returns its ce_id. */
    public static String produce(EventType type, String key, Record event, String eventId) {
        try {
            RecordHeaders h = new RecordHeaders();
            h.add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
            h.add(CloudEventHeaders.ID, eventId.getBytes(StandardCharsets.UTF_8));
            h.add(CloudEventHeaders.TYPE, type.ceType().getBytes(StandardCharsets.UTF_8));
            h.add(CloudEventHeaders.SOURCE, "/compass/test".getBytes(StandardCharsets.UTF_8));
            h.add(CloudEventHeaders.CORRELATION_ID, ("corr-" + eventId).getBytes(StandardCharsets.UTF_8));
            producer().send(new ProducerRecord<>(type.topic(), null, key, EventJson.mapper().writeValueAsString(event),
                    h)).get();
            return eventId;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String produce(EventType type, String key, Record event) {
        return produce(type, key, event, UUID.randomUUID().toString());
    }

    public static void registration(String agentId, String status, String reason) {
        produce(EventType.AGENT_REGISTRATION, agentId, new AgentRegistration(agentId, agentId, "bob", "negotiates",
                List.of("ledger"), List.of("budget"), "HIGH", "deterministic", status, reason, "corr", null,
                Instant.now(), "rita.reviewer"));
    }

    public static void agentsActive() {
        registration("commercial-agent", "ACTIVE", null);
        registration("finance-agent", "ACTIVE", null);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token("employee"))
                .get("/api/v1/agents").then().statusCode(200).body("status", equalTo(List.of("ACTIVE", "ACTIVE"))));
    }

    static MixModelEvent.Channel hill(String channel, double weekly, double half, double coefficient) {
        double r = coefficient * weekly / (weekly + half);
        double mroi = coefficient * half / ((weekly + half) * (weekly + half));
        double roi = r / weekly;
        return new MixModelEvent.Channel(channel, weekly * 104, weekly, r * 104, 0.3, roi, roi * 0.8, roi * 1.2, mroi,
                0.4, Map.of("halfSaturation", half, "shape", 1.0),
                Map.of("decay", 0.4, "saturationType", "HILL", "halfSaturation", half, "shape", 1.0,
                        "coefficient", coefficient, "meanWeeklySpend", weekly), List.of());
    }

    /** The channel with {@code n} posterior draws equal to its point curve. */
    static MixModelEvent.Channel withDraws(MixModelEvent.Channel c, int n) {
        return withDraws(c, java.util.Collections.nCopies(n, c.curve()));
    }

    static MixModelEvent.Channel withDraws(MixModelEvent.Channel c, List<Map<String, Object>> draws) {
        return new MixModelEvent.Channel(c.channel(), c.spend(), c.weeklySpend(), c.contribution(),
                c.contributionShare(), c.roi(), c.roiLow(), c.roiHigh(), c.mroi(), c.adstockDecay(), c.saturation(),
                c.curve(), c.responseCurve(), draws);
    }

    /**
     * The channels with {@code n} posterior draws around their point curves (coefficient and half-saturation
     * log-normally perturbed, by 20% and 30%), the same draw index being one posterior sample for every channel.
     */
    static List<MixModelEvent.Channel> withPosteriorDraws(List<MixModelEvent.Channel> channels, int n) {
        java.util.Random r = new java.util.Random(7);
        List<List<Map<String, Object>>> draws = new java.util.ArrayList<>();
        channels.forEach(c -> draws.add(new java.util.ArrayList<>()));
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < channels.size(); i++) {
                Map<String, Object> curve = new java.util.LinkedHashMap<>(channels.get(i).curve());
                curve.put("coefficient", ((Number) curve.get("coefficient")).doubleValue() * Math.exp(0.2 * r.nextGaussian()));
                curve.put("halfSaturation", ((Number) curve.get("halfSaturation")).doubleValue()
                        * Math.exp(0.3 * r.nextGaussian()));
                draws.get(i).add(curve);
            }
        }
        List<MixModelEvent.Channel> out = new java.util.ArrayList<>();
        for (int i = 0; i < channels.size(); i++) out.add(withDraws(channels.get(i), draws.get(i)));
        return out;
    }

    /** tv has a marginal ROI of 3.0 (above the hurdle, headroom to 2x); search 0.5 and print 0.8 can give money. */
    public static void mixModel(String brand, String market, List<MixModelEvent.Channel> channels) {
        produce(EventType.MIX_MODEL, brand + "|" + market, new MixModelEvent("model-" + brand, brand, market, "sales",
                1, "dataset-" + brand, 104, new MixModelEvent.Fit(0.9, 0.05, 0.07), 0.4, channels, Map.of(), "corr",
                null, Instant.now()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token("employee"))
                .queryParam("brand", brand).queryParam("market", market).get("/api/v1/mix-models")
                .then().statusCode(200));
    }

    public static List<MixModelEvent.Channel> profitableTv() {
        return List.of(hill("tv", 10_000, 20_000, 135_000), hill("search", 5_000, 5_000, 10_000),
                hill("print", 4_000, 4_000, 12_800));
    }

    public static void plan(String brand, String market) {
        String body = """
                {"lines":[
                 {"brand":"%1$s","market":"%2$s","channel":"tv","period":"2026-H1","amount":240000,"committed":100000},
                 {"brand":"%1$s","market":"%2$s","channel":"search","period":"2026-H1","amount":60000,"committed":20000,"minimum":10000},
                 {"brand":"%1$s","market":"%2$s","channel":"print","period":"2026-H1","amount":48000,"minimum":20000}]}
                """.formatted(brand, market);
        given().auth().oauth2(token("analyst")).contentType(ContentType.JSON).body(body).put("/api/v1/budget/lines")
                .then().statusCode(200);
    }

    /** The body of {@code POST /api/v1/conversations}. */
    public static String startBody(String brand, String market, Double amount) {
        return """
                {"brand":"%s","market":"%s","objective":"grow new patient starts","requestedAmount":%s,"horizonWeeks":12}
                """.formatted(brand, market, amount == null ? "null" : amount.toString());
    }

    public static String start(String brand, String market, Double amount) {
        String body = startBody(brand, market, amount);
        return given().auth().oauth2(token("employee")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/conversations").then().statusCode(202).extract().path("conversationId");
    }

    public static JsonPath conversation(String id) {
        return given().auth().oauth2(token("employee")).get("/api/v1/conversations/" + id).then().statusCode(200)
                .extract().jsonPath();
    }

    public static JsonPath awaitStatus(String id, String status) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> status.equals(conversation(id).getString("status")));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("conversation never became " + status + ": " + conversation(id).prettify(), e);
        }
        return conversation(id);
    }

    public static void answer(String conversationId, String questionId) {
        produce(EventType.ANSWER, conversationId, new AnswerEvent(UUID.randomUUID().toString(), questionId,
                conversationId, "A field study found that TV reach drives new patient starts.",
                List.of(new Citation("doc-a", "chunk-a", "TV effectiveness study", 4,
                        "TV reach drives new patient starts", 80)), 0.8, true, "deterministic", "corr",
                questionId, Instant.now()));
    }

    public static void decision(String proposalId, String conversationId, String decision, String decisionId,
            String eventId) {
        produce(EventType.DECISION, proposalId, new GovernanceDecision(decisionId, proposalId, conversationId,
                decision, "policy:auto", "budget-policy", decision.equals("APPROVED") ? null : "over the quarterly cap",
                "corr", null, Instant.now()), eventId);
    }

    /** Every record of a topic matching the predicate, from the beginning, waiting until {@code min} are there. */
    public static List<ConsumerRecord<String, String>> awaitRecords(String topic,
            Predicate<ConsumerRecord<String, String>> match, int min, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafkaBootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                    if (match.test(r)) out.add(r);
                }
                if (out.size() >= min && min > 0) return out;
            }
            return out;
        }
    }

    public static JsonPath json(String value) {
        return new JsonPath(value);
    }

    public static String header(ConsumerRecord<String, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public static List<ConsumerRecord<String, String>> ofTopic(String topic, String containing, int min) {
        return awaitRecords(topic, r -> r.value().contains(containing), min, Duration.ofSeconds(30));
    }

    public static final String PROPOSALS = Topics.PROPOSALS;
}
