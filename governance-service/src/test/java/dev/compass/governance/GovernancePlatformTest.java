package dev.compass.governance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.compass.contracts.CloudEventHeaders;
import dev.compass.contracts.EventType;
import dev.compass.contracts.Topics;
import dev.compass.contracts.schema.EventJson;
import dev.compass.contracts.schema.SchemaValidator;
import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.TestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** Platform behaviour through governance-service, against a real Kafka broker and a real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
class GovernancePlatformTest {

    static String token(String... roles) {
        return TestStack.token("alice", List.of(roles), List.of());
    }

    static String agentJson(String id, String owner) {
        return """
                {"id":"%s","name":"Finance agent","owner":%s,"purpose":"Funds investment requests",
                 "tools":["ledger","mix-model"],"dataScopes":["budget"],"riskTier":"HIGH","model":"deterministic"}
                """.formatted(id, owner == null ? "null" : "\"" + owner + "\"");
    }

    @Test
    void noTokenIs401AsProblemJson() {
        given().contentType(ContentType.JSON).body(agentJson("a-1", "bob")).post("/api/v1/agents")
                .then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401)).body("title", equalTo("Unauthorized"));
    }

    @Test
    void aForgedTokenIs401() {
        String forged = dev.compass.localstack.DevTokens.generate().token("mallory", List.of("admin"), List.of());
        given().auth().oauth2(forged).get("/api/v1/agents")
                .then().statusCode(401).contentType("application/problem+json");
        // signed by the right key, but issued for another application of the identity provider
        String elsewhere = TestStack.tokenFor("other-app", "mallory", List.of("admin"), List.of());
        given().auth().oauth2(elsewhere).get("/api/v1/agents")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestStack.tokenFor("compass", "mallory", List.of("admin"), List.of()))
                .get("/api/v1/agents").then().statusCode(200);
    }

    @Test
    void aTokenIssuedInTheFutureIs401() {
        java.time.Instant now = java.time.Instant.now();
        // dated a day ahead, it would outlive any lifetime the identity provider allows by that day
        given().auth().oauth2(TestStack.tokenIssuedAt(now.plusSeconds(86_400), "mallory", List.of("admin"), List.of()))
                .get("/api/v1/agents").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer"));
        // a clock a few seconds ahead of this one is tolerated
        given().auth().oauth2(TestStack.tokenIssuedAt(now.plusSeconds(20), "mallory", List.of("admin"), List.of()))
                .get("/api/v1/agents").then().statusCode(200);
    }

    @Test
    void wrongRoleIs403AsProblemJson() {
        given().auth().oauth2(token("employee")).contentType(ContentType.JSON)
                .body("{\"action\":\"ACTIVATE\"}").post("/api/v1/agents/whatever/status-changes")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
    }

    @Test
    void validationErrorsNameTheFields() {
        given().auth().oauth2(token("employee")).contentType(ContentType.JSON)
                .body("{\"id\":\"Bad Id\",\"name\":\"\",\"purpose\":\"x\",\"tools\":[],\"dataScopes\":[]}")
                .post("/api/v1/agents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("id")).body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("riskTier"));
    }

    @Test
    void anEmptyOwnerIs400() {
        given().auth().oauth2(token("employee")).contentType(ContentType.JSON)
                .body(agentJson("agent-" + UUID.randomUUID().toString().substring(0, 8), " ")).post("/api/v1/agents")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("owner"));
    }

    static List<Integer> concurrently(int n, java.util.function.IntFunction<Integer> call) throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                calls.add(pool.submit(() -> {
                    start.await();
                    return call.apply(k);
                }));
            }
            start.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var c : calls) {
                statuses.add(c.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentRegistrationsOfOneIdAreOne201AndOtherwise409() throws Exception {
        String id = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        List<Integer> statuses = concurrently(8, i -> given().auth().oauth2(token("employee"))
                .contentType(ContentType.JSON).body(agentJson(id, "bob")).post("/api/v1/agents").then().extract()
                .statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
    }

    @Test
    void concurrentPolicyChangesAreEachANewVersion() throws Exception {
        String admin = TestStack.token("ada", List.of("admin"), List.of());
        long before = given().auth().oauth2(admin).get("/api/v1/policies/budget").then().extract().jsonPath()
                .getLong("version");
        List<Integer> statuses = concurrently(6, i -> given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"maxAutoAmount\":50000,\"maxShareOfLine\":0.2,\"pendingTtlSeconds\":172800}")
                .put("/api/v1/policies/budget").then().extract().statusCode());
        assertEquals(List.of(200, 200, 200, 200, 200, 200), statuses);
        assertEquals(before + 6, given().auth().oauth2(admin).get("/api/v1/policies/budget").then().extract()
                .jsonPath().getLong("version"));
    }

    @Test
    void listValuesWithCommasAreKeptAsGiven() {
        String id = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(token("employee")).contentType(ContentType.JSON)
                .body(agentJson(id, "bob").replace("[\"ledger\",\"mix-model\"]", "[\"a,b\",\"c\"]")
                        .replace("[\"budget\"]", "[\"budget, EMEA\"]"))
                .post("/api/v1/agents").then().statusCode(201).body("tools", equalTo(List.of("a,b", "c")));
        given().auth().oauth2(token("employee")).get("/api/v1/agents/" + id).then().statusCode(200)
                .body("tools", equalTo(List.of("a,b", "c"))).body("dataScopes", equalTo(List.of("budget, EMEA")));
        String useCase = given().auth().oauth2(token("employee")).contentType(ContentType.JSON).body("""
                {"title":"Commas %s","problem":"Lists with commas","dataSources":["sharepoint, research","crm"],
                 "owner":"alice","category":"SNACKABLE","sourcing":"BUILD"}""".formatted(id))
                .post("/api/v1/use-cases").then().statusCode(201).extract().path("id");
        given().auth().oauth2(token("employee")).get("/api/v1/use-cases/" + useCase).then().statusCode(200)
                .body("dataSources", equalTo(List.of("sharepoint, research", "crm")));
    }

    @Test
    void malformedJsonIs400ProblemJson() {
        given().auth().oauth2(token("employee")).contentType(ContentType.JSON).body("{not json")
                .post("/api/v1/agents").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anUnknownEnumValueIs400NamingTheField() {
        given().auth().oauth2(token("employee")).contentType(ContentType.JSON)
                .body(agentJson("agent-enum", "bob").replace("HIGH", "LOW")).post("/api/v1/agents")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("riskTier"));
    }

    @Test
    void unknownResourceIs404ProblemJson() {
        given().auth().oauth2(token("employee")).get("/api/v1/agents/nobody")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("nobody"));
    }

    @Test
    void registeringAnAgentPublishesAValidEventThroughTheOutboxAndTheAuditTrailRecordsIt() {
        String id = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(token("employee")).contentType(ContentType.JSON).header("X-Correlation-Id", "corr-" + id)
                .body(agentJson(id, "bob")).post("/api/v1/agents")
                .then().statusCode(201).body("status", equalTo("PENDING_REVIEW"));

        KafkaCompanion kafka = new KafkaCompanion(TestStack.kafkaBootstrapServers());
        ConsumerTask<String, String> records = kafka.consumeStrings().fromTopics(Topics.AGENTS)
                .awaitRecords(1, Duration.ofSeconds(20));
        ConsumerRecord<String, String> event = records.getRecords().stream().filter(r -> id.equals(r.key()))
                .findFirst().orElseThrow();
        assertEquals(EventType.AGENT_REGISTRATION.ceType(), header(event, CloudEventHeaders.TYPE));
        assertEquals("corr-" + id, header(event, CloudEventHeaders.CORRELATION_ID));
        assertEquals("1.0", header(event, CloudEventHeaders.SPEC_VERSION));
        assertEquals(List.of(), SchemaValidator.instance().validate(EventType.AGENT_REGISTRATION,
                readTree(event.value())));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(token("ops")).queryParam("subject", id).get("/api/v1/audit")
                        .then().statusCode(200).body("$", hasSize(1))
                        .body("[0].eventType", equalTo(EventType.AGENT_REGISTRATION.ceType())));
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndLaterMessagesAreStillAudited() {
        KafkaCompanion kafka = new KafkaCompanion(TestStack.kafkaBootstrapServers());
        String poisonId = UUID.randomUUID().toString();
        String goodId = UUID.randomUUID().toString();
        String subject = "subject-" + goodId;
        kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(
                record(Topics.INSIGHTS, poisonId, subject, "this is { not json"),
                record(Topics.INSIGHTS, goodId, subject, insight(subject, "good"))).awaitCompletion();

        // other tests dead-letter records on the same topic: look for this one
        ConsumerTask<String, String> dead = kafka.consumeStrings().fromTopics(Topics.AUDIT_DEAD_LETTER);
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dead.getRecords().stream()
                    .anyMatch(r -> poisonId.equals(header(r, CloudEventHeaders.ID))));
        } finally {
            dead.stop();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(token("ops")).queryParam("subject", subject).get("/api/v1/audit")
                        .then().statusCode(200).body("$", hasSize(1)).body("[0].eventId", equalTo(goodId)));
    }

    @Test
    void aRedeliveredEventIsAuditedOnceAndTheChainVerifies() {
        KafkaCompanion kafka = new KafkaCompanion(TestStack.kafkaBootstrapServers());
        String id = UUID.randomUUID().toString();
        String subject = "redelivered-" + id;
        String payload = insight(subject, "once");
        kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(record(Topics.INSIGHTS, id, subject, payload),
                record(Topics.INSIGHTS, id, subject, payload)).awaitCompletion();
        String marker = UUID.randomUUID().toString();
        kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(record(Topics.INSIGHTS, marker, subject,
                payload)).awaitCompletion();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(token("ops")).queryParam("subject", subject).get("/api/v1/audit")
                        .then().statusCode(200).body("$", hasSize(2)));
        given().auth().oauth2(token("ops")).get("/api/v1/audit/verification")
                .then().statusCode(200).body("valid", equalTo(true));
    }

    /** A valid synthesis event (the required properties of its schema) of a subject, with a summary. */
    static String insight(String subject, String summary) {
        return "{\"subjectId\":\"" + subject + "\",\"summary\":\"" + summary + "\",\"findings\":[],"
                + "\"method\":\"extractive\",\"correlationId\":\"corr\",\"occurredAt\":\"2026-12-01T00:00:00Z\"}";
    }

    static ProducerRecord<String, byte[]> record(String topic, String id, String subject, String payload) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TYPE, EventType.INSIGHT.ceType().getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.SUBJECT, subject.getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.CORRELATION_ID, ("corr-" + id).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, subject, payload.getBytes(StandardCharsets.UTF_8), headers);
    }

    static String header(ConsumerRecord<String, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return EventJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
