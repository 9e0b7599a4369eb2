package dev.compass.ingestion.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.compass.contracts.schema.EventJson;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Small JDBC helpers: arrays and JSON columns. */
final class Jdbc {
    private Jdbc() {}

    static String json(Object value) {
        try {
            return value == null ? null : EventJson.mapper().writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T fromJson(String json, TypeReference<T> type) {
        try {
            return json == null ? null : EventJson.mapper().readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T fromJson(String json, Class<T> type) {
        try {
            return json == null ? null : EventJson.mapper().readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Array texts(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values == null ? new Object[0] : values.toArray());
    }

    static List<String> texts(ResultSet rs, String column) throws SQLException {
        Array a = rs.getArray(column);
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }

    static Map<String, String> stringMap(String json) {
        Map<String, String> m = fromJson(json, new TypeReference<Map<String, String>>() {});
        return m == null ? Map.of() : m;
    }

    static IllegalStateException fail(String what, SQLException e) {
        return new IllegalStateException(what + ": " + e.getMessage(), e);
    }
}
