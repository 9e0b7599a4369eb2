package dev.compass.insight.api;

import dev.compass.insight.domain.QueryVectors;
import dev.compass.insight.domain.SearchAdmission;
import dev.compass.kit.security.Caller;
import dev.compass.kit.security.Roles;
import dev.compass.retrieval.ChunkIndex;
import dev.compass.retrieval.SearchHit;
import dev.compass.retrieval.SearchMode;
import dev.compass.retrieval.SearchRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Hybrid (BM25 + vector) search over the chunks the caller's groups may see. */
@Path("/api/v1/search")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SearchResource {
    @Inject
    ChunkIndex index;
    @Inject
    Caller caller;
    @Inject
    QueryVectors queryVectors;
    @Inject
    SearchAdmission admission;

    public record SearchBody(@NotBlank @Size(max = 2000) String query, @Min(1) @Max(100) Integer limit,
            @Pattern(regexp = "(?i)hybrid|lexical|semantic", message = "must be hybrid, lexical or semantic") String mode,
            @Valid Filters filters) {}

    public record Hit(String documentId, String chunkId, String title, int page, String text,
            @Schema(description = "Ranking score, comparable only between the hits of one answer: in hybrid mode the"
                    + " lexical and semantic scores of the query's candidates are standardised (z-scores) and mixed, so"
                    + " it may be negative and a lone hit scores 0. It is not a probability or a relevance threshold:"
                    + " keep the first hits (limit) instead of filtering on it")
            double score,
            @Schema(description = "Quality score of the source document, 0..100") int quality) {}

    public record SearchResult(String query, String mode, int count, List<Hit> hits) {}

    @POST
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Search the indexed documents (hybrid by default); only documents of the caller's groups")
    @APIResponse(responseCode = "200", description = "The ranked hits the caller may see")
    @APIResponse(responseCode = "503",
            description = "Too many searches and answers are waiting (INSIGHT_SEARCH_QUEUE_TIMEOUT): retry later")
    public SearchResult search(@Valid @NotNull SearchBody body) {
        SearchMode mode = body.mode() == null ? SearchMode.HYBRID : SearchMode.valueOf(body.mode().toUpperCase(Locale.ROOT));
        int limit = body.limit() == null ? 10 : body.limit();
        SearchRequest request = new SearchRequest(body.query(), limit, mode, Filters.of(body.filters()),
                Set.copyOf(caller.groups()));
        // the query vector comes from a bounded LRU cache (embedding the query is a large part of a search)
        List<SearchHit> hits = admission.run(() ->
                index.search(request, mode == SearchMode.LEXICAL ? null : queryVectors.of(body.query())));
        return new SearchResult(body.query(), mode.name().toLowerCase(Locale.ROOT), hits.size(), hits.stream()
                .map(h -> new Hit(h.documentId(), h.chunkId(), h.title(), h.page(), h.text(),
                        Math.round(h.score() * 10000) / 10000.0, h.quality())).toList());
    }
}
