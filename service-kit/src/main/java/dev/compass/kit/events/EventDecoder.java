package dev.compass.kit.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.CloudEventHeaders;
import dev.compass.contracts.EventType;
import dev.compass.contracts.schema.EventJson;
import dev.compass.contracts.schema.SchemaValidator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.MDC;

/**
 * Turns a Kafka record into an {@link IncomingEvent}: checks the CloudEvents headers, the type and the JSON Schema,
 * and puts the correlation id in the logging context. Anything wrong is a {@link PoisonMessageException}.
 */
public final class EventDecoder {
    private EventDecoder() {}

    public static <T> IncomingEvent<T> decode(ConsumerRecord<String, ?> record, EventType expected, Class<T> type) {
        String id = header(record, CloudEventHeaders.ID);
        String ceType = header(record, CloudEventHeaders.TYPE);
        if (id == null || ceType == null) {
            throw new PoisonMessageException("missing CloudEvents headers ce_id/ce_type at " + position(record));
        }
        if (!expected.ceType().equals(ceType)) {
            throw new PoisonMessageException("unexpected event type " + ceType + " at " + position(record));
        }
        JsonNode json = json(record);
        List<String> errors = SchemaValidator.instance().validate(expected, json);
        if (!errors.isEmpty()) {
            throw new PoisonMessageException(expected.ceType() + " " + id + " violates its schema: " + errors);
        }
        T payload;
        try {
            payload = EventJson.mapper().treeToValue(json, type);
        } catch (Exception e) {
            throw new PoisonMessageException("cannot map " + id + " to " + type.getSimpleName(), e);
        }
        String correlationId = header(record, CloudEventHeaders.CORRELATION_ID);
        if (correlationId != null) {
            MDC.put("correlationId", correlationId);
        }
        return new IncomingEvent<>(id, ceType, header(record, CloudEventHeaders.SOURCE),
                header(record, CloudEventHeaders.SUBJECT), correlationId, header(record, CloudEventHeaders.CAUSATION_ID),
                record.topic(), record.partition(), record.offset(), record.key(), payload);
    }

    /** The JSON payload of a record; a record that is not JSON is poison. */
    public static JsonNode json(ConsumerRecord<String, ?> record) {
        Object value = record.value();
        if (value == null) {
            throw new PoisonMessageException("empty payload at " + position(record));
        }
        try {
            return value instanceof byte[] bytes ? EventJson.mapper().readTree(bytes)
                    : EventJson.mapper().readTree(value.toString());
        } catch (Exception e) {
            throw new PoisonMessageException("payload is not JSON at " + position(record), e);
        }
    }

    public static String header(ConsumerRecord<String, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String position(ConsumerRecord<String, ?> record) {
        return record.topic() + "/" + record.partition() + "@" + record.offset();
    }
}
