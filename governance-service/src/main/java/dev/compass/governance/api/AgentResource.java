package dev.compass.governance.api;

import dev.compass.contracts.EventType;
import dev.compass.contracts.events.AgentRegistration;
import dev.compass.governance.domain.People;
import dev.compass.governance.persistence.Agent;
import dev.compass.kit.events.EventPublisher;
import dev.compass.kit.observability.Correlation;
import dev.compass.kit.paging.Keyset;
import dev.compass.kit.paging.KeysetQuery;
import dev.compass.kit.problem.ApiException;
import dev.compass.kit.security.Caller;
import dev.compass.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
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
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The agent registry: every agent has an accountable owner, a purpose, tools, data scopes and a risk tier. Agents act
 * only while ACTIVE; the registry is published on the compacted {@code governance.agents.v1}. Four eyes: neither the
 * agent's owner, nor the person who registered it, nor the person who named its owner may activate or reactivate it,
 * admins included; anyone with the role may suspend or retire it (stopping an agent is never blocked). An agent
 * registered without an owner (or whose owner changes) is given one by a reviewer while it does not act (PENDING_REVIEW
 * or SUSPENDED). RETIRED ends a registration: its id may be registered anew, by anyone who may register.
 */
@Path("/api/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AgentResource {
    @Inject
    EventPublisher events;
    @Inject
    Caller caller;

    public enum RiskTier { MINIMAL, LIMITED, HIGH }

    /** At most this many tools, and as many data scopes, each at most {@link #MAX_ITEM_LENGTH} characters. */
    static final int MAX_ITEMS = 100;
    static final int MAX_ITEM_LENGTH = 200;

    public record AgentRequest(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}", message = "lower-case letters, digits and dashes") String id,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 200) @Pattern(regexp = "[\\s\\S]*\\S[\\s\\S]*",
                    message = "must not be blank: leave it out while the agent has no accountable owner (a reviewer"
                            + " names one later)") String owner,
            @NotBlank @Size(max = 2000) String purpose,
            @NotNull @Size(max = MAX_ITEMS) List<@NotBlank @Size(max = MAX_ITEM_LENGTH) String> tools,
            @NotNull @Size(max = MAX_ITEMS) List<@NotBlank @Size(max = MAX_ITEM_LENGTH) String> dataScopes,
            @NotNull RiskTier riskTier,
            @Size(max = 200) String model) {}

    public record AgentView(String id, String name, String owner, String purpose, List<String> tools,
            List<String> dataScopes, String riskTier, String model, String status, String statusReason,
            @Schema(description = "who named the owner after the agent was registered; absent while the owner is the"
                    + " one given at registration") String ownerNamedBy,
            @Schema(description = "who registered the agent") String createdBy,
            @Schema(description = "when this registration was made (a RETIRED id registered anew gets a new one)")
            Instant createdAt,
            @Schema(description = "when the id was first registered: the order of the list, kept when a RETIRED id"
                    + " is registered anew, so a client walking the pages meanwhile sees it once")
            Instant firstRegisteredAt,
            @Schema(description = "who made the latest status change; absent while the agent was never reviewed, and"
                    + " for changes made before it was recorded") String statusChangedBy,
            Instant updatedAt) {}

    public record StatusChange(@NotNull Action action, @Size(max = 2000) String reason) {}

    public enum Action { ACTIVATE, SUSPEND, REACTIVATE, RETIRE }

    public record OwnerChange(
            @NotBlank @Size(max = 200)
            @Schema(description = "the person accountable for the agent") String owner,
            @Size(max = 2000) String reason) {}

    @POST
    @Transactional
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.ADMIN})
    @APIResponse(responseCode = "201", description = "The registered agent", headers = @Header(name = "Location",
            description = "the agent", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AgentView.class)))
    @Operation(summary = "Register an agent (PENDING_REVIEW until a reviewer activates it); the id of a RETIRED agent"
            + " may be registered anew: the new registration replaces the retired one (the audit trail keeps both)")
    @APIResponse(responseCode = "409", description = "An agent with that id is registered and not RETIRED")
    public Response register(@Valid @NotNull AgentRequest request) {
        // a retired registration is locked while it is replaced: of concurrent replacements, one wins, the others 409
        Agent retired = Agent.findById(request.id(), LockModeType.PESSIMISTIC_WRITE);
        if (retired != null && !"RETIRED".equals(retired.status)) {
            throw ApiException.conflict("agent " + request.id() + " is already registered (" + retired.status
                    + "); only a RETIRED registration may be replaced");
        }
        Agent agent = retired != null ? retired : new Agent();
        agent.id = request.id();
        agent.name = request.name();
        agent.owner = request.owner();
        agent.purpose = request.purpose();
        agent.tools = request.tools().toArray(String[]::new);
        agent.dataScopes = request.dataScopes().toArray(String[]::new);
        agent.riskTier = request.riskTier().name();
        agent.model = request.model();
        agent.status = "PENDING_REVIEW";
        agent.statusReason = null;
        agent.statusChangedBy = null;
        agent.ownerNamedBy = null;
        agent.createdBy = caller.subject();
        agent.createdAt = Instant.now();
        agent.updatedAt = agent.createdAt;
        if (retired == null) {
            agent.firstRegisteredAt = agent.createdAt;
            agent.persist();
        }
        try {
            Agent.flush(); // a concurrent registration of the same id waits for ours, then fails here: a 409
        } catch (PersistenceException e) {
            if (uniqueViolation(e)) {
                throw ApiException.conflict("agent " + request.id() + " is already registered");
            }
            throw e;
        }
        announce(agent, null);
        return Response.created(URI.create("/api/v1/agents/" + agent.id)).entity(view(agent)).build();
    }

    @GET
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Registered agents, oldest first (in the order their ids were first registered: a RETIRED"
            + " id registered anew keeps its place); a page of at most limit, with a Link rel=\"next\" header when more"
            + " follow")
    @APIResponse(responseCode = "200", description = "A page of agents", headers = @Header(name = "Link",
            description = Keyset.LINK_DESCRIPTION, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
            implementation = AgentView.class)))
    public RestResponse<List<AgentView>> list(
            @QueryParam("limit") @DefaultValue(Keyset.DEFAULT_LIMIT) @Min(1) @Max(Keyset.MAX_LIMIT) int limit,
            @QueryParam("cursor") @Size(max = 200) String cursor, @Context UriInfo uri) {
        KeysetQuery page = new KeysetQuery("firstRegisteredAt", "id", false).after(Keyset.parse(cursor));
        List<Agent> found = Agent.<Agent>find(page.query(), page.params()).range(0, limit).list();
        return Keyset.page(found, limit, a -> new Keyset(a.firstRegisteredAt, a.id), AgentResource::view, uri);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    public AgentView get(@PathParam("id") String id) {
        return view(find(id));
    }

    @POST
    @Path("/{id}/status-changes")
    @Transactional
    @RolesAllowed({Roles.REVIEWER, Roles.ADMIN})
    @Operation(summary = "Activate, suspend, reactivate or retire an agent (reviewers; four eyes: neither its owner"
            + " nor the person who registered it may activate or reactivate it, admins included)")
    @APIResponse(responseCode = "200", description = "The agent with its new status")
    @APIResponse(responseCode = "403", description = "The caller's roles do not allow this, or four eyes: the caller"
            + " owns or registered the agent and asks to activate or reactivate it")
    @APIResponse(responseCode = "409", description = "The agent cannot move from its status to the one asked")
    @APIResponse(responseCode = "422", description = "The agent has no accountable owner and cannot be activated")
    public AgentView changeStatus(@PathParam("id") String id, @Valid @NotNull StatusChange change) {
        Agent agent = Agent.findById(id, LockModeType.PESSIMISTIC_WRITE); // concurrent changes one after the other
        if (agent == null) {
            throw ApiException.notFound("agent", id);
        }
        String target = switch (change.action()) {
            case ACTIVATE -> requireFrom(agent, Set.of("PENDING_REVIEW"), "ACTIVE");
            case SUSPEND -> requireFrom(agent, Set.of("ACTIVE"), "SUSPENDED");
            case REACTIVATE -> requireFrom(agent, Set.of("SUSPENDED"), "ACTIVE");
            case RETIRE -> requireFrom(agent, Set.of("PENDING_REVIEW", "ACTIVE", "SUSPENDED"), "RETIRED");
        };
        if (target.equals("ACTIVE") && (agent.owner == null || agent.owner.isBlank())) {
            throw ApiException.unprocessable("agent " + id + " has no accountable owner and cannot be activated; a"
                    + " reviewer names one with POST /api/v1/agents/" + id + "/owner-changes");
        }
        if (target.equals("ACTIVE")) {
            fourEyes(agent, change.action());
        }
        agent.status = target;
        agent.statusReason = change.reason();
        agent.statusChangedBy = caller.subject();
        agent.updatedAt = Instant.now();
        announce(agent, change.reason());
        return view(agent);
    }

    @POST
    @Path("/{id}/owner-changes")
    @Transactional
    @RolesAllowed({Roles.REVIEWER, Roles.ADMIN})
    @Operation(summary = "Name the accountable owner of an agent that does not act (PENDING_REVIEW or SUSPENDED;"
            + " suspend an ACTIVE agent first), e.g. one registered without an owner (reviewers and admins, who may"
            + " activate agents). Four eyes: the person who names the owner may not activate or reactivate the agent,"
            + " nor may the owner. Published on governance.agents.v1 like every registry change, so the audit trail"
            + " records it with who made it")
    @APIResponse(responseCode = "200", description = "The agent with its owner",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AgentView.class)))
    @APIResponse(responseCode = "403", description = "The caller's roles do not allow this")
    @APIResponse(responseCode = "404", description = "No agent has that id")
    @APIResponse(responseCode = "409", description = "The agent is ACTIVE (suspend it first) or RETIRED")
    public AgentView changeOwner(@PathParam("id") String id, @Valid @NotNull OwnerChange change) {
        Agent agent = Agent.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (agent == null) {
            throw ApiException.notFound("agent", id);
        }
        if ("ACTIVE".equals(agent.status)) {
            throw ApiException.conflict("agent " + id + " is ACTIVE: SUSPEND it first, name its owner, and another"
                    + " reviewer reactivates it");
        }
        if ("RETIRED".equals(agent.status)) {
            throw ApiException.conflict("agent " + id + " is RETIRED; register it anew");
        }
        agent.owner = change.owner();
        agent.ownerNamedBy = caller.subject();
        agent.updatedAt = Instant.now();
        announce(agent, change.reason());
        return view(agent);
    }

    /**
     * Another person than the agent's owner, the one who registered it and the one who named its owner lets it act;
     * admins are no exception.
     */
    private void fourEyes(Agent agent, Action action) {
        String me = caller.subject();
        String verb = action.name().toLowerCase(java.util.Locale.ROOT);
        if (People.same(me, agent.owner)) {
            throw ApiException.forbidden("four eyes: " + me + " owns agent " + agent.id + " and cannot " + verb
                    + " it; another reviewer must");
        }
        if (People.same(me, agent.createdBy)) {
            throw ApiException.forbidden("four eyes: " + me + " registered agent " + agent.id + " and cannot " + verb
                    + " it; another reviewer must");
        }
        if (People.same(me, agent.ownerNamedBy)) {
            throw ApiException.forbidden("four eyes: " + me + " named the owner of agent " + agent.id + " and cannot "
                    + verb + " it; another reviewer must");
        }
    }

    static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static String requireFrom(Agent agent, Set<String> allowed, String target) {
        if (!allowed.contains(agent.status)) {
            throw ApiException.conflict("agent " + agent.id + " is " + agent.status + " and cannot become " + target);
        }
        return target;
    }

    private void announce(Agent agent, String reason) {
        events.publish(EventType.AGENT_REGISTRATION, agent.id, agent.id, new AgentRegistration(agent.id, agent.name,
                agent.owner, agent.purpose, split(agent.tools), split(agent.dataScopes), agent.riskTier, agent.model,
                agent.status, reason, Correlation.current(), null, Instant.now(), caller.subject()),
                Correlation.current(), null);
    }

    private static Agent find(String id) {
        Agent agent = Agent.findById(id);
        if (agent == null) {
            throw ApiException.notFound("agent", id);
        }
        return agent;
    }

    private static List<String> split(String[] values) {
        return values == null ? List.of() : List.of(values);
    }

    static AgentView view(Agent a) {
        return new AgentView(a.id, a.name, a.owner, a.purpose, split(a.tools), split(a.dataScopes), a.riskTier,
                a.model, a.status, a.statusReason, a.ownerNamedBy, a.createdBy, a.createdAt, a.firstRegisteredAt,
                a.statusChangedBy,
                a.updatedAt);
    }
}
