package dev.compass.governance.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Numbers as people read them in reasons: "50,000", "45,640.51", "10,000,000", a ratio "1.85", a share "32.1%". */
public final class Amounts {
    private Amounts() {}

    /** An amount with grouping and at most 2 decimals (Locale.ROOT): 50000.0 is "50,000", 1.0E7 is "10,000,000". */
    public static String money(double amount) {
        return format(amount, "#,##0.##");
    }

    /** A return or other ratio with at most 4 decimals: 1.8 is "1.8". */
    public static String ratio(double value) {
        return format(value, "#,##0.####");
    }

    /** A share of 1 as a percentage with one decimal: 0.3209 is "32.1%". */
    public static String percent(double share) {
        return Double.isFinite(share) ? String.format(Locale.ROOT, "%.1f%%", share * 100) : "all";
    }

    private static String format(double value, String pattern) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        DecimalFormat f = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f.format(BigDecimal.valueOf(value));
    }
}
