package dev.compass.governance.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.schema.EventJson;
import dev.compass.governance.config.GovernanceConfig;
import dev.compass.governance.domain.ProposalService;
import dev.compass.governance.persistence.Proposal;
import dev.compass.kit.paging.Keyset;
import dev.compass.kit.paging.KeysetQuery;
import dev.compass.kit.problem.ApiException;
import dev.compass.kit.security.Caller;
import dev.compass.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/** Budget proposals waiting for (or given) a governance decision. */
@Path("/api/v1/proposals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProposalResource {
    /** In the order a proposal goes through them, which is the order a caller is told them. */
    private static final List<String> STATUSES = List.of("PENDING_APPROVAL", "APPROVED", "REJECTED", "EXPIRED");
    private static final List<String> APPLICATIONS = List.of("PENDING", "APPLIED", "FAILED", "OVERDUE");

    @Inject
    ProposalService proposals;
    @Inject
    Caller caller;
    @Inject
    GovernanceConfig config;

    public enum DecisionKind { APPROVE, REJECT }

    public record DecisionRequest(@NotNull DecisionKind decision, @Size(max = 2000) String comment) {}

    public record ProposalView(String id, String conversationId, String correlationId, String brand, String market,
            @Schema(description = "ISO 4217 code of every amount; null from agents that predate it (the amounts are"
                    + " then in the budget policy's currency)") String currency, String proposedBy, String requestedBy,
            double totalAmount, double projectedGain, double currentProjectedReturn, double newProjectedReturn,
            String status, Long policyVersion, String reason, String decidedBy, String comment, Instant receivedAt,
            Instant expiresAt, Instant decidedAt, JsonNode proposal, ApplicationView application) {}

    /**
     * Whether an approved proposal was applied (null until it is approved): PENDING from the approval until the
     * agent's ledger entries arrive (APPLIED) or it reports it could not apply it (FAILED); at is when it was applied
     * or failed; overdue when still PENDING after compass.governance.proposals.apply-within.
     */
    public record ApplicationView(@Schema(enumeration = {"PENDING", "APPLIED", "FAILED"}) String status, Instant at,
            @Schema(description = "The lines and amounts applied, or why it failed") String detail,
            @Schema(description = "Still PENDING after the time the agent has to apply an approval") boolean overdue) {}

    @GET
    @RolesAllowed({Roles.FINANCE_APPROVER, Roles.REVIEWER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Proposals, newest first; by status or application oldest first (a queue, e.g."
            + " PENDING_APPROVAL, or application=OVERDUE: approvals not applied in time); a page of at most limit,"
            + " with a Link rel=\"next\" header when more follow")
    @APIResponse(responseCode = "200", description = "A page of proposals", headers = @Header(name = "Link",
            description = Keyset.LINK_DESCRIPTION, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
            implementation = ProposalView.class)))
    public RestResponse<List<ProposalView>> list(
            @Parameter(description = "PENDING_APPROVAL, APPROVED, REJECTED or EXPIRED. A proposal still pending at its"
                    + " deadline is EXPIRED from that moment on (listed, shown and filtered so, and no decision is"
                    + " accepted), before the periodic expiry job records it and announces it")
            @QueryParam("status") String status,
            @Parameter(description = "Approved proposals by application: PENDING, APPLIED, FAILED, or OVERDUE (PENDING"
                    + " for longer than the agent has to apply an approval: an approval that was lost)")
            @QueryParam("application") String application,
            @QueryParam("limit") @DefaultValue(Keyset.DEFAULT_LIMIT) @Min(1) @Max(Keyset.MAX_LIMIT) int limit,
            @QueryParam("cursor") @Size(max = 200) String cursor, @Context UriInfo uri) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalid("status", "one of " + STATUSES);
        }
        if (application != null && !APPLICATIONS.contains(application)) {
            throw ApiException.invalid("application", "one of " + APPLICATIONS);
        }
        boolean overdue = "OVERDUE".equals(application);
        // a pending proposal past its deadline is EXPIRED, written by the expiry job or not yet (ProposalService.lapsed)
        Instant now = Instant.now();
        boolean expired = ProposalService.EXPIRED.equals(status);
        KeysetQuery q = new KeysetQuery("receivedAt", "id", status == null && application == null) // a queue: oldest first
                .filter("status = :status", "status", expired ? null : status)
                .filter("(expiresAt is null or expiresAt > :now)", "now",
                        ProposalService.PENDING.equals(status) ? now : null)
                // literal statuses: the partial index proposal_lapsing_received serves them in order
                .filter("status in ('PENDING_APPROVAL', 'EXPIRED') and (status = 'EXPIRED' or expiresAt <= :lapsedBy)",
                        "lapsedBy", expired ? now : null)
                .filter("applicationStatus = :application", "application",
                        overdue ? ProposalService.APPLICATION_PENDING : application)
                .filter("decidedAt <= :due", "due", overdue ? dueBefore() : null).after(Keyset.parse(cursor));
        List<Proposal> found = Proposal.<Proposal>find(q.query(), q.params()).range(0, limit).list();
        Instant due = dueBefore();
        return Keyset.page(found, limit, p -> new Keyset(p.receivedAt, p.id), p -> view(p, due, now), uri);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.FINANCE_APPROVER, Roles.REVIEWER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "One proposal with its decision")
    public ProposalView get(@PathParam("id") String id) {
        Proposal p = Proposal.findById(id);
        if (p == null) {
            throw ApiException.notFound("proposal", id);
        }
        return view(p, dueBefore(), Instant.now());
    }

    @POST
    @Path("/{id}/decisions")
    @RolesAllowed(Roles.FINANCE_APPROVER)
    @Operation(summary = "Approve or reject a pending proposal (finance approvers who took no part in it: not the"
            + " person who started the conversation, nor the owner of an agent taking part, nor the requester)")
    @APIResponse(responseCode = "200", description = "The decided proposal")
    @APIResponse(responseCode = "403",
            description = "The caller may not decide this proposal (not a finance approver, the person who started"
                    + " the conversation, the owner of an agent taking part, or the requester)")
    @APIResponse(responseCode = "409", description = "The proposal is no longer pending, or its deadline passed (it is"
            + " now EXPIRED), or, to approve, an agent of it (proposing or requesting) is not ACTIVE")
    public ProposalView decide(@PathParam("id") String id, @Valid @NotNull DecisionRequest request) {
        return view(proposals.decideManually(id, caller.subject(), caller.roles(), request.decision().name(),
                request.comment()), dueBefore(), Instant.now());
    }

    /** Approved before this instant and still not applied: overdue. */
    private Instant dueBefore() {
        return Instant.now().minus(config.proposals().applyWithin());
    }

    /** The proposal as shown at {@code now}: one past its deadline is EXPIRED, before the expiry job writes it. */
    static ProposalView view(Proposal p, Instant dueBefore, Instant now) {
        JsonNode payload;
        try {
            payload = EventJson.mapper().readTree(p.payload);
        } catch (Exception e) {
            payload = null;
        }
        ProposalService.Shown shown = ProposalService.shown(p, now);
        return new ProposalView(p.id, p.conversationId, p.correlationId, p.brand, p.market, p.currency, p.proposedBy,
                p.requestedBy, p.totalAmount, p.projectedGain, p.currentReturn, p.newReturn, shown.status(),
                p.policyVersion, shown.reason(), shown.decidedBy(), shown.comment(), p.receivedAt, p.expiresAt,
                shown.decidedAt(), payload,
                p.applicationStatus == null ? null : new ApplicationView(p.applicationStatus, p.applicationAt,
                        p.applicationDetail, ProposalService.APPLICATION_PENDING.equals(p.applicationStatus)
                                && p.decidedAt != null && !p.decidedAt.isAfter(dueBefore)));
    }
}
