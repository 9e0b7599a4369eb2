package dev.compass.governance.persistence;

import dev.compass.governance.domain.BudgetPolicy;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One version of the budget policy; the highest version applies. */
@Entity
@Table(name = "budget_policy")
public class PolicyVersion extends PanacheEntityBase {
    @Id
    public long version;
    @Column(name = "max_auto_amount")
    public double maxAutoAmount;
    /** ISO 4217 code of the automatic amount limit (EUR for the versions from before it was stored). */
    public String currency;
    @Column(name = "max_share_of_line")
    public double maxShareOfLine;
    @Column(name = "require_non_negative_gain")
    public boolean requireNonNegativeGain;
    @Column(name = "pending_ttl_seconds")
    public long pendingTtlSeconds;
    @Column(name = "updated_by")
    public String updatedBy;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static PolicyVersion latest() {
        return find("order by version desc").firstResult();
    }

    public BudgetPolicy toPolicy() {
        return new BudgetPolicy(version, maxAutoAmount, currency, maxShareOfLine, requireNonNegativeGain,
                pendingTtlSeconds);
    }
}
