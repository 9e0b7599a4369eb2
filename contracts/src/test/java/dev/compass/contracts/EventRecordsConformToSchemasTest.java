package dev.compass.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.contracts.schema.EventJson;
import dev.compass.contracts.schema.SchemaValidator;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Java records and the JSON Schemas describe the same events. */
class EventRecordsConformToSchemasTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void aTypicalEventOfEveryTypeValidates(EventType type) {
        Object event = SampleEvents.of(type);
        JsonNode json = EventJson.mapper().valueToTree(event);
        assertEquals(List.of(), SchemaValidator.instance().validate(type, json));
        // and it reads back into the record unchanged
        assertEquals(event, EventJson.mapper().convertValue(json, type.recordType()));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everySchemaPropertyIsAFieldOfTheRecord(EventType type) {
        JsonNode properties = SchemaValidator.schemaDocument(type).get("properties");
        List<String> fields = Arrays.stream(type.recordType().getRecordComponents()).map(c -> c.getName()).toList();
        properties.fieldNames().forEachRemaining(name -> assertFalse(!fields.contains(name),
                type + ": schema property '" + name + "' is not a record field"));
        assertEquals(fields.size(), properties.size(), type + ": record fields missing from the schema");
    }

    @Test
    void everyTypeHasTheKeyItsCatalogueNames() {
        java.util.Map<EventType, String> expected = new java.util.EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            expected.put(type, switch (type) {
                case DOCUMENT, CHUNK, INSIGHT -> "doc-1";
                case DATASET -> "ds-1";
                case MIX_MODEL -> "Cardiozen|DE";
                case CRAWL_WORK -> "site-123";
                case QUESTION, ANSWER, AGENT_MESSAGE -> "conv-1";
                case BUDGET_PROPOSAL, DECISION -> "p-1";
                case LEDGER_ENTRY -> "line-print";
                case AGENT_REGISTRATION -> "finance-agent";
                case USE_CASE -> "uc-1";
                case VIOLATION -> "msg-9";
                case USAGE -> "m.muster";
            });
        }
        for (EventType type : EventType.values()) {
            assertEquals(expected.get(type), type.keyOf((Record) SampleEvents.of(type)), type.name());
        }
    }

    @Test
    void aKeyIsNotTakenFromAnotherTypesRecordNorFromANullField() {
        Record chunk = (Record) SampleEvents.of(EventType.CHUNK);
        assertThrows(IllegalArgumentException.class, () -> EventType.DOCUMENT.keyOf(chunk));
        Record noUser = new dev.compass.contracts.events.UsageEvent("u-2", null, List.of("employee"), "ANSWER_ASKED",
                "insight-service", null, SampleEvents.NOW);
        assertThrows(IllegalArgumentException.class, () -> EventType.USAGE.keyOf(noUser));
    }

    @Test
    void anEventWithoutCorrelationIdIsRejected() {
        ObjectNode json = EventJson.mapper().valueToTree(SampleEvents.of(EventType.DOCUMENT));
        json.remove("correlationId");
        assertFalse(SchemaValidator.instance().validate(EventType.DOCUMENT, json).isEmpty());
    }

    @Test
    void anUnknownStatusIsRejected() {
        ObjectNode json = EventJson.mapper().valueToTree(SampleEvents.of(EventType.DOCUMENT));
        json.put("status", "LOST");
        assertFalse(SchemaValidator.instance().validate(EventType.DOCUMENT, json).isEmpty());
    }

    @Test
    void requireThrowsWithTheFieldNamed() {
        ObjectNode json = EventJson.mapper().valueToTree(SampleEvents.of(EventType.AGENT_MESSAGE));
        json.put("performative", "SHOUT");
        var error = assertThrows(SchemaValidator.ContractViolationException.class,
                () -> SchemaValidator.instance().require(EventType.AGENT_MESSAGE, json));
        assertFalse(error.errors().isEmpty());
        assertFalse(!error.getMessage().contains("performative"), error.getMessage());
    }
}
