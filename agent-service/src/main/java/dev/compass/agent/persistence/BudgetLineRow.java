package dev.compass.agent.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A line of the budget ledger: brand x market x channel x period. */
@Entity
@Table(name = "budget_line")
public class BudgetLineRow extends PanacheEntityBase {
    @Id
    public String id;
    public String brand;
    public String market;
    public String channel;
    public String period;
    public double amount;
    public double committed;
    public double minimum;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** What may move out of the line: everything above the committed part and the minimum. */
    public double releasable() {
        return Math.max(0, amount - Math.max(committed, minimum));
    }
}
