package dev.compass.governance.api;

import dev.compass.governance.domain.BudgetPolicy;
import dev.compass.governance.persistence.PolicyVersion;
import dev.compass.kit.problem.ApiException;
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
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Currency;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The budget policy: thresholds of automatic approval (the amount in the policy's currency) and the lifetime of pending
 * proposals. Versioned.
 */
@Path("/api/v1/policies/budget")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PolicyResource {
    @Inject
    Caller caller;

    public record PolicyView(long version, double maxAutoAmount,
            @Schema(description = "ISO 4217 code of maxAutoAmount. A proposal whose amounts are in another currency is"
                    + " never approved automatically: a finance approver decides") String currency,
            double maxShareOfLine, boolean requireNonNegativeGain, long pendingTtlSeconds, String updatedBy,
            Instant updatedAt) {}

    public record PolicyRequest(@NotNull @DecimalMin("0") Double maxAutoAmount,
            @Schema(description = "ISO 4217 code of maxAutoAmount (three capital letters, a currency ISO 4217 lists);"
                    + " EUR when not given. A proposal whose amounts are in another currency is never approved"
                    + " automatically") @Pattern(regexp = "^[A-Z]{3}$", message = "an ISO 4217 code of three capital"
                            + " letters, such as EUR") String currency,
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
        String currency = currency(request.currency());
        // concurrent changes one after the other, each a new version on the one before (readers are not blocked)
        PolicyVersion.getEntityManager().createNativeQuery("lock table budget_policy in exclusive mode").executeUpdate();
        PolicyVersion current = PolicyVersion.latest();
        PolicyVersion next = new PolicyVersion();
        next.version = current.version + 1;
        next.maxAutoAmount = request.maxAutoAmount();
        next.currency = currency;
        next.maxShareOfLine = request.maxShareOfLine();
        next.requireNonNegativeGain = request.requireNonNegativeGain() == null || request.requireNonNegativeGain();
        next.pendingTtlSeconds = request.pendingTtlSeconds();
        next.updatedBy = caller.subject();
        next.updatedAt = Instant.now();
        next.persist();
        return view(next);
    }

    /** The policy's currency: EUR when not given, else a code ISO 4217 lists (a 400 naming the field otherwise). */
    static String currency(String given) {
        if (given == null) {
            return BudgetPolicy.DEFAULT_CURRENCY;
        }
        try {
            Currency.getInstance(given);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("currency", "not an ISO 4217 currency code");
        }
        return given;
    }

    static PolicyView view(PolicyVersion p) {
        return new PolicyView(p.version, p.maxAutoAmount, p.currency, p.maxShareOfLine, p.requireNonNegativeGain,
                p.pendingTtlSeconds, p.updatedBy, p.updatedAt);
    }
}
