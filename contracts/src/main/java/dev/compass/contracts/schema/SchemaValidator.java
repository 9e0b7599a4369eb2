package dev.compass.contracts.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.compass.contracts.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates event payloads against the JSON Schema of their event type. Thread-safe; schemas load once. */
public final class SchemaValidator {
    private static final SchemaValidator INSTANCE = new SchemaValidator();
    private final Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);

    private SchemaValidator() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        for (EventType type : EventType.values()) {
            schemas.put(type, factory.getSchema(read(type.schemaResource()), config));
        }
    }

    public static SchemaValidator instance() {
        return INSTANCE;
    }

    /** The schema violations of a payload; empty when valid. */
    public List<String> validate(EventType type, JsonNode payload) {
        Set<ValidationMessage> messages = schemas.get(type).validate(payload);
        return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** Validates a record (serialised with {@link EventJson}) and throws when it breaks its contract. */
    public void require(EventType type, Object event) {
        JsonNode node = EventJson.mapper().valueToTree(event);
        List<String> errors = validate(type, node);
        if (!errors.isEmpty()) {
            throw new ContractViolationException(type, errors);
        }
    }

    /** Raw schema document of an event type. */
    public static JsonNode schemaDocument(EventType type) {
        return read(type.schemaResource());
    }

    private static JsonNode read(String resource) {
        try (InputStream in = SchemaValidator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema " + resource);
            }
            return EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An event does not conform to its schema. */
    public static final class ContractViolationException extends RuntimeException {
        private final transient List<String> errors;

        public ContractViolationException(EventType type, List<String> errors) {
            super(type.ceType() + " violates its schema: " + String.join("; ", errors));
            this.errors = errors;
        }

        public List<String> errors() {
            return errors;
        }
    }
}
