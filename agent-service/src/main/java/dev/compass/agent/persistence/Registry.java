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

    /** Records the latest registration; returns the previous status (null when new). */
    public String upsert(AgentRegistration r) {
        AgentRegistrationRow row = AgentRegistrationRow.findById(r.agentId());
        String previous = row == null ? null : row.status;
        if (row == null) {
            row = new AgentRegistrationRow();
            row.agentId = r.agentId();
            row.status = r.status();
            row.updatedAt = Instant.now();
            row.persist();
        }
        row.name = r.name();
        row.owner = r.owner();
        row.model = r.model();
        row.status = r.status();
        row.reason = r.reason();
        row.updatedAt = r.occurredAt() != null ? r.occurredAt() : Instant.now();
        return previous;
    }
}
