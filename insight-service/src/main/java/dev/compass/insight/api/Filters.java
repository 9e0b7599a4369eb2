package dev.compass.insight.api;

import dev.compass.kit.problem.ApiException;
import dev.compass.retrieval.SearchFilters;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Metadata filters of a search or question; every field is optional. Dates are ISO dates of the document. */
public record Filters(@Size(max = 200) String site, @Size(max = 200) String product, @Size(max = 200) String country,
        @Size(max = 200) String therapeuticArea, LocalDate from, LocalDate to,
        @Min(0) @Max(100) Integer minQuality) {

    public SearchFilters toSearchFilters() {
        if (from != null && to != null && from.isAfter(to)) {
            throw ApiException.invalid("filters.from", "must not be after filters.to");
        }
        return new SearchFilters(blank(site), blank(product), blank(country), blank(therapeuticArea), from, to,
                minQuality);
    }

    public static SearchFilters of(Filters f) {
        return f == null ? SearchFilters.none() : f.toSearchFilters();
    }

    /** Filters of a question event (string values); throws IllegalArgumentException on a malformed value. */
    public static SearchFilters fromMap(Map<String, String> m) {
        if (m == null || m.isEmpty()) {
            return SearchFilters.none();
        }
        try {
            Integer minQuality = m.get("minQuality") == null ? null : Integer.valueOf(m.get("minQuality"));
            return new SearchFilters(blank(m.get("site")), blank(m.get("product")), blank(m.get("country")),
                    blank(m.get("therapeuticArea")), date(m.get("from")), date(m.get("to")), minQuality);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("malformed filter: " + e.getMessage(), e);
        }
    }

    private static LocalDate date(String s) {
        return s == null || s.isBlank() ? null : LocalDate.parse(s);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
