package dev.compass.agent.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The currency of a brand and market's budget (ISO 4217): all its lines share it, since money moves only between them,
 * and it does not change once recorded (amounts would have to be converted). Brand and market are compared regardless
 * of case. A brand and market without a recorded currency is in the configured one.
 */
public final class BudgetCurrency {
    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");

    private BudgetCurrency() {}

    /** True for an ISO 4217 code the JDK knows, in capitals (EUR, GBP, CHF...). */
    public static boolean valid(String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The recorded currency of this brand and market, if any; locks nothing. */
    public static Optional<String> recorded(String brand, String market) {
        @SuppressWarnings("unchecked")
        List<String> rows = Panache.getEntityManager().createNativeQuery("select currency from budget_currency"
                + " where brand_key = lower(?1) and market_key = lower(?2)")
                .setParameter(1, brand).setParameter(2, market).getResultList();
        return rows.stream().findFirst();
    }

    /** The currency of this brand and market's amounts: the recorded one, else {@code fallback}. */
    public static String of(String brand, String market, String fallback) {
        return recorded(brand, market).orElse(fallback);
    }

    /**
     * Records the currency of this brand and market unless it has one, and returns the one it has. A brand and market
     * with lines but no recorded currency (lines older than currencies) is recorded in {@code fallback}, whatever is
     * {@code wanted}; one without lines in {@code wanted}, or {@code fallback} when none is wanted. Two transactions
     * recording the same brand and market at once are serialised by its key: the second sees the first's.
     */
    public static String claim(String brand, String market, String wanted, String fallback) {
        Panache.getEntityManager().createNativeQuery("insert into budget_currency (brand_key, market_key, currency)"
                        + " select lower(?1), lower(?2), case when exists (select 1 from budget_line where"
                        + " lower(brand) = lower(?1) and lower(market) = lower(?2)) then ?3 else ?4 end"
                        + " on conflict do nothing")
                .setParameter(1, brand).setParameter(2, market).setParameter(3, fallback)
                .setParameter(4, wanted != null ? wanted : fallback).executeUpdate();
        return recorded(brand, market).orElseThrow();
    }
}
