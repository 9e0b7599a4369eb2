package dev.compass.insight.domain;

import dev.compass.contracts.events.MixModelEvent;
import dev.compass.mixmodel.ChannelCurve;
import dev.compass.mixmodel.FittedModel;
import dev.compass.mixmodel.SaturationParams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Both directions between mix-model's {@link ChannelCurve} and the {@code curve} map of
 * {@link MixModelEvent.Channel} on {@code insight.mix-models.v1}, so that a consumer rebuilds exactly the curve the
 * service fitted and can evaluate responses and optimise without calling back.
 *
 * <p>Keys of {@code curve} (all numbers are JSON numbers; absent keys are absent, never NaN):
 * <ul>
 *   <li>{@code decay}: geometric adstock decay in [0, 1) ({@link ChannelCurve#decay()})</li>
 *   <li>{@code saturationType}: {@code "HILL"} or {@code "LOGISTIC"} ({@link SaturationParams#type()})</li>
 *   <li>{@code halfSaturation}: HILL only ({@link SaturationParams#halfSaturation()})</li>
 *   <li>{@code shape}: HILL only ({@link SaturationParams#shape()})</li>
 *   <li>{@code lambda}: LOGISTIC only ({@link SaturationParams#lambda()})</li>
 *   <li>{@code coefficient}: weekly KPI contribution at full saturation ({@link ChannelCurve#coefficient()})</li>
 *   <li>{@code meanWeeklySpend}: today's average weekly spend ({@link ChannelCurve#meanWeeklySpend()})</li>
 * </ul>
 * Steady state: a constant weekly spend {@code s} yields {@code coefficient * saturation(s)} per week, where HILL is
 * {@code s^shape / (s^shape + halfSaturation^shape)} and LOGISTIC is {@code (1 - e^(-lambda s)) / (1 + e^(-lambda s))}.
 * The channel name is {@link MixModelEvent.Channel#channel()}.
 */
public final class MixModelEventMapper {
    public static final String DECAY = "decay";
    public static final String SATURATION_TYPE = "saturationType";
    public static final String HALF_SATURATION = "halfSaturation";
    public static final String SHAPE = "shape";
    public static final String LAMBDA = "lambda";
    public static final String COEFFICIENT = "coefficient";
    public static final String MEAN_WEEKLY_SPEND = "meanWeeklySpend";

    private MixModelEventMapper() {}

    /**
     * The {@code curve} maps of a channel in each of the model's stored posterior draws, in draw order (the same draw
     * index is the same posterior sample in every channel); null when the model stores no draws.
     */
    public static List<Map<String, Object>> curveDraws(FittedModel m, String channel) {
        if (m.curveDraws() == null || m.curveDraws().isEmpty()) {
            return null;
        }
        int idx = m.curves().indexOf(m.curve(channel));
        return m.curveDraws().stream().map(d -> toCurve(d.get(idx))).toList();
    }

    /** The {@code curve} map of a channel curve. */
    public static Map<String, Object> toCurve(ChannelCurve c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(DECAY, c.decay());
        m.put(SATURATION_TYPE, c.saturation().type());
        m.putAll(saturation(c.saturation()));
        m.put(COEFFICIENT, c.coefficient());
        m.put(MEAN_WEEKLY_SPEND, c.meanWeeklySpend());
        return m;
    }

    /** The finite parameters of a saturation curve (the {@code saturation} map of the event's channel). */
    public static Map<String, Double> saturation(SaturationParams s) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (SaturationParams.LOGISTIC.equals(s.type())) {
            m.put(LAMBDA, s.lambda());
        } else {
            m.put(HALF_SATURATION, s.halfSaturation());
            m.put(SHAPE, s.shape());
        }
        return m;
    }

    /** The channel curve of an event's channel (the inverse of {@link #toCurve}). */
    public static ChannelCurve toChannelCurve(MixModelEvent.Channel channel) {
        return toChannelCurve(channel.channel(), channel.curve());
    }

    public static ChannelCurve toChannelCurve(String channel, Map<String, Object> curve) {
        String type = String.valueOf(curve.get(SATURATION_TYPE));
        SaturationParams saturation = SaturationParams.LOGISTIC.equals(type)
                ? SaturationParams.logistic(number(curve, LAMBDA))
                : SaturationParams.hill(number(curve, HALF_SATURATION), number(curve, SHAPE));
        return new ChannelCurve(channel, number(curve, DECAY), saturation, number(curve, COEFFICIENT),
                number(curve, MEAN_WEEKLY_SPEND));
    }

    private static double number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("curve has no numeric " + key + ": " + m);
        }
        return n.doubleValue();
    }
}
