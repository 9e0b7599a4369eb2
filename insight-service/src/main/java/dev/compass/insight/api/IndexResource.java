package dev.compass.insight.api;

import dev.compass.insight.domain.Rebuilds;
import dev.compass.kit.problem.ApiException;
import dev.compass.kit.security.Caller;
import dev.compass.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Rebuild of the search index from the record in PostgreSQL (administrators). */
@Path("/api/v1/index/rebuilds")
@Produces(MediaType.APPLICATION_JSON)
public class IndexResource {
    @Inject
    Rebuilds rebuilds;
    @Inject
    Caller caller;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Rebuild the search index from the stored chunks and vectors (no body; 202, poll the"
            + " Location)")
    @APIResponse(responseCode = "202", description = "Rebuild started; poll the Location",
            headers = @Header(name = "Location", description = "the rebuild",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Rebuilds.Progress.class)))
    @APIResponse(responseCode = "409", description = "A rebuild is still running")
    public Response rebuild(@Context HttpHeaders headers) {
        ApiException.requireNoBody(headers, "a rebuild");
        Rebuilds.Progress p = rebuilds.start(caller.subject());
        return Response.accepted(p).location(URI.create("/api/v1/index/rebuilds/" + p.id())).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.OPS})
    @Operation(summary = "Progress of an index rebuild")
    public Rebuilds.Progress progress(@PathParam("id") String id) {
        return rebuilds.find(id).orElseThrow(() -> ApiException.notFound("index rebuild", id));
    }
}
