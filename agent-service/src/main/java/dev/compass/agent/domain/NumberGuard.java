package dev.compass.agent.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that every number in a language model's text is one the tools computed, within the rounding the text
 * shows: "12,346" matches 12345.67, "1.2" matches 1.2049, "12%" matches 12.4. Returns the numbers that match none.
 */
public final class NumberGuard {
    private static final Pattern NUMBER = Pattern.compile("(?<![\\p{L}\\d.])-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|(?<![\\p{L}\\d.,])-?\\d+(?:\\.\\d+)?");

    private NumberGuard() {}

    public static List<String> numbersIn(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(text == null ? "" : text);
        while (m.find()) out.add(m.group());
        return out;
    }

    /** The numbers of {@code text} that match none of the {@code known} values. */
    public static List<String> unsupported(String text, Collection<Double> known) {
        List<String> bad = new ArrayList<>();
        for (String token : numbersIn(text)) {
            BigDecimal value = new BigDecimal(token.replace(",", ""));
            double tolerance = 0.5 * Math.pow(10, -Math.max(0, value.scale())) + 1e-9;
            double v = value.doubleValue();
            boolean ok = known.stream().anyMatch(k -> Math.abs(Math.abs(k) - Math.abs(v)) <= tolerance);
            if (!ok) bad.add(token);
        }
        return bad;
    }

    /** Every number written in a tool result. */
    public static List<Double> knownFrom(String toolResult) {
        return numbersIn(toolResult).stream().map(t -> new BigDecimal(t.replace(",", "")).doubleValue()).toList();
    }
}
