package dev.compass.mixmodel;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A fitted marketing-mix model: a serialisable value (records of plain fields) from which response curves and
 * budget optimisations can be recomputed without the original data.
 *
 * @param id            model id
 * @param brand         brand
 * @param market        market
 * @param kpi           KPI name
 * @param weeks         number of modelled weeks
 * @param fit           goodness of fit
 * @param baselineShare share of the KPI not explained by media
 * @param intervalLevel central probability of the intervals (e.g. 0.9)
 * @param channels      per-channel figures with intervals
 * @param curves        per-channel point-estimate curves
 * @param curveDraws    per posterior draw, the channel curves (same order as {@code curves})
 * @param controlEffects fitted effect of one unit of each control on the weekly KPI
 * @param warnings      identifiability and fit warnings
 * @param lineage       lineage
 */
public record FittedModel(String id, String brand, String market, String kpi, int weeks, FitStats fit,
                          double baselineShare, double intervalLevel, List<ChannelResult> channels,
                          List<ChannelCurve> curves, List<List<ChannelCurve>> curveDraws,
                          Map<String, Double> controlEffects, List<String> warnings, Lineage lineage) {

    /** The curve of a channel. */
    public ChannelCurve curve(String channel) {
        return curves.stream().filter(c -> c.channel().equals(channel)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no channel " + channel + " in model " + id));
    }

    /**
     * The channel's expected steady-state response: the mean of its posterior draws' curves, or the point curve when
     * the model has no draws. Its ROI, marginal ROI and response curves describe this, as does the optimiser.
     */
    public SteadyStateResponse expected(String channel) {
        ChannelCurve point = curve(channel);
        if (curveDraws == null || curveDraws.isEmpty()) return point;
        int idx = curves.indexOf(point);
        return new PosteriorMeanResponse(curveDraws.stream().map(d -> d.get(idx)).toList());
    }

    /** The figures of a channel. */
    public ChannelResult channel(String channel) {
        return channels.stream().filter(c -> c.channel().equals(channel)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no channel " + channel + " in model " + id));
    }
}
