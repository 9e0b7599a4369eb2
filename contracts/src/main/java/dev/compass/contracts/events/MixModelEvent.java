package dev.compass.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code insight.mix-models.v1}, key {@code brand|market}: a fitted marketing-mix model with everything an agent needs
 * to evaluate response curves and optimise without calling back: per-channel curve parameters and sampled curves.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MixModelEvent(String modelId, String brand, String market, String kpi, int version, String datasetId,
        int weeks, Fit fit, double baselineShare, List<Channel> channels, Map<String, Object> lineage,
        String correlationId, String causationId, Instant occurredAt) {

    public record Fit(double r2, double mape, double holdoutMape) {}

    /**
     * One channel: totals over the modelled period, ROI with its interval (posterior means and quantiles), marginal
     * ROI of the expected response, the point curve ({@code curve}, the best fit) and the curve of each posterior
     * draw ({@code curveDraws}, same keys; draw {@code i} of every channel comes from the same posterior sample). The
     * expected response, which the ROI, marginal ROI and {@code responseCurve} describe, is the mean of the draws'
     * responses; without draws (a model fitted without them, or an older producer) it is the point curve.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Channel(String channel, double spend, double weeklySpend, double contribution,
            double contributionShare, double roi, double roiLow, double roiHigh, double mroi, double adstockDecay,
            Map<String, Double> saturation, Map<String, Object> curve, List<CurvePoint> responseCurve,
            List<Map<String, Object>> curveDraws) {

        /** A channel without posterior draws. */
        public Channel(String channel, double spend, double weeklySpend, double contribution,
                double contributionShare, double roi, double roiLow, double roiHigh, double mroi, double adstockDecay,
                Map<String, Double> saturation, Map<String, Object> curve, List<CurvePoint> responseCurve) {
            this(channel, spend, weeklySpend, contribution, contributionShare, roi, roiLow, roiHigh, mroi,
                    adstockDecay, saturation, curve, responseCurve, null);
        }
    }

    /** Steady-state weekly response to a constant weekly spend, with its interval. */
    public record CurvePoint(double weeklySpend, double weeklyResponse, double low, double high) {}
}
