package dev.compass.insight.api;

import dev.compass.insight.persistence.ChunkStore;
import dev.compass.insight.persistence.SummaryStore;
import dev.compass.kit.problem.ApiException;
import dev.compass.kit.security.Caller;
import dev.compass.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Index status and executive summary of a document. A document outside the caller's groups answers 404 exactly like
 * a document that does not exist, so its existence cannot be inferred; ops and admins see every document here (they
 * may read any in ingestion), while their searches and answers keep to their groups.
 */
@Path("/api/v1/documents/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class DocumentResource {
    @Inject
    ChunkStore chunks;
    @Inject
    SummaryStore summaries;
    @Inject
    Caller caller;

    public record IndexStatus(
            String documentId,
            @Schema(description = "PENDING, INDEXED, DELETED, or DUPLICATE: set aside after it was published, a copy"
                    + " of the same file that all its readers may read holds its text (see duplicateOf)")
            String status,
            int chunks,
            int totalChunks,
            @Schema(description = "The copy whose text stands for this document's, when its status is DUPLICATE")
            String duplicateOf) {

        /**
         * A document's index status: its stored status, except that an INDEXED document some of whose chunks wait for
         * a vector again (the embedding model changed, and they are being embedded anew) is PENDING until they have.
         */
        static IndexStatus of(ChunkStore.DocumentRow doc) {
            boolean gone = "DELETED".equals(doc.status()) || "DUPLICATE".equals(doc.status());
            int indexed = gone ? 0 : doc.embeddedChunks();
            String status = "INDEXED".equals(doc.status()) && indexed < doc.totalChunks() ? "PENDING" : doc.status();
            return new IndexStatus(doc.documentId(), status, indexed, doc.totalChunks(),
                    "DUPLICATE".equals(doc.status()) ? doc.duplicateOf() : null);
        }
    }

    public record FindingView(
            String text,
            @Schema(description = "Page of the sentence; 0 when the document has no page numbers (a text file)")
            int page,
            @Schema(description = "The sentence's page, then pages of related sentences (at most 5); only pages that"
                    + " exist, so empty for a document without page numbers")
            List<Integer> pages,
            String chunkId) {}

    /** What a synthesis gives: a summary with findings, or the statement that the document has nothing to quote. */
    public enum Outcome {
        /** A summary and 5-10 findings (fewer only for a short document). */
        SUMMARISED,
        /** The document has no sentence to quote (only numbers, captions or scraps): empty summary, no findings. */
        NOTHING_TO_SUMMARISE
    }

    public record SummaryView(
            String documentId,
            String title,
            @Schema(description = "A few central sentences of the document with page references \"(p. 12)\" (none for"
                    + " a document without page numbers); empty only when the outcome is NOTHING_TO_SUMMARISE")
            String summary,
            List<FindingView> findings,
            @Schema(description = "How it was made: extractive-tfidf-mmr, extractive-findings+llm-reduce, or"
                    + " none-nothing-to-summarise")
            String method,
            @Schema(description = "SUMMARISED, or NOTHING_TO_SUMMARISE when the document has no sentence to quote")
            Outcome outcome) {}

    @GET
    @Path("/index-status")
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "PENDING until every chunk of the document is indexed, then INDEXED (PENDING again while its"
            + " chunks are embedded anew after a change of embedding model); DELETED after deletion; DUPLICATE when"
            + " ingestion set it aside for a copy all its readers may read (duplicateOf), which search and answers"
            + " cite instead")
    public IndexStatus status(@PathParam("id") @Size(max = 500) String id) {
        return IndexStatus.of(visible(id));
    }

    @GET
    @Path("/summary")
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Executive synthesis of an indexed document: a short summary and 5-10 key findings with pages",
            description = "A document with readable text always gets a summary and findings quoted from it; a document"
                    + " with no sentence to quote (only numbers, captions or scraps) answers outcome"
                    + " NOTHING_TO_SUMMARISE with an empty summary and no findings.")
    @APIResponse(responseCode = "200", description = "The summary and its findings, or the outcome"
            + " NOTHING_TO_SUMMARISE")
    @APIResponse(responseCode = "409", description = "The document is not fully indexed yet (see its index-status)")
    public SummaryView summary(@PathParam("id") @Size(max = 500) String id) {
        ChunkStore.DocumentRow doc = visible(id);
        if ("DELETED".equals(doc.status())) {
            throw ApiException.notFound("document", id);
        }
        if ("DUPLICATE".equals(doc.status())) {
            throw new ApiException(404, "Not Found", "document " + id + " is a duplicate of " + doc.duplicateOf()
                    + ", which has its summary");
        }
        SummaryStore.StoredSummary s = summaries.find(id).orElseThrow(() -> new ApiException(409, "Conflict",
                "document " + id + " is not fully indexed yet: no summary (see its index-status)"));
        return new SummaryView(id, doc.title(), s.summary(), s.findings().stream()
                .map(f -> new FindingView(f.text(), f.page(), f.pages(), f.chunkId())).toList(), s.method(),
                s.findings().isEmpty() ? Outcome.NOTHING_TO_SUMMARISE : Outcome.SUMMARISED);
    }

    private ChunkStore.DocumentRow visible(String id) {
        ChunkStore.DocumentRow doc = chunks.document(id).orElse(null);
        List<String> groups = caller.groups();
        // ops and admins may read every document in ingestion, so they may see how any is indexed and summarised
        boolean operator = caller.hasRole(Roles.OPS) || caller.hasRole(Roles.ADMIN);
        if (doc == null || !operator && doc.groups().stream().noneMatch(groups::contains)) {
            throw ApiException.notFound("document", id);
        }
        return doc;
    }
}
