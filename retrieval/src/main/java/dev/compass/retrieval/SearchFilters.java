package dev.compass.retrieval;

import java.time.LocalDate;

/**
 * Optional metadata filters; null fields do not filter.
 *
 * @param from       earliest document date, inclusive
 * @param to         latest document date, inclusive
 * @param minQuality minimum source quality (0..100)
 */
public record SearchFilters(String site, String product, String country, String therapeuticArea,
                            LocalDate from, LocalDate to, Integer minQuality) {

    /** No filter. */
    public static SearchFilters none() {
        return new SearchFilters(null, null, null, null, null, null, null);
    }
}
