package dev.compass.agent.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Money is carried to the cent; texts show it with two decimals. */
public final class Money {
    private Money() {}

    public static double round(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    public static String format(double value) {
        return String.format(Locale.ROOT, "%,.2f", value);
    }
}
