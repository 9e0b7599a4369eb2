package dev.compass.ingestion.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.ingestion.config.IngestionConfig;
import dev.compass.ingestion.connectors.FilesystemConnector;
import dev.compass.ingestion.connectors.SharePointConnector;
import dev.compass.ingestion.persistence.Ids;
import dev.compass.ingestion.persistence.SyncStore;
import dev.compass.ingestion.processing.SyncService;
import dev.compass.kit.paging.Keyset;
import dev.compass.kit.problem.ApiException;
import dev.compass.kit.security.Caller;
import dev.compass.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/** Connectors: register a source (a folder tree or SharePoint through Microsoft Graph), run and follow syncs. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SourceResource {
    @Inject
    SyncStore store;
    @Inject
    SyncService syncs;
    @Inject
    IngestionConfig config;
    @Inject
    Caller caller;

    public record SourceRequest(@NotNull @Pattern(regexp = "filesystem|sharepoint", message = "filesystem or sharepoint")
            String type, @NotBlank @Size(max = 200) String name,
            @NotNull @Schema(required = true, description = "the connector's settings (see the README)")
            JsonNode config) {}

    public record SourceView(String id, String type, String name, JsonNode config, Instant createdAt) {}

    public record SyncRequest(Boolean fullResync) {}

    public record SyncView(String id, String sourceId, String status, int sitesTotal, int sitesDone, int sitesFailed,
            boolean enumerationDone, boolean fullResync, long itemsSeen, long itemsNew, long itemsChanged,
            long itemsDeleted, long itemsFailed, List<String> errors, Instant startedAt, Instant finishedAt) {}

    @POST
    @Path("/sources")
    @Transactional
    @RolesAllowed({Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Register a source: type filesystem (config.root, config.groups) or sharepoint"
            + " (config.tokenUrl, clientId, clientSecretEnv, graphBaseUrl, siteSearch)", description = "A sharepoint"
            + " source's clientSecretEnv names the environment variable of this service that holds the client secret:"
            + " it must start with the configured prefix (compass.ingestion.graph.secret-env-prefix, GRAPH_) and be"
            + " set, not empty, or the registration is a 400 naming config.clientSecretEnv")
    @APIResponse(responseCode = "201", description = "The registered source", headers = @Header(name = "Location",
            description = "the source", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SourceView.class)))
    public Response register(@Valid @NotNull SourceRequest request) {
        if (!request.config().isObject()) {
            throw ApiException.invalid("config", "must be an object");
        }
        List<String> known = request.type().equals("filesystem") ? FilesystemConnector.CONFIG_PROPERTIES
                : SharePointConnector.CONFIG_PROPERTIES;
        request.config().fieldNames().forEachRemaining(name -> {
            // an inline secret is refused by the connector's check below, which says what to use instead
            boolean refusedWithReason = request.type().equals("sharepoint")
                    && name.equals(SharePointConnector.INLINE_SECRET);
            if (!known.contains(name) && !refusedWithReason) {
                throw ApiException.invalid("config." + name, "not a property of a " + request.type()
                        + " source's config; it has " + String.join(", ", known));
            }
        });
        try {
            if (request.type().equals("filesystem")) {
                FilesystemConnector.validate(request.config(), config.filesystem().roots());
            } else {
                SharePointConnector.validate(request.config(), config.graph().allowedHosts(),
                        config.graph().secretEnvPrefix());
            }
        } catch (IllegalArgumentException e) {
            // the connectors say "field: why"
            int colon = e.getMessage().indexOf(':');
            String field = colon > 0 ? e.getMessage().substring(0, colon).replace("config.", "") : "";
            throw ApiException.invalid(field.isEmpty() ? "config" : "config." + field,
                    colon > 0 ? e.getMessage().substring(colon + 1).strip() : e.getMessage());
        }
        String id = Ids.next();
        store.insertSource(id, request.type(), request.name(), request.config());
        return Response.created(URI.create("/api/v1/sources/" + id)).entity(view(store.source(id).orElseThrow()))
                .build();
    }

    @GET
    @Path("/sources")
    @RolesAllowed({Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Registered sources (secrets masked), oldest first; a page of at most limit, with a Link"
            + " rel=\"next\" header when more follow")
    @APIResponse(responseCode = "200", description = "A page of sources", headers = @Header(name = "Link",
            description = Keyset.LINK_DESCRIPTION, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
            implementation = SourceView.class)))
    public RestResponse<List<SourceView>> list(
            @QueryParam("limit") @DefaultValue(Keyset.DEFAULT_LIMIT) @Min(1) @Max(Keyset.MAX_LIMIT) int limit,
            @QueryParam("cursor") @Size(max = 200) String cursor, @Context UriInfo uri) {
        return Keyset.page(store.sources(Keyset.parse(cursor), limit + 1), limit,
                s -> new Keyset(s.createdAt(), s.id()), SourceResource::view, uri);
    }

    @GET
    @Path("/sources/{id}")
    @RolesAllowed({Roles.OPS, Roles.ADMIN})
    @Operation(summary = "A source (secrets masked)")
    public SourceView get(@PathParam("id") String id) {
        return view(store.source(id).orElseThrow(() -> ApiException.notFound("source", id)));
    }

    @POST
    @Path("/sources/{id}/syncs")
    @RolesAllowed({Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Run a sync (incremental; fullResync true starts every drive over): 202 with the sync id."
            + " One sync runs per source at a time")
    @APIResponse(responseCode = "202", description = "Sync started; follow the Location",
            headers = @Header(name = "Location", description = "the sync", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SyncView.class)))
    @APIResponse(responseCode = "409", description = "The source has a running sync (named in the detail); follow it,"
            + " or cancel it first", content = @Content(mediaType = "application/problem+json"))
    public Response sync(@PathParam("id") String id, SyncRequest request) {
        store.source(id).orElseThrow(() -> ApiException.notFound("source", id));
        String syncId;
        try {
            syncId = syncs.start(id, request != null && Boolean.TRUE.equals(request.fullResync()));
        } catch (SyncService.AlreadyRunning running) {
            throw ApiException.conflict("source " + id + " has a running sync, " + running.syncId() + "; one sync"
                    + " runs per source at a time: follow /api/v1/syncs/" + running.syncId() + ", or cancel it with"
                    + " POST /api/v1/syncs/" + running.syncId() + "/cancellation");
        }
        return Response.accepted(get(syncId, true)).location(URI.create("/api/v1/syncs/" + syncId)).build();
    }

    @POST
    @Path("/syncs/{id}/cancellation")
    @RolesAllowed({Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Cancel a running sync (no body): sites not yet started are skipped, a site in progress stops"
            + " within about 2 s, between two items (keeping what it has ingested; no deletions and no delta link are"
            + " recorded for it). The next sync of the source carries on from the last completed state")
    @APIResponse(responseCode = "200", description = "The sync, now CANCELLED", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SyncView.class)))
    @APIResponse(responseCode = "409", description = "The sync has already finished",
            content = @Content(mediaType = "application/problem+json"))
    public SyncView cancel(@PathParam("id") String id, @Context HttpHeaders headers) {
        ApiException.requireNoBody(headers, "a cancellation");
        SyncStore.SyncRecord s = store.sync(id).orElseThrow(() -> ApiException.notFound("sync", id));
        if (!store.cancel(id, caller.subject())) {
            throw ApiException.conflict("sync " + id + " is " + store.syncStatus(id).orElse(s.status())
                    + "; only a RUNNING sync can be cancelled");
        }
        return get(id, false);
    }

    @GET
    @Path("/syncs/{id}")
    @RolesAllowed({Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Progress and errors of a sync: sites total/done, items seen/new/changed/deleted/failed")
    public SyncView syncStatus(@PathParam("id") String id) {
        return get(id, false);
    }

    private SyncView get(String id, boolean justStarted) {
        SyncStore.SyncRecord s = store.sync(id).orElseThrow(() -> ApiException.notFound("sync", id));
        SyncStore.Progress p = store.progress(id);
        List<String> errors = new java.util.ArrayList<>(s.errors());
        errors.addAll(p.siteErrors());
        return new SyncView(s.id(), s.sourceId(), s.status(), s.sitesTotal(), p.sitesDone() + p.sitesFailed(),
                p.sitesFailed(), s.enumerationDone(), s.fullResync(), p.seen(), p.created(), p.changed(), p.deleted(),
                p.failed(), errors, s.startedAt(), s.finishedAt());
    }

    static SourceView view(SyncStore.SourceRecord s) {
        JsonNode config = s.config().deepCopy();
        if (config instanceof ObjectNode o && o.has("clientSecret")) {
            o.put("clientSecret", "***");
        }
        return new SourceView(s.id(), s.type(), s.name(), config, s.createdAt());
    }
}
