package dev.compass.governance.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A budget proposal received from the agents and its governance status. */
@Entity
@Table(name = "proposal")
public class Proposal extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "conversation_id")
    public String conversationId;
    @Column(name = "correlation_id")
    public String correlationId;
    public String brand;
    public String market;
    /** ISO 4217 code of every amount; null from agents that predate it (the policy's currency then applies). */
    public String currency;
    @Column(name = "proposed_by")
    public String proposedBy;
    @Column(name = "requested_by")
    public String requestedBy;
    @Column(name = "total_amount")
    public double totalAmount;
    @Column(name = "projected_gain")
    public double projectedGain;
    @Column(name = "current_return")
    public double currentReturn;
    @Column(name = "new_return")
    public double newReturn;
    public String payload;
    public String status;
    @Column(name = "policy_version")
    public Long policyVersion;
    public String reason;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decision_comment")
    public String decisionComment;
    @Column(name = "received_at")
    public Instant receivedAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "decided_at")
    public Instant decidedAt;
    /** For an approved proposal: PENDING, APPLIED (ledger entries seen) or FAILED (the agent could not apply it). */
    @Column(name = "application_status")
    public String applicationStatus;
    @Column(name = "application_at")
    public Instant applicationAt;
    @Column(name = "application_detail")
    public String applicationDetail;
    @Version
    public long version;
}
