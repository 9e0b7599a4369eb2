package dev.compass.mixmodel;

import java.util.Arrays;
import java.util.List;

/**
 * Posterior summary of a fit: every kept sample's contribution per channel over the modelled weeks, with the sample's
 * weight (the weights sum to 1; samples of the other saturation family share its model-averaging weight), and the
 * curve draws stored with the model for response-curve intervals and the optimiser.
 *
 * @param contributions [channel][sample] total KPI contribution over the modelled weeks
 * @param weights       per sample, summing to 1
 * @param draws         curve draws stored with the model
 * @param warnings      sampler diagnostics (chains that disagree, sampling cut by the time budget)
 */
record Posterior(double[][] contributions, double[] weights, List<List<ChannelCurve>> draws, List<String> warnings) {

    static final Posterior NONE = new Posterior(new double[0][], new double[0], List.of(), List.of());

    boolean isEmpty() {
        return weights.length == 0;
    }

    /** Weighted mean of a channel's contribution. */
    double mean(int channel) {
        double s = 0;
        for (int i = 0; i < weights.length; i++) s += weights[i] * contributions[channel][i];
        return s;
    }

    /** Weighted quantile of a channel's contribution (the sample at which the cumulative weight passes q). */
    double quantile(int channel, double q) {
        double[] v = contributions[channel];
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double cum = 0;
        for (Integer i : order) {
            double next = cum + weights[i];
            if (next >= q) {
                return v[i];
            }
            cum = next;
        }
        return v[order[order.length - 1]];
    }
}
