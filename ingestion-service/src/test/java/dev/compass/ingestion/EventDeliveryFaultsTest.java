package dev.compass.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.CloudEventHeaders;
import dev.compass.contracts.EventType;
import dev.compass.contracts.Topics;
import dev.compass.localstack.LocalPostgres;
import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.TestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Events too large for the broker: refused before anything is stored when a request would cause one, set aside
 * without holding up (or duplicating) the events behind it when one reaches the outbox anyway, and dead-lettered
 * whole when a poison message is as large as its topic allows.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingestion"))
class EventDeliveryFaultsTest {

    static Connection db() throws Exception {
        return DriverManager.getConnection(TestStack.jdbcUrl("ingestion"), LocalPostgres.USER, LocalPostgres.PASSWORD);
    }

    @Test
    void aDataSetWhoseEventWouldBeLargerThanABrokerAcceptsIsRefusedAndNothingIsStored() throws Exception {
        List<String> channels = new ArrayList<>();
        for (int c = 0; c < 100; c++) {
            channels.add(String.format("spend_channel_%03d", c)); // 100 long names: about 1.5 MB of JSON rows
        }
        StringBuilder csv = new StringBuilder("date,revenue," + String.join(",", channels) + "\n");
        LocalDate week = LocalDate.of(2014, 1, 6);
        for (int w = 0; w < 600; w++, week = week.plusWeeks(1)) {
            csv.append(week).append(',').append(100_000 + w);
            for (int c = 0; c < channels.size(); c++) {
                csv.append(',').append(1000 + (w * 31 + c * 17) % 900);
            }
            csv.append('\n');
        }
        given().auth().oauth2(Support.token("analyst")).contentType("text/csv").body(csv.toString())
                .queryParam("brand", "Hugebrand").queryParam("market", "DE").queryParam("kpi", "revenue")
                .queryParam("dateColumn", "date").queryParam("channels", String.join(",", channels))
                .post("/api/v1/datasets").then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("events are at most 1000000 bytes"));
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from dataset where brand = 'Hugebrand'"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertEquals(0, rs.getInt(1), "nothing is stored: the data set and its event roll back together");
        }
    }

    @Test
    void anEventTheBrokerRefusesIsSetAsideAndTheEventsBehindItArePublishedOnce() throws Exception {
        // an event larger than the broker accepts reaches the outbox (as one written before the size check would)
        String bigId = UUID.randomUUID().toString();
        char[] filler = new char[1_200_000];
        Arrays.fill(filler, 'x');
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("insert into outbox_event (event_id, topic,"
                + " event_key, ce_type, ce_source, correlation_id, payload) values (?::uuid, ?, 'big', ?,"
                + " '/compass/ingestion-service', 'big', ?)")) {
            ps.setString(1, bigId);
            ps.setString(2, Topics.DOCUMENTS);
            ps.setString(3, EventType.DOCUMENT.ceType());
            ps.setString(4, "{\"filler\":\"" + new String(filler) + "\"}");
            ps.executeUpdate();
        }
        // the events behind it still go out, each once
        String id = Support.upload("faults", "/after-the-big-one.txt", "after-the-big-one.txt",
                ("Market access notes on Cardiozen after the reimbursement decision in Bavaria, with the views of"
                        + " hospital pharmacists and payers collected in March.").getBytes(StandardCharsets.UTF_8),
                List.of("market-research")).then().statusCode(202).extract().path("id");
        JsonNode done = Support.awaitTerminal(id, Duration.ofSeconds(60));
        assertEquals("PUBLISHED", done.path("status").asText(), done.toString());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !copies(Topics.DOCUMENTS, id).isEmpty()
                && !copies(Topics.CHUNKS, id).isEmpty());
        Thread.sleep(3000); // a relay polls every 2 s: a re-sent batch would show by now
        for (String topic : List.of(Topics.DOCUMENTS, Topics.CHUNKS)) {
            copies(topic, id).forEach((event, n) -> assertEquals(1, n, topic + " event " + event + " was published "
                    + n + " times"));
        }
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "select published_at, failed_at, failure from outbox_event where event_id = ?::uuid")) {
            ps.setString(1, bigId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertNull(rs.getTimestamp(1), "never published");
                assertNotNull(rs.getTimestamp(2), "set aside");
                assertTrue(rs.getString(3).contains("RecordTooLargeException"), rs.getString(3));
            }
        }
    }

    /** How many times each event of a document is on a topic. */
    static Map<String, Integer> copies(String topic, String documentId) {
        Map<String, Integer> copies = new HashMap<>();
        for (ConsumerRecord<String, String> r : Support.readAll(topic)) {
            if (documentId.equals(r.key())) {
                copies.merge(Support.header(r, CloudEventHeaders.ID), 1, Integer::sum);
            }
        }
        return copies;
    }

    @Test
    void aPoisonMessageAsLargeAsItsTopicAllowsIsDeadLetteredWholeAndTheConsumerGoesOn() throws Exception {
        String poisonId = "large-poison-" + UUID.randomUUID();
        byte[] value = new byte[1_048_200]; // just under the broker's message limit, with the headers
        Arrays.fill(value, (byte) 'p');
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafkaBootstrapServers());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "4194304");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(CloudEventHeaders.ID, poisonId.getBytes(StandardCharsets.UTF_8));
            headers.add(CloudEventHeaders.TYPE, EventType.CRAWL_WORK.ceType().getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(Topics.CRAWL_WORK, null, "site-poison", value, headers)).get();
        }
        // the crawl-work consumer goes on: a sync after the poison runs to the end
        Path root = Files.createTempDirectory("fs-after-poison");
        FilesystemConnectorTest.write(root.resolve("site-p/notes.txt"), FilesystemConnectorTest.text("a poison"));
        String sourceId = given().auth().oauth2(Support.ops()).contentType(ContentType.JSON)
                .body("{\"type\":\"filesystem\",\"name\":\"after poison\",\"config\":{\"root\":\"" + root
                        + "\",\"groups\":[\"market-research\"]}}")
                .post("/api/v1/sources").then().statusCode(201).extract().path("id");
        JsonNode sync = FilesystemConnectorTest.sync(sourceId);
        assertEquals("COMPLETED", sync.path("status").asText(), sync.toString());

        // and the poison is on the dead-letter topic, whole, with the reason
        String dlq = Topics.deadLetter(Topics.CRAWL_WORK, "ingestion-service");
        ConsumerRecord<String, String>[] dead = new ConsumerRecord[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            dead[0] = Support.readAll(dlq).stream().filter(r -> poisonId.equals(Support.header(r, CloudEventHeaders.ID)))
                    .findFirst().orElse(null);
            return dead[0] != null;
        });
        assertEquals(value.length, dead[0].value().getBytes(StandardCharsets.UTF_8).length);
        String reason = Support.header(dead[0], "dead-letter-reason");
        assertNotNull(reason);
        assertFalse(reason.isBlank());
    }
}
