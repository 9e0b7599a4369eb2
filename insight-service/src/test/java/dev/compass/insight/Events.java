package dev.compass.insight;

import dev.compass.contracts.CloudEventHeaders;
import dev.compass.contracts.EventType;
import dev.compass.contracts.events.ChunkEvent;
import dev.compass.contracts.events.DocumentEvent;
import dev.compass.contracts.events.DocumentMetadata;
import dev.compass.contracts.schema.EventJson;
import dev.compass.localstack.TestStack;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;

/** Produces contract events the way the producing services do (CloudEvents headers, JSON payload). */
final class Events {
    private Events() {}

    static KafkaCompanion kafka() {
        return new KafkaCompanion(TestStack.kafkaBootstrapServers());
    }

    static ProducerRecord<String, byte[]> record(EventType type, String key, Record payload, String id,
            String correlationId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TYPE, type.ceType().getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.SOURCE, "/compass/test".getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.SUBJECT, key.getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        try {
            return new ProducerRecord<>(type.topic(), null, key, EventJson.mapper().writeValueAsBytes(payload), headers);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String send(EventType type, String key, Record payload, String correlationId) {
        String id = UUID.randomUUID().toString();
        kafka().produce(Serdes.String(), Serdes.ByteArray()).fromRecords(record(type, key, payload, id, correlationId))
                .awaitCompletion();
        return id;
    }

    /** A test document: its chunks, one per text, on pages 1..n. */
    record Doc(String id, String title, String site, List<String> groups, String product, String country,
            String area, LocalDate date, int quality, List<String> texts) {

        List<ChunkEvent> chunks() {
            List<ChunkEvent> out = new ArrayList<>();
            DocumentMetadata meta = new DocumentMetadata(List.of("Test Author"), "en", date,
                    product == null ? null : List.of(product), country == null ? null : List.of(country),
                    area == null ? null : List.of(area), null);
            for (int i = 0; i < texts.size(); i++) {
                out.add(new ChunkEvent(id, id + "-c" + i, i, texts.size(), title, site, i + 1, i + 1, List.of(title),
                        texts.get(i), texts.get(i).split("\\s+").length, groups, quality, meta, "corr-" + id, null,
                        Instant.now()));
            }
            return out;
        }

        void publish() {
            publish(chunks());
        }

        void publish(List<ChunkEvent> chunks) {
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            for (ChunkEvent c : chunks) {
                records.add(record(EventType.CHUNK, id, c, UUID.randomUUID().toString(), "corr-" + id));
            }
            kafka().produce(Serdes.String(), Serdes.ByteArray()).fromRecords(records).awaitCompletion();
        }

        /** Ingestion sets this document aside as a duplicate of {@code original}, after it was published. */
        void setAsideAsDuplicateOf(String original) {
            send(EventType.DOCUMENT, id, new DocumentEvent(id, "DUPLICATE", null, null, original, site, "/" + id,
                    title, "application/pdf", null, null, groups, null, null, "corr-dup-" + id, null, Instant.now()),
                    "corr-dup-" + id);
        }

        void delete() {
            send(EventType.DOCUMENT, id, new DocumentEvent(id, "DELETED", null, null, null, site, "/" + id, title,
                    "application/pdf", null, null, groups, null, null, "corr-del-" + id, null, Instant.now()),
                    "corr-del-" + id);
        }
    }

    static String header(ConsumerRecord<String, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static com.fasterxml.jackson.databind.JsonNode json(String value) {
        try {
            return EventJson.mapper().readTree(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
