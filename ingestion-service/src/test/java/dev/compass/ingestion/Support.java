package dev.compass.ingestion;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.schema.EventJson;
import dev.compass.localstack.TestStack;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;

/** Helpers shared by the service tests. */
final class Support {
    private Support() {}

    static Path datasets() {
        return dev.compass.localstack.SharedDatasets.root();
    }

    static String token(String... roles) {
        return TestStack.token("alice", List.of(roles), List.of("market-research"));
    }

    static String ops() {
        return token("ops");
    }

    /** Uploads as an analyst who is a member of the document's groups (and of market-research, as {@link #token}). */
    static Response upload(String site, String path, String fileName, byte[] bytes, List<String> groups) {
        java.util.Set<String> member = new java.util.LinkedHashSet<>(List.of("market-research"));
        member.addAll(groups);
        return uploadAs(TestStack.token("alice", List.of("analyst"), List.copyOf(member)), site, path, fileName, bytes,
                groups);
    }

    static Response uploadAs(String token, String site, String path, String fileName, byte[] bytes,
            List<String> groups) {
        String metadata = "{\"site\":\"" + site + "\",\"path\":\"" + path + "\",\"groups\":"
                + groups.stream().map(g -> "\"" + g + "\"").toList() + ",\"tags\":{\"origin\":\"test\"}}";
        return given().auth().oauth2(token).multiPart("file", fileName, bytes)
                .multiPart("metadata", metadata, "application/json").post("/api/v1/documents");
    }

    /** Waits until a document leaves RECEIVED; returns its final view. */
    static JsonNode awaitTerminal(String id, Duration max) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await().atMost(max).pollInterval(Duration.ofMillis(250)).until(() -> {
            String body = given().auth().oauth2(ops()).get("/api/v1/documents/" + id).then().statusCode(200)
                    .extract().asString();
            last[0] = EventJson.mapper().readTree(body);
            return !last[0].path("status").asText().equals("RECEIVED");
        });
        return last[0];
    }

    static JsonNode json(String s) {
        try {
            return EventJson.mapper().readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Every record of a topic up to its current end (a plain consumer, no group). */
    static List<ConsumerRecord<String, String>> readAll(String topic) {
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", dev.compass.localstack.TestStack.kafkaBootstrapServers());
        props.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        props.put("value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(props)) {
            List<org.apache.kafka.common.TopicPartition> tps = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            var end = consumer.endOffsets(tps);
            List<ConsumerRecord<String, String>> out = new java.util.ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            return out;
        }
    }

    static String header(ConsumerRecord<String, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
