package dev.compass.governance.api;

import dev.compass.governance.persistence.PolicyVersion;
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
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The budget policy: thresholds of automatic approval and the lifetime of pending proposals. Versioned. */
@Path("/api/v1/policies/budget")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PolicyResource {
    @Inject
    Caller caller;

    public record PolicyView(long version, double maxAutoAmount, double maxShareOfLine,
            boolean requireNonNegativeGain, long pendingTtlSeconds, String updatedBy, Instant updatedAt) {}

    public record PolicyRequest(@NotNull @DecimalMin("0") Double maxAutoAmount,
            @NotNull @DecimalMin("0") @DecimalMax("1") Double maxShareOfLine, Boolean requireNonNegativeGain,
            @NotNull @Min(60) @Max(31_536_000) Long pendingTtlSeconds) {}

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.FINANCE_APPROVER, Roles.REVIEWER, Roles.OPS})
    @Operation(summary = "The budget policy in force")
    public PolicyView get() {
        return view(PolicyVersion.latest());
    }

    @PUT
    @Transactional
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change the budget policy (admin): stored as a new version (concurrent changes each get"
            + " their own, in turn)")
    public PolicyView put(@Valid @NotNull PolicyRequest request) {
        // concurrent changes one after the other, each a new version on the one before (readers are not blocked)
        PolicyVersion.getEntityManager().createNativeQuery("lock table budget_policy in exclusive mode").executeUpdate();
        PolicyVersion current = PolicyVersion.latest();
        PolicyVersion next = new PolicyVersion();
        next.version = current.version + 1;
        next.maxAutoAmount = request.maxAutoAmount();
        next.maxShareOfLine = request.maxShareOfLine();
        next.requireNonNegativeGain = request.requireNonNegativeGain() == null || request.requireNonNegativeGain();
        next.pendingTtlSeconds = request.pendingTtlSeconds();
        next.updatedBy = caller.subject();
        next.updatedAt = Instant.now();
        next.persist();
        return view(next);
    }

    static PolicyView view(PolicyVersion p) {
        return new PolicyView(p.version, p.maxAutoAmount, p.maxShareOfLine, p.requireNonNegativeGain,
                p.pendingTtlSeconds, p.updatedBy, p.updatedAt);
    }
}
