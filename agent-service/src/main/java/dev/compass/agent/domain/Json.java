package dev.compass.agent.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.contracts.schema.EventJson;

/** JSON helpers on the suite's ObjectMapper conventions. */
public final class Json {
    private Json() {}

    public static String write(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return EventJson.mapper().readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode tree(String json) {
        if (json == null) return null;
        try {
            return EventJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode tree(Object value) {
        return EventJson.mapper().valueToTree(value);
    }

    public static ObjectNode object() {
        return EventJson.mapper().createObjectNode();
    }
}
