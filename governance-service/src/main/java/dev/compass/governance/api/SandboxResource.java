package dev.compass.governance.api;

import dev.compass.governance.persistence.Sandbox;
import dev.compass.governance.persistence.UseCase;
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
    public record SandboxView(String id, String useCaseId, String status, Instant expiresAt, Instant revokedAt,
            String revokedReason, int maxQueriesPerDay, int maxStorageMb, List<String> scopes) {}

    public record CheckRequest(@NotBlank @Size(max = 200) String token) {}

    public record CheckResult(boolean valid, String sandboxId, String useCaseId, List<String> scopes,
            Instant expiresAt) {}

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "A sandbox: ACTIVE until it expires (EXPIRED) or its use case is rejected, merged or retired"
            + " (REVOKED)")
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
    @Operation(summary = "Validate a sandbox credential (401 if unknown, 403 if the sandbox expired or was revoked)")
    @APIResponse(responseCode = "200", description = "The credential is valid")
    @APIResponse(responseCode = "401", description = "No valid bearer token, or an unknown sandbox credential")
    @APIResponse(responseCode = "403", description = "The sandbox expired or was revoked (its use case was rejected,"
            + " merged or retired), or the caller roles do not allow the check")
    public CheckResult check(@Valid @NotNull CheckRequest request) {
        Sandbox s = Sandbox.find("tokenHash", UseCaseResource.sha256(request.token())).firstResult();
        if (s == null) {
            throw new ApiException(401, "Unauthorized", "unknown sandbox credential");
        }
        String revoked = revocation(s);
        if (revoked != null) {
            throw ApiException.forbidden("sandbox " + s.id + " was revoked: " + revoked);
        }
        if (!s.expiresAt.isAfter(Instant.now())) {
            throw ApiException.forbidden("sandbox " + s.id + " expired at " + s.expiresAt);
        }
        return new CheckResult(true, s.id, s.useCaseId, Arrays.asList(s.scopes.split(",")), s.expiresAt);
    }

    /**
     * Why a sandbox no longer works although it has not expired, or null: it was revoked, or (a sandbox revoked by no
     * transition, should one slip through) its use case is closed all the same.
     */
    static String revocation(Sandbox s) {
        if (s.revokedAt != null) {
            return s.revokedReason == null ? "at " + s.revokedAt : s.revokedReason;
        }
        UseCase uc = UseCase.findById(s.useCaseId);
        return uc == null || UseCaseResource.CLOSED.contains(uc.status)
                ? "use case " + s.useCaseId + " is " + (uc == null ? "gone" : uc.status) : null;
    }

    static SandboxView view(Sandbox s) {
        String revoked = revocation(s);
        String status = revoked != null ? "REVOKED" : s.expiresAt.isAfter(Instant.now()) ? "ACTIVE" : "EXPIRED";
        return new SandboxView(s.id, s.useCaseId, status, s.expiresAt, s.revokedAt, revoked,
                s.maxQueriesPerDay, s.maxStorageMb, Arrays.asList(s.scopes.split(",")));
    }
}
