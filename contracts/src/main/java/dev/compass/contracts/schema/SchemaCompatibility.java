package dev.compass.contracts.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a new version of an event schema would break consumers written against the released one.
 * Breaking: a property removed or its type changed, a required property made optional, an enum value added to a
 * closed enum (consumers may switch exhaustively; mark an enum {@code "x-open-enum": true} to allow growth),
 * {@code additionalProperties: false} introduced where it was open. Allowed: new optional properties, new required
 * properties, enum values removed, documentation changes.
 */
public final class SchemaCompatibility {
    private SchemaCompatibility() {}

    /** Human-readable breaking changes from {@code released} to {@code candidate}; empty when compatible. */
    public static List<String> breakingChanges(JsonNode released, JsonNode candidate) {
        List<String> problems = new ArrayList<>();
        compare("$", released, candidate, problems);
        return problems;
    }

    private static void compare(String path, JsonNode before, JsonNode after, List<String> problems) {
        if (after == null || after.isMissingNode()) {
            problems.add(path + ": removed");
            return;
        }
        Set<String> typesBefore = types(before);
        Set<String> typesAfter = types(after);
        if (!typesBefore.isEmpty() && !typesAfter.containsAll(typesBefore)) {
            if (!(typesBefore.equals(Set.of("integer")) && typesAfter.contains("number"))) {
                problems.add(path + ": type changed from " + typesBefore + " to " + typesAfter);
            }
        }
        if (before.has("enum")) {
            Set<String> valuesBefore = texts(before.get("enum"));
            Set<String> valuesAfter = after.has("enum") ? texts(after.get("enum")) : Set.of();
            boolean open = after.path("x-open-enum").asBoolean(false);
            if (!after.has("enum")) {
                // widened to any value of the type: consumers may meet values they do not know
                if (!open) problems.add(path + ": enum removed (closed enum widened to any value)");
            } else if (!open) {
                for (String value : valuesAfter) {
                    if (!valuesBefore.contains(value)) {
                        problems.add(path + ": value '" + value + "' added to a closed enum");
                    }
                }
            }
        }
        Set<String> requiredBefore = texts(before.get("required"));
        Set<String> requiredAfter = texts(after.get("required"));
        for (String field : requiredBefore) {
            if (!requiredAfter.contains(field)) {
                problems.add(path + "." + field + ": no longer required");
            }
        }
        if (!before.path("additionalProperties").isBoolean() && after.path("additionalProperties").isBoolean()
                && !after.path("additionalProperties").asBoolean()) {
            problems.add(path + ": additionalProperties closed");
        }
        JsonNode propsBefore = before.get("properties");
        if (propsBefore != null) {
            JsonNode propsAfter = after.path("properties");
            for (Iterator<String> it = propsBefore.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                compare(path + "." + name, propsBefore.get(name), propsAfter.get(name), problems);
            }
        }
        if (before.has("items")) {
            compare(path + "[]", before.get("items"), after.get("items"), problems);
        }
    }

    private static Set<String> types(JsonNode schema) {
        return texts(schema.get("type"));
    }

    private static Set<String> texts(JsonNode node) {
        Set<String> values = new HashSet<>();
        if (node == null) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }
}
