package dev.compass.mixmodel;

import java.util.List;

/**
 * The expected steady-state response of a channel over its posterior draws (the mean of the draws' curves), and the
 * quantiles the agents put on per-draw figures. It is what a model's posterior-mean ROI describes: the point curve can differ a lot,
 * e.g. have no effect at all (coefficient 0) where a quarter of the draws give the channel a clear one. The mean of
 * concave increasing curves is concave and increasing.
 *
 * @param draws the channel's curve in each posterior draw; never empty
 */
public record PosteriorMeanResponse(List<ChannelCurve> draws) implements SteadyStateResponse {

    public PosteriorMeanResponse {
        if (draws == null || draws.isEmpty()) {
            throw new IllegalArgumentException("a posterior-mean response needs at least one draw");
        }
        draws = List.copyOf(draws);
    }

    @Override
    public double response(double weeklySpend) {
        double s = 0;
        for (ChannelCurve c : draws) s += c.response(weeklySpend);
        return s / draws.size();
    }

    @Override
    public double marginal(double weeklySpend) {
        double s = 0;
        for (ChannelCurve c : draws) s += c.marginal(weeklySpend);
        return s / draws.size();
    }

    /** The {@code p} quantile (linear interpolation between order statistics) of values, e.g. per-draw changes. */
    public static double quantile(double[] values, double p) {
        return ModelAssembler.quantile(values, Math.min(Math.max(p, 0), 1));
    }
}
