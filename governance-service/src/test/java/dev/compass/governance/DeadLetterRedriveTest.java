package dev.compass.governance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.contracts.EventType;
import dev.compass.contracts.Topics;
import dev.compass.contracts.events.UsageEvent;
import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.Management;
import dev.compass.localstack.TestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Operations see what a consumer set aside and why, and re-drive it once the cause is mended: the event is then
 * applied, once; a record that is still poison is set aside again, not lost; a record naming another source topic is
 * reported and not copied anywhere.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
class DeadLetterRedriveTest {
    static final String DLQ = Topics.deadLetter(Topics.USAGE, "governance-service");

    static String token(String subject, String... roles) {
        return TestStack.token(subject, List.of(roles), List.of());
    }

    static JsonPath topic(int limit) {
        return given().auth().oauth2(token("olga", "ops")).queryParam("limit", limit).get("/api/v1/dead-letters/" + DLQ)
                .then().statusCode(200).extract().jsonPath();
    }

    /** A record as the connector sets it aside: the original, plus why and where from. */
    static ProducerRecord<String, byte[]> deadLettered(TestEvents.Sent original, String sourceTopic, String reason) {
        ProducerRecord<String, byte[]> r = original.record();
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(DLQ, null, r.key(), r.value(), r.headers());
        copy.headers().add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        copy.headers().add("dead-letter-exception-class-name", "java.lang.NullPointerException"
                .getBytes(StandardCharsets.UTF_8));
        copy.headers().add("dead-letter-topic", sourceTopic.getBytes(StandardCharsets.UTF_8));
        copy.headers().add("dead-letter-partition", "0".getBytes(StandardCharsets.UTF_8));
        copy.headers().add("dead-letter-offset", "7".getBytes(StandardCharsets.UTF_8));
        return copy;
    }

