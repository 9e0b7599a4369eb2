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
 * Turns a Kafka record into an {@link IncomingEvent}: checks the CloudEvents headers, the type, the JSON Schema and
 * the key, and puts the correlation id in the logging context. Anything wrong is a {@link PoisonMessageException}.
 * The key must be the one the catalogue names ({@link EventType#keyOf}): a record under another key sits on another
 * partition than its entity's other events, so it could be applied out of order (or, on a compacted topic, outlive
 * the entity's newest state); it is set aside rather than applied.
 */
public final class EventDecoder {
    private EventDecoder() {}

    public static <T extends Record> IncomingEvent<T> decode(ConsumerRecord<String, ?> record, EventType expected, Class<T> type) {
        String correlationId = header(record, CloudEventHeaders.CORRELATION_ID);
        if (correlationId != null) {
            MDC.put("correlationId", correlationId); // before any check, so a poison message is logged with it
        }
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
        String key = expected.keyOf((Record) payload);
        if (!key.equals(record.key())) {
            throw new PoisonMessageException(expected.ceType() + " " + id + " has the Kafka key "
                    + (record.key() == null ? "null" : "'" + record.key() + "'") + ", not its " + expected.keyField()
                    + " '" + key + "', so it may be out of order with that entity's other events; at "
                    + position(record));
        }
        return new IncomingEvent<>(id, ceType, header(record, CloudEventHeaders.SOURCE),
                header(record, CloudEventHeaders.SUBJECT), correlationId, header(record, CloudEventHeaders.CAUSATION_ID),
                record.topic(), record.partition(), record.offset(), record.key(), payload);
    }

    /**
     * The JSON payload of a record. Poison: no payload, a payload that is not one JSON value (trailing content after it
     * included), and a NUL character (raw or escaped as {@code \u0000}), which no PostgreSQL text or jsonb column
     * can store.
     */
    public static JsonNode json(ConsumerRecord<String, ?> record) {
        Object value = record.value();
        if (value == null) {
            throw new PoisonMessageException("empty payload at " + position(record));
        }
        byte[] bytes = value instanceof byte[] b ? b : value.toString().getBytes(StandardCharsets.UTF_8);
        if (hasNul(bytes)) {
            throw new PoisonMessageException("payload contains a NUL character at " + position(record));
        }
        try {
            return STRICT.readTree(bytes);
        } catch (Exception e) {
            throw new PoisonMessageException("payload is not one JSON value at " + position(record) + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectReader STRICT = EventJson.mapper().reader()
            .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A raw 0x00 byte, or the JSON escape {@code \u0000} (not preceded by another backslash). */
    static boolean hasNul(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return true;
            }
            if (bytes[i] == '\\' && i + 5 < bytes.length && bytes[i + 1] == 'u' && bytes[i + 2] == '0'
                    && bytes[i + 3] == '0' && bytes[i + 4] == '0' && bytes[i + 5] == '0') {
                int backslashes = 0;
                for (int j = i; j >= 0 && bytes[j] == '\\'; j--) {
                    backslashes++;
                }
                if (backslashes % 2 == 1) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A header's value as text; a value with a NUL character (which no database column can store) is poison. */
    public static String header(ConsumerRecord<String, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        for (byte b : header.value()) {
            if (b == 0) {
                throw new PoisonMessageException("header " + name + " contains a NUL character at " + position(record));
            }
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String position(ConsumerRecord<String, ?> record) {
        return record.topic() + "/" + record.partition() + "@" + record.offset();
    }
}
