package dev.compass.agent.api;

import dev.compass.agent.persistence.MixModelRow;
import dev.compass.kit.problem.ApiException;
import dev.compass.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Which mix model the agents currently use for a brand and market. */
@Path("/api/v1/mix-models")
@Produces(MediaType.APPLICATION_JSON)
public class MixModelResource {

    public record ModelView(String brand, String market, String modelId, int version, Instant receivedAt) {}

    @GET
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "The latest mix model the agents hold for a brand and market",
            description = "Brand and market are compared regardless of case (the model shows them as insight-service"
                    + " spells them); of models whose brand and market differ only in case, the one received last.")
    @APIResponse(responseCode = "200", description = "The latest model")
    @APIResponse(responseCode = "404", description = "The agents hold no model of that brand and market yet")
    public ModelView latest(@QueryParam("brand") String brand, @QueryParam("market") String market) {
        if (brand == null || brand.isBlank()) throw ApiException.invalid("brand", "must not be blank");
        if (market == null || market.isBlank()) throw ApiException.invalid("market", "must not be blank");
        MixModelRow row = MixModelRow.latest(brand, market)
                .orElseThrow(() -> ApiException.notFound("mix model of", brand + "/" + market));
        return new ModelView(row.brand, row.market, row.modelId, row.version, row.receivedAt);
    }
}
