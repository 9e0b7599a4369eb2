package dev.compass.governance;

import dev.compass.contracts.CloudEventHeaders;
import dev.compass.contracts.EventType;
import dev.compass.contracts.schema.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** CloudEvents (binary mode) as the other services put them on Kafka. */
final class TestEvents {
    private TestEvents() {}

    record Sent(String id, ProducerRecord<String, byte[]> record) {}

    static Sent event(EventType type, String key, Object payload, String correlationId, String causationId) {
        try {
            return raw(type, key, EventJson.mapper().writeValueAsBytes(payload), correlationId, causationId);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Sent raw(EventType type, String key, byte[] payload, String correlationId, String causationId) {
        String id = UUID.randomUUID().toString();
        RecordHeaders h = new RecordHeaders();
        h.add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
        h.add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
        h.add(CloudEventHeaders.TYPE, type.ceType().getBytes(StandardCharsets.UTF_8));
        h.add(CloudEventHeaders.SOURCE, "/compass/test".getBytes(StandardCharsets.UTF_8));
        h.add(CloudEventHeaders.SUBJECT, key.getBytes(StandardCharsets.UTF_8));
        if (correlationId != null) {
            h.add(CloudEventHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        }
        if (causationId != null) {
            h.add(CloudEventHeaders.CAUSATION_ID, causationId.getBytes(StandardCharsets.UTF_8));
        }
        return new Sent(id, new ProducerRecord<>(type.topic(), null, key, payload, h));
    }
}
