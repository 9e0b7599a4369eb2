package dev.compass.agent.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The registry status of an agent, as last read from governance.agents.v1. */
@Entity
@Table(name = "agent_registration")
public class AgentRegistrationRow extends PanacheEntityBase {
    @Id
    @Column(name = "agent_id")
    public String agentId;
    public String name;
    public String owner;
    public String model;
    public String status;
    public String reason;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
