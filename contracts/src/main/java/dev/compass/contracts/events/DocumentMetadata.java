package dev.compass.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Descriptive metadata of a document, including the taxonomy facets used for search filters. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentMetadata(List<String> authors, String language, LocalDate documentDate, List<String> products,
        List<String> countries, List<String> therapeuticAreas, Map<String, String> tags) {}
