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
 */
public record OptimisationResult(Map<String, Double> allocation, double currentWeeklyResponse,
                                 double projectedWeeklyResponse, double upliftPercent,
                                 Map<String, Double> marginalRoi, ProjectionInterval interval) {

    /** Interval bounds of the projection. */
    public record ProjectionInterval(double level, double projectedLow, double projectedHigh, double upliftPercentLow,
                                     double upliftPercentHigh) {
    }
}
