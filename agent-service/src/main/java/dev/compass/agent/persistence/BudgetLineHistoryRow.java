package dev.compass.agent.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One change of a budget line: an import or an applied reallocation. */
@Entity
@Table(name = "budget_line_history")
public class BudgetLineHistoryRow extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;
    @Column(name = "line_id")
    public String lineId;
    public String kind;
    @Column(name = "proposal_id")
    public String proposalId;
    @Column(name = "previous_amount")
    public Double previousAmount;
    @Column(name = "new_amount")
    public double newAmount;
    public double delta;
    /** An import's committed part before and after (previous null when it created the line); null otherwise. */
    @Column(name = "previous_committed")
    public Double previousCommitted;
    @Column(name = "new_committed")
    public Double newCommitted;
    /** An import's minimum before and after (previous null when it created the line); null otherwise. */
    @Column(name = "previous_minimum")
    public Double previousMinimum;
    @Column(name = "new_minimum")
    public Double newMinimum;
    public String actor;
    public Instant at;
}
