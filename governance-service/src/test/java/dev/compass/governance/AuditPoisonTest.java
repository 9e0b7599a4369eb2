package dev.compass.governance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.contracts.CloudEventHeaders;
import dev.compass.contracts.EventType;
import dev.compass.contracts.Topics;
import dev.compass.governance.persistence.AuditStore;
import dev.compass.kit.events.PoisonMessageException;
import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.TestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * One record PostgreSQL cannot store (a NUL in a header, JSON followed by a NUL byte, a NUL or an unpaired surrogate
 * escaped in a JSON string, invalid UTF-8, trailing content, a tombstone, a value too large for an index)
 * never stops the audit trail: it goes to the audit dead-letter topic with the reason, the events after it are
 * recorded, and the chain still verifies.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
class AuditPoisonTest {
    @Inject
    AuditStore store;

    static String ops() {
        return TestStack.token("olga", List.of("ops"), List.of());
    }

    /** A CloudEvent on {@code topic} with a ce_id of raw bytes. */
    static ProducerRecord<String, byte[]> record(String topic, byte[] id, String subject, byte[] payload) {
        RecordHeaders h = new RecordHeaders();
        h.add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
        h.add(CloudEventHeaders.ID, id);
        h.add(CloudEventHeaders.TYPE, EventType.USE_CASE.ceType().getBytes(StandardCharsets.UTF_8));
        h.add(CloudEventHeaders.SOURCE, "/compass/probe".getBytes(StandardCharsets.UTF_8));
        h.add(CloudEventHeaders.SUBJECT, subject.getBytes(StandardCharsets.UTF_8));
        h.add(CloudEventHeaders.CORRELATION_ID, ("corr-" + subject).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(topic, null, subject, payload, h);
    }

    /** A valid use-case event (its schema's required properties) for a use case id written as raw JSON string text. */
    static String valid(String useCaseIdJson) {
        return "{\"useCaseId\":\"" + useCaseIdJson + "\",\"change\":\"CREATED\",\"status\":\"SUBMITTED\","
                + "\"correlationId\":\"corr\",\"occurredAt\":\"2026-12-01T00:00:00Z\"}";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] withNul(String json) {
        byte[] bytes = Arrays.copyOf(utf8(json), utf8(json).length + 1);
        bytes[bytes.length - 1] = 0;
        return bytes;
    }

    static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void recordsPostgresCannotStoreAreDeadLetteredAndTheAuditTrailCarriesOn() {
        KafkaCompanion kafka = new KafkaCompanion(TestStack.kafkaBootstrapServers());
        String run = UUID.randomUUID().toString().substring(0, 8);
        String subject = "probe-" + run;
        String payload = valid(subject);
        // bad record (by its distinctive ce_id bytes) → the reason must mention this
        Map<String, String> expectedReason = new HashMap<>();
        List<ProducerRecord<String, byte[]>> sent = new ArrayList<>();
        List<String> good = new ArrayList<>();
        java.util.function.BiConsumer<byte[], String> bad = (value, reason) -> {
            String id = "bad-" + run + "-" + expectedReason.size();
            expectedReason.put(id, reason);
            sent.add(record(Topics.USE_CASES, utf8(id), subject, value));
            String goodId = "good-" + run + "-" + good.size();
            good.add(goodId);
            sent.add(record(Topics.USE_CASES, utf8(goodId), subject, utf8(payload)));
        };
        // the probe's first record: a NUL inside the ce_id header (its id is told apart by the DLQ offset below)
        byte[] nulId = utf8("probe-nul-\0-id-" + run);
        sent.add(record(Topics.USE_CASES, nulId, subject, utf8(payload)));
        String afterNulId = "good-" + run + "-after-nul-id";
        good.add(afterNulId);
        sent.add(record(Topics.USE_CASES, utf8(afterNulId), subject, utf8(payload)));
        bad.accept(withNul("{\"useCaseId\":\"probe-nul2\"}"), "NUL");
        bad.accept(utf8("{\"useCaseId\":\"probe-\\u0000-escaped\"}"), "NUL");
        bad.accept(utf8("{\"useCaseId\":\"probe-\\ud800-lone\"}"), "unpaired surrogate");
        bad.accept(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}, "UTF-8");
        bad.accept(utf8("{\"useCaseId\":\"probe\"} and then some"), "not one JSON value");
        bad.accept(null, "empty payload");
        // what every consumer of the topic refuses is not on the record either: a payload of the wrong shape, and an
        // event of another topic's type
        bad.accept(utf8("{\"hello\":\"wrong shape\",\"n\":1}"), "violates its schema");
        String foreignId = "bad-" + run + "-" + expectedReason.size();
        expectedReason.put(foreignId, "is not one of " + Topics.USE_CASES);
        ProducerRecord<String, byte[]> foreign = record(Topics.USE_CASES, utf8(foreignId), subject, utf8(payload));
        foreign.headers().remove(CloudEventHeaders.TYPE);
        foreign.headers().add(CloudEventHeaders.TYPE, utf8(EventType.USAGE.ceType()));
        sent.add(foreign);
        // a valid surrogate pair (an emoji) escaped in JSON is fine
        String emoji = "good-" + run + "-emoji";
        good.add(emoji);
        sent.add(record(Topics.USE_CASES, utf8(emoji), subject, utf8(valid("\\ud83d\\ude00"))));

        ConsumerTask<String, byte[]> dead = kafka.consume(Serdes.String(), Serdes.ByteArray())
                .fromTopics(Topics.AUDIT_DEAD_LETTER);
        try {
            kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(sent).awaitCompletion();

            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ops())
                    .queryParam("subject", subject).get("/api/v1/audit").then().statusCode(200)
                    .body("$", hasSize(good.size())).body("eventId", equalTo(good)));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mine(dead, run).size()
                    == expectedReason.size() + 1);
            List<ConsumerRecord<String, byte[]>> mine = mine(dead, run);
            ConsumerRecord<String, byte[]> nul = mine.stream().filter(r -> Arrays.equals(nulId,
                    r.headers().lastHeader(CloudEventHeaders.ID).value())).findFirst().orElseThrow();
            assertTrue(header(nul, "dead-letter-reason").contains("header ce_id"), header(nul, "dead-letter-reason"));
            assertTrue(header(nul, "dead-letter-reason").contains("NUL"), header(nul, "dead-letter-reason"));
            for (ConsumerRecord<String, byte[]> r : mine) {
                assertEquals(PoisonMessageException.class.getName(), header(r, "dead-letter-exception-class-name"));
                assertEquals(Topics.USE_CASES, header(r, "dead-letter-topic"));
                assertNotNull(header(r, "dead-letter-partition"));
                assertNotNull(header(r, "dead-letter-offset"));
                assertEquals(subject, r.key());
                String id = header(r, CloudEventHeaders.ID);
                if (expectedReason.containsKey(id)) {
                    assertTrue(header(r, "dead-letter-reason").contains(expectedReason.get(id)),
                            id + ": " + header(r, "dead-letter-reason"));
                }
            }
            ConsumerRecord<String, byte[]> tombstone = mine.stream().filter(r -> "empty payload".equals(
                    expectedReason.get(header(r, CloudEventHeaders.ID)))).findFirst().orElseThrow();
            assertNull(tombstone.value(), "a tombstone stays a tombstone on the dead-letter topic");
            ConsumerRecord<String, byte[]> trailingNul = mine.stream().filter(r -> ("bad-" + run + "-0").equals(
                    header(r, CloudEventHeaders.ID))).findFirst().orElseThrow();
            assertArrayEquals(withNul("{\"useCaseId\":\"probe-nul2\"}"), trailingNul.value(),
                    "the dead-letter copy is the record as it was");
        } finally {
            dead.stop();
        }
        given().auth().oauth2(ops()).get("/api/v1/audit/verification").then().statusCode(200)
                .body("valid", equalTo(true));
    }

    /**
     * A record whose every field is valid text but which the database still refuses (a subject too large for its
     * index, SQLState 54000) fails the batch; the audit falls back to one record at a time, dead-letters that one with
     * the database's error, records the rest in order, and the chain verifies.
     */
    @Test
    void aRecordTheDatabaseRefusesIsDeadLetteredWithItsErrorAndTheRestOfTheBatchIsRecorded() {
        KafkaCompanion kafka = new KafkaCompanion(TestStack.kafkaBootstrapServers());
        String run = UUID.randomUUID().toString().substring(0, 8);
        String subject = "refused-" + run;
        String payload = valid(subject);
        SecureRandom random = new SecureRandom();
        StringBuilder huge = new StringBuilder("huge-" + run + "-");
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        while (huge.length() < 12_000) {
            huge.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        List<String> good = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            good.add("good-" + run + "-" + i);
            sent.add(record(Topics.USE_CASES, utf8(good.get(i)), subject, utf8(payload)));
        }
        String refusedId = "bad-" + run + "-huge-subject";
        sent.add(record(Topics.USE_CASES, utf8(refusedId), huge.toString(), utf8(payload)));
        for (int i = 3; i < 6; i++) {
            good.add("good-" + run + "-" + i);
            sent.add(record(Topics.USE_CASES, utf8(good.get(i)), subject, utf8(payload)));
        }
        ConsumerTask<String, byte[]> dead = kafka.consume(Serdes.String(), Serdes.ByteArray())
                .fromTopics(Topics.AUDIT_DEAD_LETTER);
        try {
            kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(sent).awaitCompletion();
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ops())
                    .queryParam("subject", subject).get("/api/v1/audit").then().statusCode(200)
                    .body("eventId", equalTo(good)));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mine(dead, run).size() == 1);
            ConsumerRecord<String, byte[]> refused = mine(dead, run).get(0);
            assertEquals(refusedId, header(refused, CloudEventHeaders.ID));
            String reason = header(refused, "dead-letter-reason");
            assertTrue(reason.contains("cannot be stored in the audit trail") && reason.contains("54000"), reason);
            assertTrue(reason.length() <= 1000, "the reason is bounded: " + reason.length());
            assertEquals("org.postgresql.util.PSQLException", header(refused, "dead-letter-cause-class-name"));
            assertNotNull(header(refused, "dead-letter-cause"));
        } finally {
            dead.stop();
        }
        given().auth().oauth2(ops()).get("/api/v1/audit/verification").then().statusCode(200)
                .body("valid", equalTo(true));
    }

    /** An event id is unique for its producer, not across topics: another topic's event reusing it is recorded too. */
    @Test
    void anEventOfAnotherTopicThatReusesARecordedEventIdIsRecordedToo() {
        KafkaCompanion kafka = new KafkaCompanion(TestStack.kafkaBootstrapServers());
        String run = UUID.randomUUID().toString().substring(0, 8);
        String subject = "reuse-" + run;
        String id = "shared-" + run;
        kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(List.of(record(Topics.USE_CASES, utf8(id), subject,
                utf8(valid(subject))))).awaitCompletion();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ops())
                .queryParam("subject", subject).get("/api/v1/audit").then().statusCode(200)
                .body("topic", equalTo(List.of(Topics.USE_CASES))));
        ProducerRecord<String, byte[]> usage = record(Topics.USAGE, utf8(id), subject, utf8("{\"usageId\":\"" + id
                + "\",\"user\":\"" + subject + "\",\"roles\":[\"employee\"],\"action\":\"ANSWER_ASKED\","
                + "\"correlationId\":\"corr\",\"occurredAt\":\"2026-12-01T00:00:00Z\"}"));
        usage.headers().remove(CloudEventHeaders.TYPE);
        usage.headers().add(CloudEventHeaders.TYPE, utf8(EventType.USAGE.ceType()));
        kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(List.of(usage)).awaitCompletion();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ops())
                .queryParam("subject", subject).get("/api/v1/audit").then().statusCode(200)
                .body("topic", equalTo(List.of(Topics.USE_CASES, Topics.USAGE)))
                .body("eventId", equalTo(List.of(id, id))));
        given().auth().oauth2(ops()).get("/api/v1/audit/verification").then().statusCode(200)
                .body("valid", equalTo(true));
    }

    /** This run's records on the dead-letter topic (ce_id starting with the probe or bad- prefix and the run). */
    static List<ConsumerRecord<String, byte[]>> mine(ConsumerTask<String, byte[]> dead, String run) {
        return dead.getRecords().stream().filter(r -> {
            var h = r.headers().lastHeader(CloudEventHeaders.ID);
            String id = h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
            return id.endsWith(run) || id.startsWith("bad-" + run);
        }).toList();
    }
}
