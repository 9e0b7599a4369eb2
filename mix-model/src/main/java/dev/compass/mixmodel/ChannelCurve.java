package dev.compass.mixmodel;

/**
 * Everything needed to evaluate a channel's response without the original data.
 * Steady-state convention: a constant weekly spend {@code s}, once carry-over has settled, yields a weekly
 * contribution of {@code coefficient * saturation(s)} (the adstock is normalised, so it settles at {@code s}).
 *
 * @param channel         channel name
 * @param decay           geometric adstock decay in [0, 1): share of last week's adstock carried over
 * @param saturation      saturation curve on weekly spend
 * @param coefficient     weekly KPI contribution at full saturation (non-negative)
 * @param meanWeeklySpend average weekly spend over the modelled period (today's allocation)
 */
public record ChannelCurve(String channel, double decay, SaturationParams saturation, double coefficient,
                           double meanWeeklySpend) implements SteadyStateResponse {

    /** Steady-state weekly contribution at a constant weekly spend. */
    @Override
    public double response(double weeklySpend) {
        return coefficient * saturation.apply(weeklySpend);
    }

    /** Marginal ROI: derivative of the steady-state weekly response with respect to weekly spend. */
    @Override
    public double marginal(double weeklySpend) {
        return coefficient * saturation.derivative(weeklySpend);
    }

    /** Weekly contributions for a spend series (normalised geometric adstock starting from no carry-over). */
    public double[] contributions(double[] weeklySpend) {
        double[] out = new double[weeklySpend.length];
        double a = 0;
        for (int t = 0; t < weeklySpend.length; t++) {
            a = decay * a + (1 - decay) * weeklySpend[t];
            out[t] = coefficient * saturation.apply(a);
        }
        return out;
    }
}
