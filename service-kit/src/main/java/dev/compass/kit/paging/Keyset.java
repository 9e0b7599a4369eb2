package dev.compass.kit.paging;

import dev.compass.kit.problem.ApiException;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Keyset paging for list endpoints whose rows are ordered by a timestamp and then their id. A page is a JSON array of
 * at most {@code limit} items; when more rows follow, the response carries an RFC 8288 {@code Link: <...>; rel="next"}
 * header whose URL repeats the request with an opaque {@code cursor} (the last item's timestamp and id). Unlike
 * offsets, a cursor stays correct while rows are added, and each page is one index range scan.
 *
 * @param at the timestamp of the last row returned
 * @param id the id of the last row returned
 */
public record Keyset(Instant at, String id) {

    /** Default page size of the list endpoints (a string, for {@code @DefaultValue}). */
    public static final String DEFAULT_LIMIT = "100";
    /** Largest page size a caller may ask for. */
    public static final int MAX_LIMIT = 500;
    /** What a paged listing's {@code Link} header holds, for its OpenAPI description. */
    public static final String LINK_DESCRIPTION = "present when more items follow: <URL>; rel=\"next\" (RFC 8288),"
            + " the same query with an opaque cursor";

    /** The range of positions a cursor may name (rows are stamped by the database, within years 1 to 9999). */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** The cursor of a request, or null on the first page; a cursor this API did not issue is a 400 problem. */
    public static Keyset parse(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = s.indexOf('|');
            if (bar <= 0 || bar == s.length() - 1) {
                throw new IllegalArgumentException("no separator");
            }
            Instant at = Instant.parse(s.substring(0, bar));
            if (at.isBefore(EARLIEST) || at.isAfter(LATEST) || s.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("not a position this API issues");
            }
            return new Keyset(at, s.substring(bar + 1));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw ApiException.invalid("cursor", "a cursor returned by this API in a Link header");
        }
    }

    /**
     * The query condition "rows after this position" for rows ordered by {@code (time, id)}, ascending or descending;
     * it binds the named parameters {@code :at} and {@code :id} (HQL and named SQL alike). The leading
     * {@code time <= :at} (or {@code >=}) bounds the scan of a {@code (time, id)} index, so a page deep in the list
     * does not read the rows before it.
     */
    public static String after(String time, String id, boolean descending) {
        String op = descending ? "<" : ">";
        return "(" + time + " " + op + "= :at and (" + time + " " + op + " :at or " + id + " " + op + " :id))";
    }

    /** The opaque form of this position. */
    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The page of {@code fetched} (read with {@code limit + 1} rows, so that one more row tells that a next page
     * exists): its first {@code limit} items, mapped to their view, with a next link when there are more.
     */
    public static <R, V> RestResponse<List<V>> page(List<R> fetched, int limit, Function<R, Keyset> key,
            Function<R, V> view, UriInfo uri) {
        boolean more = fetched.size() > limit;
        List<R> rows = more ? fetched.subList(0, limit) : fetched;
        RestResponse.ResponseBuilder<List<V>> ok = RestResponse.ResponseBuilder.ok(rows.stream().map(view).toList());
        if (more) {
            ok.header("Link", nextLink(uri, "cursor", key.apply(rows.get(limit - 1)).encode(), limit));
        }
        return ok.build();
    }

    /**
     * The value of a {@code Link} header to the next page: this request with {@code param} set to {@code position}
     * and the same {@code limit}, as a reference relative to the host.
     */
    public static String nextLink(UriInfo uri, String param, Object position, int limit) {
        java.net.URI next = uri.getRequestUriBuilder().replaceQueryParam(param, position)
                .replaceQueryParam("limit", limit).build();
        return "<" + next.getRawPath() + "?" + next.getRawQuery() + ">; rel=\"next\"";
    }
}
