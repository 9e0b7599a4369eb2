package dev.compass.ingestion.domain;

import dev.compass.contracts.events.DocumentMetadata;
import dev.compass.contracts.events.Quality;
import dev.compass.documents.Outcome;
import dev.compass.documents.PipelineResult;
import dev.compass.documents.quality.QualityScore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps the pipeline's results onto the event contract. Framework-free. */
public final class Outcomes {
    private Outcomes() {}

    /**
     * The quality carried on every document event. A published document has the pipeline's itemised score; a document
     * that is not indexed scores 0, with the reason it was not (so a consumer never has to guess).
     */
    public static Quality quality(PipelineResult r) {
        if (r.outcome() == Outcome.PUBLISHED && r.quality() != null) {
            return quality(r.quality());
        }
        if (r.outcome() == Outcome.DUPLICATE) {
            return new Quality(0, List.of(new Quality.QualityReason("DUPLICATE", 100,
                    "duplicate of " + r.duplicateOf() + ": " + r.detail())));
        }
        String reason = r.reason() == null ? "UNKNOWN" : r.reason().name();
        return new Quality(0, List.of(new Quality.QualityReason("QUARANTINED_" + reason, 100, r.detail())));
    }

    public static Quality quality(QualityScore score) {
        List<Quality.QualityReason> reasons = new ArrayList<>();
        score.reasons().forEach(q -> reasons.add(new Quality.QualityReason(q.code(), q.points(), q.detail())));
        return new Quality(score.score(), reasons);
    }

    /** Contract metadata (facets for search filters) from the pipeline's metadata and the source's tags. */
    public static DocumentMetadata metadata(dev.compass.documents.metadata.DocumentMetadata md, Map<String, String> tags) {
        Map<String, String> t = tags == null || tags.isEmpty() ? null : new LinkedHashMap<>(tags);
        if (md == null) {
            return t == null ? null : new DocumentMetadata(null, null, null, null, null, null, t);
        }
        return new DocumentMetadata(nullIfEmpty(md.authors()), md.language(), md.effectiveDate(),
                nullIfEmpty(md.products()), nullIfEmpty(md.countries()), nullIfEmpty(md.therapeuticAreas()), t);
    }

    /** Tags as the pipeline takes them ({@code key=value}). */
    public static java.util.Set<String> tagSet(Map<String, String> tags) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        if (tags != null) {
            tags.forEach((k, v) -> out.add(v == null || v.isBlank() ? k : k + "=" + v));
        }
        return out;
    }

    private static <T> List<T> nullIfEmpty(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }
}
