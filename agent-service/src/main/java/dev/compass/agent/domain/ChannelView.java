package dev.compass.agent.domain;

import dev.compass.mixmodel.ChannelCurve;
import dev.compass.mixmodel.PosteriorMeanResponse;
import dev.compass.mixmodel.SteadyStateResponse;
import java.util.List;

/**
 * A channel of the latest mix model as the agents evaluate it: its expected steady-state weekly response (the mean
 * of the posterior draws' curves, which the model's ROI and marginal ROI describe; the point curve when the event
 * carries no draws) and the draws themselves, from which every projected revenue gets its 90% interval.
 *
 * <p>The point curve alone can mislead: a channel whose best fit has no effect (coefficient 0) while part of the
 * posterior gives it one would look free to cut.
 */
public final class ChannelView {
    /** Lower and upper probability of the intervals the agents quote (a central 90% interval). */
    public static final double LOW = 0.05;
    public static final double HIGH = 0.95;

    private final ChannelCurve curve;
    private final List<ChannelCurve> draws;
    private final SteadyStateResponse expected;
    private final double roi;
    private final double roiLow;
    private final double roiHigh;
    private final double weeklySpend;

    public ChannelView(ChannelCurve curve, List<ChannelCurve> draws, double roi, double roiLow, double roiHigh) {
        this(curve, draws, roi, roiLow, roiHigh, curve.meanWeeklySpend());
    }

    private ChannelView(ChannelCurve curve, List<ChannelCurve> draws, double roi, double roiLow, double roiHigh,
            double weeklySpend) {
        this.curve = curve;
        this.draws = draws == null ? List.of() : List.copyOf(draws);
        this.expected = this.draws.isEmpty() ? curve : new PosteriorMeanResponse(this.draws);
        this.roi = roi;
        this.roiLow = roiLow;
        this.roiHigh = roiHigh;
        this.weeklySpend = weeklySpend;
    }

    /** A channel without posterior draws: its point curve is its expected response. */
    public ChannelView(ChannelCurve curve, double roi, double roiLow, double roiHigh) {
        this(curve, List.of(), roi, roiLow, roiHigh);
    }

    public String channel() {
        return curve.channel();
    }

    /** The best-fitting (point) curve. */
    public ChannelCurve curve() {
        return curve;
    }

    /** The expected response: what the agents optimise and project with. */
    public SteadyStateResponse expected() {
        return expected;
    }

    public int drawCount() {
        return draws.size();
    }

    /**
     * Today's weekly spend: the model's historical mean, plus the weekly effect of the moves already applied whose
     * horizon has not ended (see {@link #withMovesInEffect}).
     */
    public double weeklySpend() {
        return weeklySpend;
    }

    /**
     * This channel with {@code weeklyChange} added to today's weekly spend (never below 0): the moves applied by earlier
     * conversations, each spread over its horizon, so that a second move from a line is valued where the first left
     * it, not where history had it.
     */
    public ChannelView withMovesInEffect(double weeklyChange) {
        return weeklyChange == 0 ? this : new ChannelView(curve, draws, roi, roiLow, roiHigh,
                Math.max(0, curve.meanWeeklySpend() + weeklyChange));
    }

    /** Marginal ROI of the expected response at a weekly spend. */
    public double marginal(double weeklySpend) {
        return expected.marginal(weeklySpend);
    }

    /** Expected revenue over {@code weeks} of moving the weekly spend from {@code from} to {@code to} (negative when cutting). */
    public double revenueChange(double from, double to, double weeks) {
        return weeks * (expected.response(Math.max(0, to)) - expected.response(Math.max(0, from)));
    }

    /** The same revenue change in each posterior draw (empty without draws). */
    public double[] revenueChangeDraws(double from, double to, double weeks) {
        double[] out = new double[draws.size()];
        for (int b = 0; b < out.length; b++) {
            ChannelCurve d = draws.get(b);
            out[b] = weeks * (d.response(Math.max(0, to)) - d.response(Math.max(0, from)));
        }
        return out;
    }

    /**
     * The 90% interval {low, high} of a revenue change: quantiles over the draws; without draws, the expected change
     * scaled by the ROI interval's relative width (the response is proportional to the coefficient).
     */
    public double[] revenueChangeInterval(double from, double to, double weeks) {
        if (!draws.isEmpty()) {
            return interval(revenueChangeDraws(from, to, weeks));
        }
        double mean = revenueChange(from, to, weeks);
        double a = mean * lowFactor();
        double b = mean * highFactor();
        return new double[] {Math.min(a, b), Math.max(a, b)};
    }

    /** The central 90% interval {low, high} of per-draw values. */
    public static double[] interval(double[] perDraw) {
        return new double[] {PosteriorMeanResponse.quantile(perDraw, LOW), PosteriorMeanResponse.quantile(perDraw, HIGH)};
    }

    private double lowFactor() {
        return roi > 0 ? Math.max(0, roiLow / roi) : 1;
    }

    private double highFactor() {
        return roi > 0 ? Math.max(roiHigh / roi, 1) : 1;
    }
}
