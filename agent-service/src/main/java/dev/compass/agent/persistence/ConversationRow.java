package dev.compass.agent.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;

/** A negotiation and the step it has reached (JSON columns hold the opportunity, evidence, offer, proposal, decision). */
@Entity
@Table(name = "conversation")
public class ConversationRow extends PanacheEntityBase {
    @Id
    public String id;
    public String brand;
    public String market;
    /** The budget period the conversation is about, as its lines spell it; null when none could be named. */
    public String period;
    public String objective;
    @Column(name = "requested_amount")
    public Double requestedAmount;
    @Column(name = "horizon_weeks")
    public int horizonWeeks;
    public String status;
    public String step;
    public String reason;
    @Column(name = "started_by")
    public String startedBy;
    @Column(name = "correlation_id")
    public String correlationId;
    public String opportunity;
    @Column(name = "question_id")
    public String questionId;
    @Column(name = "evidence_deadline")
    public Instant evidenceDeadline;
    public String evidence;
    /** The groups the evidence was retrieved with (a JSON array): see the API's evidence access. */
    @Column(name = "evidence_groups")
    public String evidenceGroups;
    public String offer;
    @Column(name = "proposal_id")
    public String proposalId;
    public String proposal;
    public String decision;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The conversation, locked for the rest of the transaction (the agents' handlers serialise on it). */
    public static ConversationRow lock(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }
}