    @Test
    void readinessCoversEveryTopicTheServiceUses() {
        // the topics governance produces and acts on, a dead-letter topic for each one it acts on, and the audit's
        // (the audit trail reads every topic by pattern: a topic created later is read when it appears)
        int expected = (int) java.util.Arrays.stream(dev.compass.contracts.EventType.values())
                .filter(t -> t.producers().contains(dev.compass.contracts.EventType.Service.GOVERNANCE)
                        || t.consumers().contains(dev.compass.contracts.EventType.Service.GOVERNANCE)).count()
                + (int) dev.compass.contracts.TopicCatalog.deadLetterTopics().stream()
                .filter(t -> t.name().endsWith(".dlq.governance-service")).count();
        assertEquals(13, expected, "4 produced, 4 acted on, their 4 dead-letter topics and the audit's");
        Management.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'kafka-topics' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'kafka-topics' }.data.topics", equalTo(expected));
    }

    @Test
    void aSetAsideEventIsAppliedOnceReDrivenAndPoisonIsSetAsideAgain() {
        KafkaCompanion kafka = new KafkaCompanion(TestStack.kafkaBootstrapServers());
        String day = "2032-0" + (1 + (int) (Math.random() * 8)) + "-1" + (int) (Math.random() * 9);
        Instant at = LocalDate.parse(day).atTime(9, 0).toInstant(ZoneOffset.UTC);
        String ops = token("olga", "ops");
        given().auth().oauth2(token("eve", "employee")).get("/api/v1/dead-letters").then().statusCode(403);
        given().auth().oauth2(ops).get("/api/v1/dead-letters/" + Topics.USAGE).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString(DLQ));
        given().auth().oauth2(ops).queryParam("limit", 0).post("/api/v1/dead-letters/" + DLQ + "/redrives").then()
                .statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ops).contentType("application/json").body("{\"limit\":5}")
                .post("/api/v1/dead-letters/" + DLQ + "/redrives").then().statusCode(400)
                .body("detail", containsString("takes no body"));
        // the audit trail's dead letters are listed, not copied back to topics every service reads
        given().auth().oauth2(ops).get("/api/v1/dead-letters/" + Topics.AUDIT_DEAD_LETTER).then().statusCode(200);
        given().auth().oauth2(ops).post("/api/v1/dead-letters/" + Topics.AUDIT_DEAD_LETTER + "/redrives").then()
                .statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("not re-driven"));

        // a poison message the consumer sets aside itself, through the connector
        TestEvents.Sent poison = TestEvents.raw(EventType.USAGE, "mallory", "not json".getBytes(StandardCharsets.UTF_8),
                "c-poison", null);
        kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(poison.record()).awaitCompletion();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                topic(200).getList("waiting.eventId").contains(poison.id()));
        Map<String, Object> seen = topic(200).getList("waiting", Map.class).stream()
                .filter(w -> poison.id().equals(w.get("eventId"))).findFirst().orElseThrow();
        assertEquals(Topics.USAGE, seen.get("sourceTopic"));
        assertTrue(String.valueOf(seen.get("reason")).contains("JSON"), "says why: " + seen.get("reason"));
        assertEquals("not json", seen.get("valuePreview"));

        // an event an earlier version failed on (a bug since mended), and a record naming another source topic
        TestEvents.Sent valid = TestEvents.event(EventType.USAGE, "dora", new UsageEvent(UUID.randomUUID().toString(),
                "dora", List.of("employee"), "ANSWER_ASKED", "insight-service", "c-dora", at), "c-dora", null);
        TestEvents.Sent stray = TestEvents.event(EventType.USAGE, "sam", new UsageEvent(UUID.randomUUID().toString(),
                "sam", List.of("employee"), "ANSWER_ASKED", "insight-service", "c-sam", at), "c-sam", null);
        kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(
                deadLettered(valid, Topics.USAGE, "NullPointerException in usage 0.9"),
                deadLettered(stray, Topics.PROPOSALS, "copied here by mistake")).awaitCompletion();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                topic(200).getList("waiting.eventId").contains(stray.id()));
        int waiting = topic(200).getInt("pending");
        given().auth().oauth2(ops).get("/api/v1/dead-letters").then().statusCode(200)
                .body("topic", hasItem(DLQ)).body("find { it.topic == '" + DLQ + "' }.pending", equalTo(waiting));

        JsonPath outcome = given().auth().oauth2(ops).queryParam("limit", 1000).post("/api/v1/dead-letters/" + DLQ + "/redrives").then().statusCode(200).extract().jsonPath();
        assertEquals(waiting - 1, outcome.getInt("redriven"), "all but the stray record go back to their topic");
        assertEquals(List.of(stray.id()), outcome.getList("skipped.eventId"));
        assertEquals(Topics.PROPOSALS, outcome.getString("skipped[0].sourceTopic"));

        // the mended event is applied; the poison is set aside again, with a note of where it was kept
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(token("rita", "reviewer")).queryParam("from", day).queryParam("to", day)
                        .get("/api/v1/adoption").then().statusCode(200)
                        .body("days[0].activeUsers", equalTo(1)).body("days[0].actions", equalTo(1)));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                topic(200).getList("waiting.eventId").contains(poison.id()));
        assertEquals(1, topic(200).getList("waiting.eventId").stream().filter(poison.id()::equals).count(),
                "the re-driven copy of the poison is waiting; the original is done");

        // a second re-drive copies nothing already copied: the usage is still counted once
        JsonPath again = given().auth().oauth2(ops).post("/api/v1/dead-letters/" + DLQ + "/redrives").then()
                .statusCode(200).extract().jsonPath();
        assertTrue(again.getInt("redriven") <= 1, "only the poison set aside again: " + again.getInt("redriven"));
        given().auth().oauth2(token("rita", "reviewer")).queryParam("from", day).queryParam("to", day)
                .get("/api/v1/adoption").then().statusCode(200).body("days[0].actions", equalTo(1));
    }
}
