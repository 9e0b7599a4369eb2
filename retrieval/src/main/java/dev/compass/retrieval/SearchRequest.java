package dev.compass.retrieval;

import java.util.Objects;
import java.util.Set;

/**
 * A search on behalf of a caller.
 *
 * @param query        free text
 * @param limit        maximum number of hits (1..1000)
 * @param mode         hybrid, lexical or semantic
 * @param filters      metadata filters
 * @param accessGroups groups of the caller; only chunks sharing at least one group are visible
 */
public record SearchRequest(String query, int limit, SearchMode mode, SearchFilters filters,
                            Set<String> accessGroups) {

    public SearchRequest {
        Objects.requireNonNull(query, "query");
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1..1000: " + limit);
        }
        mode = mode == null ? SearchMode.HYBRID : mode;
        filters = filters == null ? SearchFilters.none() : filters;
        accessGroups = accessGroups == null ? Set.of() : Set.copyOf(accessGroups);
    }

    /** Hybrid search without filters. */
    public static SearchRequest of(String query, int limit, Set<String> accessGroups) {
        return new SearchRequest(query, limit, SearchMode.HYBRID, SearchFilters.none(), accessGroups);
    }

    /** Copy with another mode. */
    public SearchRequest withMode(SearchMode m) {
        return new SearchRequest(query, limit, m, filters, accessGroups);
    }
}
