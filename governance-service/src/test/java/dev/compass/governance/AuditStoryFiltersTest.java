package dev.compass.governance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.contracts.CloudEventHeaders;
import dev.compass.contracts.EventType;
import dev.compass.contracts.Topics;
import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.TestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The filters of an audit story combine (every one given applies), and a record's times are ISO-8601 UTC. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
class AuditStoryFiltersTest {
    static String ops() {
        return TestStack.token("olga", List.of("ops"), List.of());
    }

    static ProducerRecord<String, byte[]> record(String subject, String correlationId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TYPE, EventType.INSIGHT.ceType().getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.SUBJECT, subject.getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(Topics.INSIGHTS, null, subject, GovernancePlatformTest.insight(subject, "x")
                .getBytes(StandardCharsets.UTF_8), headers);
    }

    static List<Long> seqs(String query) {
        return given().auth().oauth2(ops()).get("/api/v1/audit?" + query).then().statusCode(200).extract().jsonPath()
                .getList("seq", Long.class);
    }

    /** Every record of the query, page by page by the Link headers; asserts each link keeps the filters. */
    static List<Long> walk(String query, String... kept) {
        List<Long> seqs = new ArrayList<>();
        String next = "/api/v1/audit?" + query;
        while (next != null) {
            io.restassured.response.Response page = given().auth().oauth2(ops()).get(next);
            page.then().statusCode(200);
            seqs.addAll(page.jsonPath().getList("seq", Long.class));
            String link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
            for (String filter : kept) {
                assertTrue(next == null || next.contains(filter), "the next link keeps " + filter + ": " + next);
            }
        }
        return seqs;
    }

    @Test
    void everyFilterGivenApplies() {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String s1 = "s1-" + u, s2 = "s2-" + u, k = "k-" + u, l = "l-" + u;
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(record(s1, k));
        }
        records.add(record(s2, k));
        records.add(record(s2, k));
        records.add(record(s1, l));
        records.add(record(s1, l));
        new KafkaCompanion(TestStack.kafkaBootstrapServers()).produce(Serdes.String(), Serdes.ByteArray())
                .fromRecords(records).awaitCompletion();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ops())
                .queryParam("subject", s1).get("/api/v1/audit").then().body("$", hasSize(7)));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ops())
                .queryParam("correlationId", k).get("/api/v1/audit").then().body("$", hasSize(7)));
        List<Long> ofK = seqs("correlationId=" + k);
        List<Long> ofS1 = seqs("subject=" + s1);
        List<Long> both = ofK.stream().filter(ofS1::contains).toList();
        assertEquals(5, both.size());

        assertEquals(both, seqs("correlationId=" + k + "&subject=" + s1), "correlation and subject together");
        assertEquals(both, seqs("conversationId=" + k + "&subject=" + s1), "conversation and subject together");
        assertEquals(List.of(), seqs("correlationId=" + l + "&subject=" + s2), "no record has both");
        assertEquals(List.of(), seqs("correlationId=nonexistent-" + u + "&subject=" + s1));
        assertEquals(List.of(), seqs("conversationId=" + k + "&correlationId=" + l), "two stories share nothing");
        assertEquals(ofK, seqs("conversationId=" + k + "&correlationId=" + k));
        assertEquals(both, seqs("conversationId=" + k + "&correlationId=" + k + "&subject=" + s1));
        // paged: 2 + 2 + 1, in order, none twice, every link keeping the filters
        assertEquals(both, walk("correlationId=" + k + "&subject=" + s1 + "&limit=2", "correlationId=" + k,
                "subject=" + s1));
        assertEquals(both.subList(2, 5), seqs("correlationId=" + k + "&subject=" + s1 + "&afterSeq=" + both.get(1)));
    }

    @Test
    void recordedAtIsIso8601Utc() {
        String u = UUID.randomUUID().toString().substring(0, 8);
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        new KafkaCompanion(TestStack.kafkaBootstrapServers()).produce(Serdes.String(), Serdes.ByteArray())
                .fromRecords(record("at-" + u, "at-k-" + u)).awaitCompletion();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ops())
                .queryParam("subject", "at-" + u).get("/api/v1/audit").then().body("$", hasSize(1)));
        String recordedAt = given().auth().oauth2(ops()).queryParam("subject", "at-" + u).get("/api/v1/audit").then()
                .extract().path("[0].recordedAt");
        assertTrue(recordedAt.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z"), recordedAt);
        Instant at = Instant.parse(recordedAt);
        assertTrue(!at.isBefore(before) && at.isBefore(Instant.now().plusSeconds(5)), recordedAt);
    }
}
