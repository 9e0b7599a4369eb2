package dev.compass.agent.api;

import dev.compass.agent.config.AgentConfig;
import dev.compass.agent.persistence.AgentRegistrationRow;
import dev.compass.kit.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The agents this service runs and their status in the governance registry. */
@Path("/api/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentsResource {
    @Inject
    AgentConfig config;

    public record AgentView(String agentId, String role, String name, String owner, String model, String status,
            String reason, Instant updatedAt) {}

    @GET
    @RolesAllowed({Roles.EMPLOYEE, Roles.ANALYST, Roles.REVIEWER, Roles.FINANCE_APPROVER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "The commercial and finance agents and their registry status (UNREGISTERED when unknown)")
    public List<AgentView> agents() {
        return List.of(view(config.commercialId(), "commercial"), view(config.financeId(), "finance"));
    }

    private static AgentView view(String id, String role) {
        AgentRegistrationRow r = AgentRegistrationRow.findById(id);
        return r == null ? new AgentView(id, role, null, null, null, "UNREGISTERED", null, null)
                : new AgentView(id, role, r.name, r.owner, r.model, r.status, r.reason, r.updatedAt);
    }
}
