package dev.compass.kit.paging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query of one page of a list endpoint for Panache: optional filters, the position after a cursor, and the
 * keyset order. {@code find(q.query(), q.params()).range(0, limit)} reads the page and the one row that tells whether
 * another page follows.
 */
public final class KeysetQuery {
    private final String time;
    private final String id;
    private final boolean descending;
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> params = new LinkedHashMap<>();

    /** Rows ordered by {@code (time, id)}, newest first when {@code descending}. */
    public KeysetQuery(String time, String id, boolean descending) {
        this.time = time;
        this.id = id;
        this.descending = descending;
    }

    /** Adds {@code condition}, which binds {@code :name}, unless {@code value} is null. */
    public KeysetQuery filter(String condition, String name, Object value) {
        if (value != null) {
            conditions.add(condition);
            params.put(name, value);
        }
        return this;
    }

    /** Keeps only the rows after {@code cursor}'s position; nothing on the first page (null). */
    public KeysetQuery after(Keyset cursor) {
        if (cursor != null) {
            conditions.add(Keyset.after(time, id, descending));
            params.put("at", cursor.at());
            params.put("id", cursor.id());
        }
        return this;
    }

    public String query() {
        String dir = descending ? " desc" : "";
        return (String.join(" and ", conditions) + " order by " + time + dir + ", " + id + dir).strip();
    }

    public Map<String, Object> params() {
        return params;
    }
}
