package dev.compass.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.agent.domain.Cents;
import dev.compass.agent.domain.Json;
import dev.compass.agent.messaging.CommercialAgent;
import dev.compass.agent.messaging.Conversations;
import dev.compass.agent.persistence.ConversationRow;
import dev.compass.agent.persistence.BudgetLineRow;
import dev.compass.agent.persistence.MessageRow;
import dev.compass.agent.persistence.MixModelRow;
import dev.compass.contracts.BrandAndMarket;
import dev.compass.contracts.EventType;
import dev.compass.contracts.events.UsageEvent;
import dev.compass.kit.events.EventPublisher;
import dev.compass.kit.observability.Correlation;
import dev.compass.kit.paging.Keyset;
import dev.compass.kit.paging.KeysetQuery;
import dev.compass.kit.problem.ApiException;
import dev.compass.kit.problem.Problem;
import dev.compass.kit.security.Caller;
import dev.compass.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/** Conversations between the commercial and the finance agent: start one, follow it. */
@Path("/api/v1/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConversationResource {
    @Inject
    Caller caller;
    @Inject
    EventPublisher events;
    @Inject
    CommercialAgent commercial;

    public record StartRequest(
            @NotBlank @Pattern(regexp = BrandAndMarket.PATTERN, message = BrandAndMarket.MESSAGE) String brand,
            @NotBlank @Pattern(regexp = BrandAndMarket.PATTERN, message = BrandAndMarket.MESSAGE) String market,
            @NotBlank @Size(max = 2000) String objective,
            @DecimalMin(value = "0.01", message = "must be at least 0.01 (one cent): amounts are in cents")
            @DecimalMax(value = "1e12", message = "must be at most 1,000,000,000,000") @Cents
            @Schema(description = "In the currency of the brand and market's budget (see its lines), at most 2"
                    + " decimals (cents)") Double requestedAmount,
            @NotNull @Min(1) @Max(104) Integer horizonWeeks,
            @Schema(description = "The budget period the money moves within (a line's period, e.g. 2027-Q1, compared"
                    + " regardless of case). Optional when the brand x market's lines have one period, or none")
            @Size(max = 50) @Pattern(regexp = "\\s*\\S[\\s\\S]*", message = "must not be blank") String period) {}

    public record Started(String conversationId, String status) {}

    public record ConversationView(String conversationId, String brand, String market, String period, String objective,
            Double requestedAmount, int horizonWeeks, String status, String reason, String startedBy,
            String correlationId, JsonNode opportunity, JsonNode evidence, List<JsonNode> messages,
            JsonNode proposal, JsonNode decision, Instant createdAt, Instant updatedAt) {}

    public record ConversationSummary(String conversationId, String brand, String market, String period, String status,
            String reason, Instant createdAt, Instant updatedAt) {}

    @POST
    @Transactional
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.FINANCE_APPROVER, Roles.ADMIN})
    @Operation(summary = "Start a conversation: the commercial agent looks for an investment and asks finance to fund it",
            description = "Brand and market are compared regardless of case, with the mix models and the budget"
                    + " lines alike; the conversation shows them as the mix model spells them. A conversation is about"
                    + " one budget period: finance funds the request by cutting lines of"
                    + " that period only, and puts the money into the target channel's line of that period (created"
                    + " when there is none). Name it in period when the brand x market's lines have several.")
    @APIResponse(responseCode = "202",
            description = "Started: the agents negotiate over Kafka; follow the conversation at Location (it may"
                    + " still fail at once, e.g. when an agent is not active or no channel beats the hurdle)",
            headers = @Header(name = "Location", description = "the conversation",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Started.class)))
    @APIResponse(responseCode = "422", description = "The agents hold no mix model of the brand x market (nothing"
            + " is started); or its budget lines have several periods and"
            + " none was named, or have none of the period named; the problem names the periods they have",
            content = @Content(mediaType = "application/problem+json"))
    public Response start(@Valid @NotNull StartRequest request) {
        // without a model of the brand x market the agents cannot even begin: refused, nothing started or published
        MixModelRow model = MixModelRow.latest(request.brand(), request.market()).orElseThrow(() ->
                ApiException.unprocessable("no mix model for " + request.brand() + " in " + request.market()
                        + " (brand and market compared regardless of case): insight-service must fit and publish"
                        + " one before the agents can negotiate"));
        String period = period(request.brand(), request.market(), request.period());
        String correlationId = Correlation.current();
        ConversationRow c = new ConversationRow();
        c.id = UUID.randomUUID().toString();
        c.brand = model.brand;
        c.market = model.market;
        c.period = period;
        c.objective = request.objective();
        c.requestedAmount = request.requestedAmount();
        c.horizonWeeks = request.horizonWeeks();
        c.status = Conversations.OPEN;
        c.step = "STARTED";
        c.startedBy = caller.subject();
        c.evidenceGroups = Json.write(caller.groups());
        c.correlationId = correlationId;
        c.createdAt = Instant.now();
        c.updatedAt = c.createdAt;
        c.persist();
        events.publish(EventType.USAGE, caller.subject(), caller.subject(), new UsageEvent(UUID.randomUUID().toString(),
                caller.subject(), caller.roles().stream().sorted().toList(), "CONVERSATION_STARTED", "agent-service",
                correlationId, Instant.now()), correlationId, null);
        commercial.start(c, caller.groups());
        return Response.accepted(new Started(c.id, c.status)).location(URI.create("/api/v1/conversations/" + c.id))
                .build();
    }

    /**
     * The budget period a conversation is about, as the brand x market's lines spell it: the one named (regardless of
     * case), or their only one; refused when they have several and none is named, or none of the one named. Without
     * lines, the period named (null if none).
     */
    static String period(String brand, String market, String named) {
        List<String> periods = BudgetLineRow.periodsOf(brand, market);
        if (periods.isEmpty()) {
            return named;
        }
        String list = String.join(", ", periods);
        if (named == null) {
            if (periods.size() == 1) {
                return periods.get(0);
            }
            throw unprocessablePeriod("the budget of " + brand + " in " + market + " has lines for " + list
                    + ": name the period");
        }
        return periods.stream().filter(named::equalsIgnoreCase).findFirst().orElseThrow(() -> unprocessablePeriod(
                "the budget of " + brand + " in " + market + " has no lines for " + named + ", only for " + list
                        + ": name one of them"));
    }

    private static ApiException unprocessablePeriod(String detail) {
        return new ApiException(422, "Unprocessable Content", detail,
                List.of(new Problem.FieldError("period", detail)));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "A conversation: status, every message, the proposal and the governance decision; the"
            + " evidence's answer and citations (and the text quoting them) only for callers in every group of the"
            + " person who started it")
    public ConversationView get(@PathParam("id") String id) {
        ConversationRow c = ConversationRow.findById(id);
        if (c == null) {
            throw ApiException.notFound("conversation", id);
        }
        boolean evidence = EvidenceAccess.mayRead(c, caller);
        List<JsonNode> messages = new ArrayList<>();
        MessageRow.<MessageRow>list("conversationId = ?1 order by seq", id).forEach(m -> messages.add(evidence
                ? Json.tree(m.payload) : EvidenceAccess.withheldMessage(Json.tree(m.payload))));
        return new ConversationView(c.id, c.brand, c.market, c.period, c.objective, c.requestedAmount, c.horizonWeeks,
                c.status, c.reason, c.startedBy, c.correlationId, Json.tree(c.opportunity),
                evidence ? Json.tree(c.evidence) : EvidenceAccess.withheld(Json.tree(c.evidence)), messages,
                Json.tree(c.proposal), Json.tree(c.decision), c.createdAt, c.updatedAt);
    }

    @GET
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Conversations, newest first, optionally by status; a page of at most limit, with a"
            + " Link rel=\"next\" header when more follow")
    @APIResponse(responseCode = "200", description = "A page of conversations", headers = @Header(name = "Link",
            description = Keyset.LINK_DESCRIPTION, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
            implementation = ConversationSummary.class)))
    public RestResponse<List<ConversationSummary>> list(@QueryParam("status") String status,
            @QueryParam("limit") @DefaultValue(Keyset.DEFAULT_LIMIT) @Min(1) @Max(Keyset.MAX_LIMIT) int limit,
            @QueryParam("cursor") @Size(max = 200) String cursor, @Context UriInfo uri) {
        if (status != null && !status.isBlank() && !Conversations.STATUSES.contains(status)) {
            throw ApiException.invalid("status", "one of " + Conversations.STATUSES);
        }
        KeysetQuery q = new KeysetQuery("createdAt", "id", true)
                .filter("status = :status", "status", status == null || status.isBlank() ? null : status)
                .after(Keyset.parse(cursor));
        List<ConversationRow> rows = ConversationRow.<ConversationRow>find(q.query(), q.params())
                .range(0, limit).list();
        return Keyset.page(rows, limit, c -> new Keyset(c.createdAt, c.id), c -> new ConversationSummary(c.id, c.brand,
                c.market, c.period, c.status, c.reason, c.createdAt, c.updatedAt), uri);
    }
}
