package dev.compass.governance.api;

import dev.compass.governance.persistence.Sandbox;
import dev.compass.kit.problem.ApiException;
import dev.compass.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Sandboxes: their status, and the check other services make of a sandbox credential. */
@Path("/api/v1/sandboxes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SandboxResource {
    public record SandboxView(String id, String useCaseId, String status, Instant expiresAt, int maxQueriesPerDay,
            int maxStorageMb, List<String> scopes) {}

    public record CheckRequest(@NotBlank @Size(max = 200) String token) {}

    public record CheckResult(boolean valid, String sandboxId, String useCaseId, List<String> scopes,
            Instant expiresAt) {}

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "A sandbox: ACTIVE until it expires, then EXPIRED")
    public SandboxView get(@PathParam("id") String id) {
        Sandbox s = Sandbox.findById(id);
        if (s == null) {
            throw ApiException.notFound("sandbox", id);
        }
        return view(s);
    }

    @POST
    @Path("/check")
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Validate a sandbox credential (401 if unknown, 403 if the sandbox expired)")
    @APIResponse(responseCode = "200", description = "The credential is valid")
    @APIResponse(responseCode = "401", description = "No valid bearer token, or an unknown sandbox credential")
    @APIResponse(responseCode = "403", description = "The sandbox expired, or the caller roles do not allow the check")
    public CheckResult check(@Valid @NotNull CheckRequest request) {
        Sandbox s = Sandbox.find("tokenHash", UseCaseResource.sha256(request.token())).firstResult();
        if (s == null) {
            throw new ApiException(401, "Unauthorized", "unknown sandbox credential");
        }
        if (!s.expiresAt.isAfter(Instant.now())) {
            throw ApiException.forbidden("sandbox " + s.id + " expired at " + s.expiresAt);
        }
        return new CheckResult(true, s.id, s.useCaseId, Arrays.asList(s.scopes.split(",")), s.expiresAt);
    }

    static SandboxView view(Sandbox s) {
        return new SandboxView(s.id, s.useCaseId, s.expiresAt.isAfter(Instant.now()) ? "ACTIVE" : "EXPIRED",
                s.expiresAt, s.maxQueriesPerDay, s.maxStorageMb, Arrays.asList(s.scopes.split(",")));
    }
}
