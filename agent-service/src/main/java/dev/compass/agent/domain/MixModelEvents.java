package dev.compass.agent.domain;

import dev.compass.contracts.events.MixModelEvent;
import dev.compass.mixmodel.ChannelCurve;
import dev.compass.mixmodel.SaturationParams;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds mix-model's {@link ChannelCurve} from a channel of {@code insight.mix-models.v1}.
 *
 * <p>Expected keys of {@link MixModelEvent.Channel#curve()} (numbers unless stated), matching
 * {@code ChannelCurve(channel, decay, SaturationParams(type, halfSaturation, shape, lambda), coefficient, meanWeeklySpend)}:
 * <ul>
 *   <li>{@code decay}: geometric adstock decay in [0, 1) (fallback: the channel's {@code adstockDecay});</li>
 *   <li>{@code saturationType}: string {@code "HILL"} or {@code "LOGISTIC"} (fallback: LOGISTIC when a {@code lambda}
 *       is given, HILL otherwise);</li>
 *   <li>{@code halfSaturation} and {@code shape}: the HILL parameters, weekly spend units;</li>
 *   <li>{@code lambda}: the LOGISTIC steepness per weekly spend unit;</li>
 *   <li>{@code coefficient}: weekly KPI contribution at full saturation (required);</li>
 *   <li>{@code meanWeeklySpend}: today's weekly spend (fallback: the channel's {@code weeklySpend}).</li>
 * </ul>
 * The saturation parameters may also come from the channel's {@code saturation} map under the same names.
 * A channel without a {@code coefficient} or without the parameters of its saturation type cannot be rebuilt.
 */
public final class MixModelEvents {
    private MixModelEvents() {}

    public static ChannelCurve toCurve(MixModelEvent.Channel channel) {
        return toCurve(channel, channel.curve() == null ? Map.of() : channel.curve(),
                channel.saturation() == null ? Map.of() : channel.saturation());
    }

    /**
     * The channel's curve in each posterior draw ({@link MixModelEvent.Channel#curveDraws()}, same keys as the curve;
     * the channel's decay and weekly spend are the fallbacks); empty when the event has none or one cannot be rebuilt.
     */
    public static List<ChannelCurve> draws(MixModelEvent.Channel channel) {
        if (channel.curveDraws() == null) {
            return List.of();
        }
        try {
            return channel.curveDraws().stream().map(d -> toCurve(channel, d == null ? Map.of() : d, Map.of()))
                    .toList();
        } catch (IllegalArgumentException incomplete) {
            return List.of();
        }
    }

    private static ChannelCurve toCurve(MixModelEvent.Channel channel, Map<String, Object> curve,
            Map<String, Double> saturation) {
        double decay = number(curve, "decay", channel.adstockDecay());
        Double lambda = optional(curve, saturation, "lambda");
        Object typeValue = curve.get("saturationType");
        String type = typeValue != null ? typeValue.toString().toUpperCase()
                : lambda != null ? SaturationParams.LOGISTIC : SaturationParams.HILL;
        SaturationParams params;
        if (SaturationParams.LOGISTIC.equals(type)) {
            params = SaturationParams.logistic(require(lambda, channel, "lambda"));
        } else if (SaturationParams.HILL.equals(type)) {
            params = SaturationParams.hill(require(optional(curve, saturation, "halfSaturation"), channel, "halfSaturation"),
                    require(optional(curve, saturation, "shape"), channel, "shape"));
        } else {
            throw new IllegalArgumentException("channel " + channel.channel() + ": unknown saturationType " + type);
        }
        Double coefficient = optional(curve, Map.of(), "coefficient");
        double meanWeeklySpend = number(curve, "meanWeeklySpend", channel.weeklySpend());
        return new ChannelCurve(channel.channel(), decay, params, require(coefficient, channel, "coefficient"),
                meanWeeklySpend);
    }

    /** Whether the channel carries enough to rebuild its curve. */
    public static boolean rebuildable(MixModelEvent.Channel channel) {
        try {
            toCurve(channel);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static double number(Map<String, Object> map, String key, double fallback) {
        Object v = map.get(key);
        return v instanceof Number n ? n.doubleValue() : fallback;
    }

    private static Double optional(Map<String, Object> curve, Map<String, Double> saturation, String key) {
        Object v = curve.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        Double s = saturation.get(key);
        return s != null && Double.isFinite(s) ? s : null;
    }

    private static double require(Double value, MixModelEvent.Channel channel, String key) {
        if (value == null || !Double.isFinite(value)) {
            throw new IllegalArgumentException("channel " + channel.channel() + ": curve has no '" + key + "'");
        }
        return value;
    }
}
