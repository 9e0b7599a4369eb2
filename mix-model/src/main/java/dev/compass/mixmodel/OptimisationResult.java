package dev.compass.mixmodel;

import java.util.Map;

/**
 * Result of a budget optimisation (steady-state weekly figures).
 *
 * @param allocation              weekly spend per channel
 * @param currentWeeklyResponse   media response of today's allocation
 * @param projectedWeeklyResponse media response of the new allocation
 * @param upliftPercent           relative change of the media response, in percent
 * @param marginalRoi             marginal ROI per channel at the new allocation
 * @param interval                interval of the projection over the model's posterior draws (null without draws)
 * @param safeguard               how far the uncertainty safeguard let the allocation move from today's (null when it
 *                                did not act: no draws, TARGET_MROI, or the whole move passed)
 */
public record OptimisationResult(Map<String, Double> allocation, double currentWeeklyResponse,
                                 double projectedWeeklyResponse, double upliftPercent,
                                 Map<String, Double> marginalRoi, ProjectionInterval interval, Safeguard safeguard) {

    /** A result without a safeguard report. */
    public OptimisationResult(Map<String, Double> allocation, double currentWeeklyResponse,
            double projectedWeeklyResponse, double upliftPercent, Map<String, Double> marginalRoi,
            ProjectionInterval interval) {
        this(allocation, currentWeeklyResponse, projectedWeeklyResponse, upliftPercent, marginalRoi, interval, null);
    }

    /**
     * The safeguard acted: the allocation moved only {@code moveShare} (0 to below 1) of the way from today's (scaled
     * to the budget) to the optimum of the expected response, because a longer move loses in more than
     * {@code 1 - quantile} of the posterior draws. Marginal ROIs are then not equal across channels.
     */
    public record Safeguard(double moveShare, String reason) {
    }

    /** Interval bounds of the projection. */
    public record ProjectionInterval(double level, double projectedLow, double projectedHigh, double upliftPercentLow,
                                     double upliftPercentHigh) {
    }
}
