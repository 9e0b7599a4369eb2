package dev.compass.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.contracts.schema.EventJson;
import dev.compass.contracts.schema.SchemaCompatibility;
import dev.compass.contracts.schema.SchemaValidator;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every schema stays compatible with the version released to consumers (a snapshot under
 * src/test/resources/released-schemas). A deliberate breaking change needs a new topic version, not an edit.
 */
class SchemaCompatibilityTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void currentSchemaIsCompatibleWithReleasedOne(EventType type) throws Exception {
        JsonNode released;
        try (InputStream in = getClass().getResourceAsStream("/released-schemas/" + type.ceType() + ".json")) {
            released = EventJson.mapper().readTree(in);
        }
        List<String> breaking = SchemaCompatibility.breakingChanges(released, SchemaValidator.schemaDocument(type));
        assertEquals(List.of(), breaking, type + " breaks existing consumers");
    }

    @Test
    void removingAFieldIsBreaking() {
        ObjectNode candidate = document().deepCopy();
        ((ObjectNode) candidate.get("properties")).remove("title");
        assertEquals(List.of("$.title: removed"), SchemaCompatibility.breakingChanges(document(), candidate));
    }

    @Test
    void makingARequiredFieldOptionalIsBreaking() {
        ObjectNode candidate = document().deepCopy();
        ArrayNode required = (ArrayNode) candidate.get("required");
        for (int i = 0; i < required.size(); i++) {
            if (required.get(i).asText().equals("status")) required.remove(i);
        }
        assertEquals(List.of("$.status: no longer required"), SchemaCompatibility.breakingChanges(document(), candidate));
    }

    @Test
    void changingATypeIsBreaking() {
        ObjectNode candidate = document().deepCopy();
        ((ObjectNode) candidate.at("/properties/sizeBytes")).put("type", "string");
        assertTrue(SchemaCompatibility.breakingChanges(document(), candidate).get(0).startsWith("$.sizeBytes: type changed"));
    }

    @Test
    void addingAValueToAClosedEnumIsBreakingButNotToAnOpenOne() {
        ObjectNode candidate = document().deepCopy();
        ((ArrayNode) candidate.at("/properties/status/enum")).add("ARCHIVED");
        assertEquals(List.of("$.status: value 'ARCHIVED' added to a closed enum"),
                SchemaCompatibility.breakingChanges(document(), candidate));
        ((ObjectNode) candidate.at("/properties/status")).put("x-open-enum", true);
        assertEquals(List.of(), SchemaCompatibility.breakingChanges(document(), candidate));
    }

    @Test
    void addingAnOptionalFieldIsCompatible() {
        ObjectNode candidate = document().deepCopy();
        ((ObjectNode) candidate.get("properties")).putObject("pageCount").put("type", "integer");
        assertEquals(List.of(), SchemaCompatibility.breakingChanges(document(), candidate));
    }

    @Test
    void nestedChangesAreFound() {
        ObjectNode candidate = document().deepCopy();
        ((ObjectNode) candidate.at("/properties/quality/properties/reasons/items/properties")).remove("points");
        assertEquals(List.of("$.quality.reasons[].points: removed"),
                SchemaCompatibility.breakingChanges(document(), candidate));
    }

    private static JsonNode document() {
        return SchemaValidator.schemaDocument(EventType.DOCUMENT);
    }
}
