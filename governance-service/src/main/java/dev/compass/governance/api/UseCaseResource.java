package dev.compass.governance.api;

import dev.compass.contracts.EventType;
import dev.compass.contracts.events.UseCaseEvent;
import dev.compass.governance.domain.DuplicateDetector;
import dev.compass.governance.domain.People;
import dev.compass.governance.domain.UseCaseSimilarity;
import dev.compass.governance.persistence.Sandbox;
import dev.compass.governance.persistence.UseCase;
import dev.compass.governance.persistence.UseCaseHistory;
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
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The use-case registry: ideas with likely duplicates flagged on submission, a reviewed lifecycle with history, and
 * sandboxes with expiring, scoped credentials.
 */
@Path("/api/v1/use-cases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UseCaseResource {
    static final Map<String, Set<String>> TRANSITIONS = Map.of(
            "SUBMITTED", Set.of("IN_REVIEW", "REJECTED", "MERGED", "RETIRED"),
            "IN_REVIEW", Set.of("SANDBOX", "REJECTED", "MERGED"),
            "SANDBOX", Set.of("PILOT", "REJECTED", "RETIRED", "MERGED"),
            "PILOT", Set.of("PRODUCTION", "REJECTED", "RETIRED"),
            "PRODUCTION", Set.of("RETIRED"),
            "REJECTED", Set.of(), "MERGED", Set.of(), "RETIRED", Set.of());
    /** A use case in one of these is closed: its sandboxes are revoked. */
    static final Set<String> CLOSED = Set.of("REJECTED", "MERGED", "RETIRED");
    /**
     * Moving a use case into one of these approves it a step further: four eyes, so neither its owner nor the person who
     * submitted it may (admins included). Rejecting, merging and retiring stay open to every reviewer.
     */
    static final Set<String> APPROVING = Set.of("IN_REVIEW", "SANDBOX", "PILOT", "PRODUCTION");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    EventPublisher events;
    @Inject
    Caller caller;
    @Inject
    UseCaseSimilarity similarity;
    @ConfigProperty(name = "compass.governance.use-cases.sandbox-lifetime", defaultValue = "P30D")
    Duration sandboxLifetime;

    public enum Category { STRATEGIC, SNACKABLE }

    public enum Sourcing { BUILD, BUY }

    public enum Status { SUBMITTED, IN_REVIEW, SANDBOX, PILOT, PRODUCTION, REJECTED, MERGED, RETIRED }

    public record UseCaseRequest(@NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 5000) String problem,
            @Size(max = 2000) String expectedValue, @NotNull @Size(max = 50) List<@NotBlank @Size(max = 200) String> dataSources,
            @NotBlank @Size(max = 200) String owner, @Size(max = 200) String businessUnit,
            @NotNull Category category, @NotNull Sourcing sourcing) {}

    public record Similar(String id, String title, double similarity) {}

    public record Created(String id, String status, String possibleDuplicateOf, List<Similar> similar) {}

    public record Step(String from, String to, String comment, String actor, Instant at) {}

    public record UseCaseView(String id, String title, String problem, String expectedValue, List<String> dataSources,
            String owner, String businessUnit, String category, String sourcing, String status,
            String possibleDuplicateOf, String mergedInto, Instant createdAt, Instant updatedAt, List<Step> history) {}

    public record TransitionRequest(@NotNull Status to, @Size(max = 2000) String comment,
            @Size(max = 100) String mergedInto) {}

    public record SandboxRequest(@Min(1) @Max(90) Integer days, @Min(1) @Max(100_000) Integer maxQueriesPerDay,
            @Min(1) @Max(100_000) Integer maxStorageMb) {}

    public record SandboxCreated(String id, String useCaseId, Instant expiresAt, int maxQueriesPerDay,
            int maxStorageMb, List<String> scopes, String token, String note) {}

    @POST
    @Transactional
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.ADMIN})
    @Operation(summary = "Submit a use-case idea; similar existing ideas are returned and a likely duplicate flagged")
    @APIResponse(responseCode = "201", description = "The registered idea, with similar ones and a possible duplicate",
            headers = @Header(name = "Location", description = "the use case",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Created.class)))
    public Response create(@Valid @NotNull UseCaseRequest request) {
        DuplicateDetector detector = similarity.detector();
        String id = "uc-" + UUID.randomUUID().toString().substring(0, 12);
        DuplicateDetector.Idea idea = new DuplicateDetector.Idea(id, request.title(), request.problem());
        float[] embedding = similarity.embed(idea);
        DuplicateDetector.Profile profile = detector.profile(idea, embedding);
        List<UseCase> existing = UseCase.list("status <> 'MERGED'");
        List<DuplicateDetector.Profile> profiles = existing.stream().map(u -> detector.profile(
                new DuplicateDetector.Idea(u.id, u.title, u.problem), UseCaseSimilarity.fromBytes(u.embedding)))
                .toList();
        List<DuplicateDetector.Match> matches = detector.rank(profile, profiles, similarity.similarThreshold());
        List<Similar> similar = new ArrayList<>();
        for (DuplicateDetector.Match m : matches.subList(0, Math.min(5, matches.size()))) {
            UseCase u = existing.stream().filter(e -> e.id.equals(m.id())).findFirst().orElseThrow();
            similar.add(new Similar(u.id, u.title, Math.round(m.score() * 1000) / 1000.0));
        }
        UseCase uc = new UseCase();
        uc.id = id;
        uc.title = request.title();
        uc.problem = request.problem();
        uc.expectedValue = request.expectedValue();
        uc.dataSources = request.dataSources().toArray(String[]::new);
        uc.owner = request.owner();
        uc.businessUnit = request.businessUnit();
        uc.category = request.category().name();
        uc.sourcing = request.sourcing().name();
        uc.status = "SUBMITTED";
        uc.possibleDuplicateOf = !matches.isEmpty() && matches.get(0).score() >= similarity.duplicateThreshold()
                ? matches.get(0).id() : null;
        uc.embedding = UseCaseSimilarity.toBytes(embedding);
        uc.createdBy = caller.subject();
        uc.createdAt = Instant.now();
        uc.updatedAt = uc.createdAt;
        uc.persist();
        history(uc, null, "SUBMITTED", null);
        announce(uc, "CREATED", null);
        return Response.created(URI.create("/api/v1/use-cases/" + id))
                .entity(new Created(id, uc.status, uc.possibleDuplicateOf, similar)).build();
    }

    @GET
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Use cases, oldest first, by status and/or a text query (q matches title and problem, case"
            + " insensitive, % and _ as themselves); a page"
            + " of at most limit, with a Link rel=\"next\" header when more follow")
    @APIResponse(responseCode = "200", description = "A page of use cases", headers = @Header(name = "Link",
            description = Keyset.LINK_DESCRIPTION, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
            implementation = UseCaseView.class)))
    public RestResponse<List<UseCaseView>> list(@QueryParam("status") String status, @QueryParam("q") String q,
            @QueryParam("limit") @DefaultValue(Keyset.DEFAULT_LIMIT) @Min(1) @Max(Keyset.MAX_LIMIT) int limit,
            @QueryParam("cursor") @Size(max = 200) String cursor, @Context UriInfo uri) {
        if (status != null && Arrays.stream(Status.values()).noneMatch(s -> s.name().equals(status))) {
            throw ApiException.invalid("status", "one of " + Arrays.toString(Status.values()));
        }
        if (q != null && q.length() > 200) {
            throw ApiException.invalid("q", "at most 200 characters");
        }
        KeysetQuery page = new KeysetQuery("createdAt", "id", false)
                .filter("status = :status", "status", status)
                .filter("(lower(title) like :like escape '!' or lower(problem) like :like escape '!')", "like",
                        q == null || q.isBlank() ? null : "%" + likeLiteral(q.toLowerCase(Locale.ROOT)) + "%")
                .after(Keyset.parse(cursor));
        List<UseCase> found = UseCase.<UseCase>find(page.query(), page.params()).range(0, limit).list();
        return Keyset.page(found, limit, u -> new Keyset(u.createdAt, u.id), u -> view(u, List.of()), uri);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "One use case with its history")
    public UseCaseView get(@PathParam("id") String id) {
        UseCase uc = find(id, false);
        return view(uc, UseCaseHistory.<UseCaseHistory>list("useCaseId = ?1 order by id", id).stream()
                .map(h -> new Step(h.fromStatus, h.toStatus, h.comment, h.actor, h.at)).toList());
    }

    @POST
    @Path("/{id}/transitions")
    @Transactional
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.ADMIN})
    @Operation(summary = "Move a use case through its lifecycle (reviewers; an owner may only withdraw a submitted idea;"
            + " four eyes: neither the owner nor the submitter may move it into IN_REVIEW, SANDBOX, PILOT or PRODUCTION)")
    @APIResponse(responseCode = "200", description = "The use case in its new status (REJECTED, MERGED or RETIRED"
            + " revokes its sandboxes)")
    @APIResponse(responseCode = "403", description = "Only reviewers move use cases through review (an owner may"
            + " withdraw), and never their own use case (owner or submitter) a step further")
    @APIResponse(responseCode = "409", description = "The use case cannot move from its status to the one asked, or"
            + " the use case to merge into is rejected, merged or retired")
    public UseCaseView transition(@PathParam("id") String id, @Valid @NotNull TransitionRequest request) {
        UseCase uc = find(id, true);
        String to = request.to().name();
        boolean reviewer = caller.hasRole(Roles.REVIEWER) || caller.hasRole(Roles.ADMIN);
        boolean ownerWithdraws = "SUBMITTED".equals(uc.status) && "RETIRED".equals(to)
                && People.same(caller.subject(), uc.owner);
        if (!reviewer && !ownerWithdraws) {
            throw ApiException.forbidden("only reviewers move use cases through review (an owner may withdraw a"
                    + " submitted idea)");
        }
        if (!TRANSITIONS.get(uc.status).contains(to)) {
            throw ApiException.conflict("use case " + id + " is " + uc.status + " and cannot become " + to);
        }
        if (APPROVING.contains(to)) {
            String me = caller.subject();
            if (People.same(me, uc.owner) || People.same(me, uc.createdBy)) {
                throw ApiException.forbidden("four eyes: " + me + (People.same(me, uc.owner) ? " owns" : " submitted")
                        + " use case " + id + " and cannot move it to " + to + "; another reviewer must");
            }
        }
        if (!"MERGED".equals(to) && request.mergedInto() != null) {
            throw ApiException.invalid("mergedInto", "only a transition to MERGED names the use case merged into");
        }
        if ("MERGED".equals(to)) {
            if (request.mergedInto() == null) {
                throw ApiException.invalid("mergedInto", "name the use case this one is merged into");
            }
            if (request.mergedInto().equals(id)) {
                throw ApiException.invalid("mergedInto", "a use case cannot be merged into itself; name another one");
            }
            UseCase target = UseCase.findById(request.mergedInto());
            if (target == null) {
                throw ApiException.invalid("mergedInto", "use case " + request.mergedInto() + " does not exist");
            }
            if (CLOSED.contains(target.status)) {
                throw ApiException.conflict("use case " + target.id + " is " + target.status
                        + ": merge into an open use case");
            }
            uc.mergedInto = target.id;
        }
        String from = uc.status;
        uc.status = to;
        uc.updatedAt = Instant.now();
        if (CLOSED.contains(to)) {
            // the idea is closed: its sandboxes' credentials stop working now, not when they expire
            Sandbox.update("revokedAt = ?1, revokedReason = ?2 where useCaseId = ?3 and revokedAt is null",
                    uc.updatedAt, "use case " + id + " is " + to, id);
        }
        history(uc, from, to, request.comment());
        announce(uc, "TRANSITIONED", request.comment());
        return get(id);
    }

    @POST
    @Path("/{id}/sandboxes")
    @Transactional
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.ADMIN})
    @Operation(summary = "Provision a sandbox (expiry, quotas, a credential shown once) for a use case in SANDBOX or PILOT")
    @APIResponse(responseCode = "201", description = "The sandbox and its credential (shown once)",
            headers = @Header(name = "Location", description = "the sandbox",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SandboxCreated.class)))
    @APIResponse(responseCode = "403",
            description = "Only the owner of the use case or a reviewer provisions its sandbox")
    @APIResponse(responseCode = "409", description = "The use case is not in SANDBOX or PILOT")
    public Response sandbox(@PathParam("id") String id, @Valid SandboxRequest request) {
        UseCase uc = find(id, false);
        boolean reviewer = caller.hasRole(Roles.REVIEWER) || caller.hasRole(Roles.ADMIN);
        if (!reviewer && !People.same(caller.subject(), uc.owner)) {
            throw ApiException.forbidden("only the owner of the use case or a reviewer provisions its sandbox");
        }
        if (!Set.of("SANDBOX", "PILOT").contains(uc.status)) {
            throw ApiException.conflict("use case " + id + " is " + uc.status + ": sandboxes are for SANDBOX or PILOT");
        }
        SandboxRequest r = request == null ? new SandboxRequest(null, null, null) : request;
        Sandbox s = new Sandbox();
        s.id = "sbx-" + UUID.randomUUID().toString().substring(0, 12);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = "sbx." + s.id + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        s.useCaseId = id;
        s.tokenHash = sha256(token);
        s.scopes = "sandbox:" + s.id + ",read:documents,read:insights,read:mix-models";
        s.maxQueriesPerDay = r.maxQueriesPerDay() == null ? 1000 : r.maxQueriesPerDay();
        s.maxStorageMb = r.maxStorageMb() == null ? 512 : r.maxStorageMb();
        s.createdAt = Instant.now();
        s.expiresAt = r.days() == null ? s.createdAt.plus(sandboxLifetime) : s.createdAt.plus(Duration.ofDays(r.days()));
        s.createdBy = caller.subject();
        s.persist();
        announce(uc, "SANDBOX_PROVISIONED", "sandbox " + s.id + " until " + s.expiresAt);
        return Response.created(URI.create("/api/v1/sandboxes/" + s.id)).entity(new SandboxCreated(s.id, id,
                s.expiresAt, s.maxQueriesPerDay, s.maxStorageMb, Arrays.asList(s.scopes.split(",")), token,
                "the token is shown once; only its hash is stored")).build();
    }

    /** The text as LIKE reads it literally: % and _ are characters to find, not wildcards. */
    static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_"); // ! is the escape character
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void history(UseCase uc, String from, String to, String comment) {
        UseCaseHistory h = new UseCaseHistory();
        h.useCaseId = uc.id;
        h.fromStatus = from;
        h.toStatus = to;
        h.comment = comment;
        h.actor = caller.subject();
        h.at = Instant.now();
        h.persist();
    }

    private void announce(UseCase uc, String change, String comment) {
        events.publish(EventType.USE_CASE, uc.id, uc.id, new UseCaseEvent(uc.id, change, uc.title, uc.status,
                uc.owner, uc.businessUnit, uc.category, uc.sourcing, uc.possibleDuplicateOf, comment,
                caller.subject(), Correlation.current(), null, Instant.now()), Correlation.current(), null);
    }

    private static UseCase find(String id, boolean lock) {
        UseCase uc = lock ? UseCase.findById(id, LockModeType.PESSIMISTIC_WRITE) : UseCase.findById(id);
        if (uc == null) {
            throw ApiException.notFound("use case", id);
        }
        return uc;
    }

    static UseCaseView view(UseCase u, List<Step> history) {
        return new UseCaseView(u.id, u.title, u.problem, u.expectedValue,
                u.dataSources == null ? List.of() : List.of(u.dataSources),
                u.owner, u.businessUnit, u.category, u.sourcing, u.status, u.possibleDuplicateOf, u.mergedInto,
                u.createdAt, u.updatedAt, history);
    }
}
