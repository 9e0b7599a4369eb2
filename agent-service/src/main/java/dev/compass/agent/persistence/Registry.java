package dev.compass.agent.persistence;

import dev.compass.contracts.events.AgentRegistration;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/** The governance registry as this service knows it: agents act only while ACTIVE. */
@ApplicationScoped
public class Registry {

    /** Empty when the agent may act; otherwise why it may not. */
    public Optional<String> whyInactive(String agentId) {
        AgentRegistrationRow row = AgentRegistrationRow.findById(agentId);
        if (row == null) {
            return Optional.of("agent " + agentId + " is not registered in the governance registry");
        }
        if (!"ACTIVE".equals(row.status)) {
            return Optional.of("agent " + agentId + " is " + row.status
                    + (row.reason == null || row.reason.isBlank() ? "" : ": " + row.reason));
        }
        return Optional.empty();
    }

    /**
     * Records a registration unless the registry already holds a newer one of that agent (an old event re-driven
     * from a dead-letter topic or republished must not undo a later suspension or activation). Returns whether it
     * was recorded.
     */
    public boolean upsert(AgentRegistration r) {
        AgentRegistrationRow row = AgentRegistrationRow.findById(r.agentId());
        Instant at = r.occurredAt() != null ? r.occurredAt() : Instant.now();
        if (row == null) {
            row = new AgentRegistrationRow();
            row.agentId = r.agentId();
            row.status = r.status();
            row.updatedAt = at;
            row.persist();
        } else if (row.updatedAt != null && at.isBefore(row.updatedAt)) {
            return false;
        }
        row.name = r.name();
        row.owner = r.owner();
        row.model = r.model();
        row.status = r.status();
        row.reason = r.reason();
        row.updatedAt = at;
        return true;
    }
}
