package dev.compass.governance.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.governance.domain.AuditAccess;
import dev.compass.governance.persistence.AuditStore;
import dev.compass.kit.paging.Keyset;
import dev.compass.kit.problem.ApiException;
import dev.compass.kit.security.Caller;
import dev.compass.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The audit trail: the whole story of one dialogue or correlation, and the verification of the hash chain. Every record
 * of a story is listed, but a payload carrying document content the caller may not read is withheld (see
 * {@link AuditAccess}).
 */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPS, Roles.ADMIN, Roles.REVIEWER, Roles.FINANCE_APPROVER})
public class AuditResource {
    @Inject
    AuditStore store;
    @Inject
    Caller caller;

    public record AuditRecordView(long seq, String topic, int partition, long offset, String eventId, String eventType,
            @Schema(description = "the event's time as its producer wrote it (CloudEvents time; part of the hash)")
            String eventTime,
            @Schema(description = "when the audit trail appended the record, ISO-8601 in UTC (not part of the hash)")
            java.time.Instant recordedAt,
            String subject, String correlationId, String causationId,
            String conversationId, com.fasterxml.jackson.databind.JsonNode payload, String prevHash, String hash) {}

    @GET
    @Operation(summary = "The records of one story, in order: give conversationId, correlationId or subject, or"
            + " several, and every one given applies (the records of the conversation's story that are also in the"
            + " correlation's story and have the subject); a conversation's or correlation's story includes the records"
            + " sharing their correlation ids and those they caused. At most limit of them after afterSeq, with a Link rel=\"next\" header when more follow. Every record is listed;"
            + " the payload of one carrying document content the caller may not read (a document or chunk outside"
            + " the caller's groups, a synthesis of such a document, a question, answer or message quoting evidence"
            + " asked with groups the caller is not all in) is {\"withheld\": reason}; a message keeps its figures, and a"
            + " violation in such a conversation (its detail may quote a model's text) keeps its kind, subject and the"
            + " figures no tool produced, its detail otherwise withheld, unless governance detected it; ops and admins"
            + " read all")
    @APIResponse(responseCode = "200", description = "A page of audit records in sequence order",
            headers = @Header(name = "Link", description = Keyset.LINK_DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = AuditRecordView.class)))
    public RestResponse<List<AuditRecordView>> story(@QueryParam("conversationId") String conversationId,
            @QueryParam("correlationId") String correlationId, @QueryParam("subject") String subject,
            @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(10000) int limit,
            @QueryParam("afterSeq") @DefaultValue("0") @PositiveOrZero long afterSeq, @Context UriInfo uri) {
        if (conversationId == null && correlationId == null && subject == null) {
            throw ApiException.invalid("conversationId", "give conversationId, correlationId or subject");
        }
        List<AuditStore.Record> found = store.story(correlationId, conversationId, subject, afterSeq, limit + 1);
        boolean more = found.size() > limit;
        List<AuditStore.Record> records = found.subList(0, Math.min(limit, found.size()));
        List<AuditAccess.Item> items = records.stream().map(AuditResource::item).toList();
        AuditAccess access = access(items);
        List<AuditRecordView> page = new java.util.ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            AuditStore.Record r = records.get(i);
            page.add(new AuditRecordView(r.seq(), r.topic(), r.partition(), r.offset(), r.eventId(), r.eventType(),
                    r.eventTime(), r.recordedAt(), r.subject(), r.correlationId(), r.causationId(),
                    r.conversationId(), access.visible(items.get(i)), r.prevHash(), r.hash()));
        }
        RestResponse.ResponseBuilder<List<AuditRecordView>> ok = RestResponse.ResponseBuilder.ok(page);
        if (more) {
            ok.header("Link", Keyset.nextLink(uri, "afterSeq", page.get(limit - 1).seq(), limit));
        }
        return ok.build();
    }

    @GET
    @Path("/verification")
    @Operation(summary = "Recompute the hash chain and check the signed checkpoints: {valid, records, firstBrokenSeq}")
    public dev.compass.governance.persistence.AuditChain.Verification verify() {
        return store.verify();
    }

    /** The rules for this caller, with what they need to know from the rest of the trail about this page. */
    private AuditAccess access(List<AuditAccess.Item> items) {
        boolean everything = caller.hasRole(Roles.OPS) || caller.hasRole(Roles.ADMIN);
        AuditAccess.Reader reader = new AuditAccess.Reader(everything, new HashSet<>(caller.groups()));
        if (everything || items.stream().noneMatch(i -> AuditAccess.guarded(i.topic()))) {
            return new AuditAccess(reader, Map.of(), List.of());
        }
        Map<String, JsonNode> documents = AuditAccess.latestByDocument(store.documentPayloads(
                AuditAccess.documentsNeeded(items)).stream().map(AuditResource::json).toList());
        List<AuditAccess.Item> questions = store.questions(AuditAccess.conversationsNeeded(items),
                AuditAccess.questionEventsNeeded(items)).stream().map(AuditResource::item).toList();
        return new AuditAccess(reader, documents, questions);
    }

    private static AuditAccess.Item item(AuditStore.Record r) {
        return new AuditAccess.Item(r.topic(), r.eventId(), r.causationId(), json(r.payload()));
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String payload) {
        try {
            return dev.compass.contracts.schema.EventJson.mapper().readTree(payload);
        } catch (Exception e) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(payload);
        }
    }
}
