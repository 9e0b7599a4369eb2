package dev.compass.agent.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/**
 * A line of the budget ledger: brand x market x channel x period, compared regardless of case (a unique index on their
 * lower case). Whoever changes a line's amount locks it first, so the changes of a line chain in its history.
 */
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

    private static final String KEY = "lower(brand) = lower(?1) and lower(market) = lower(?2)"
            + " and lower(channel) = lower(?3) and lower(period) = lower(?4)";

    /**
     * The periods of the lines of this brand and market (compared regardless of case), in order; a period spelt in
     * several ways is named once, as one of its lines spells it.
     */
    public static java.util.List<String> periodsOf(String brand, String market) {
        return getEntityManager().createQuery("select min(period) from BudgetLineRow where lower(brand) = lower(?1)"
                        + " and lower(market) = lower(?2) group by lower(period) order by lower(period)", String.class)
                .setParameter(1, brand).setParameter(2, market).getResultList();
    }

    /** The lines of this brand, market and period (compared regardless of case), by channel. */
    public static java.util.List<BudgetLineRow> ofPeriod(String brand, String market, String period) {
        return list("lower(brand) = lower(?1) and lower(market) = lower(?2) and lower(period) = lower(?3)"
                + " order by channel, id", brand, market, period);
    }

    /** The id of the line of this brand, market, channel and period, if there is one; loads no entity and locks nothing. */
    public static Optional<String> idOf(String brand, String market, String channel, String period) {
        return getEntityManager().createQuery("select id from BudgetLineRow where " + KEY, String.class)
                .setParameter(1, brand).setParameter(2, market).setParameter(3, channel).setParameter(4, period)
                .getResultStream().findFirst();
    }

    /** The line of this brand, market, channel and period, locked for the rest of the transaction; null if none. */
    public static BudgetLineRow lock(String brand, String market, String channel, String period) {
        return BudgetLineRow.<BudgetLineRow>find(KEY, brand, market, channel, period)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /**
     * Creates the line with zero amounts unless its id or its brand, market, channel and period are taken (by a
     * committed line, or once a concurrent transaction that is creating one commits); true when it created it.
     */
    public static boolean createIfAbsent(String id, String brand, String market, String channel, String period) {
        return getEntityManager().createNativeQuery("insert into budget_line (id, brand, market, channel, period,"
                        + " amount, committed, minimum, updated_at) values (?1, ?2, ?3, ?4, ?5, 0, 0, 0, now())"
                        + " on conflict do nothing")
                .setParameter(1, id).setParameter(2, brand).setParameter(3, market).setParameter(4, channel)
                .setParameter(5, period).executeUpdate() == 1;
    }

    /** A line locked for the rest of the transaction, and whether this transaction created it. */
    public record Locked(BudgetLineRow line, boolean created) {}

    /**
     * The line of this brand, market, channel and period, locked for the rest of the transaction; created with zero
     * amounts under {@code id} when there is none. When {@code id} is another line's, the line is created under
     * id-2, id-3... if {@code suffixed} (a generated id), else null (an id the caller gave).
     */
    public static Locked lockOrCreate(String id, String brand, String market, String channel, String period,
            boolean suffixed) {
        BudgetLineRow line = lock(brand, market, channel, period);
        for (int attempt = 1; line == null; attempt++) {
            String candidate = attempt == 1 ? id : id + "-" + attempt;
            if (createIfAbsent(candidate, brand, market, channel, period)) {
                BudgetLineRow created = findById(candidate, LockModeType.PESSIMISTIC_WRITE);
                return new Locked(created, true);
            }
            // either a concurrent transaction has just created this line, or the id is another line's
            line = lock(brand, market, channel, period);
            if (line == null && !suffixed) {
                return null;
            }
            if (line == null && attempt >= 1000) {
                throw new IllegalStateException("no free line id for " + id);
            }
        }
        return new Locked(line, false);
    }
}
