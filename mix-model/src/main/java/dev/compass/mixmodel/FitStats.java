package dev.compass.mixmodel;

/**
 * Goodness of fit.
 *
 * @param r2           in-sample R squared of the final model
 * @param mape         in-sample mean absolute percentage error
 * @param holdoutMape  MAPE on the final {@code holdoutWeeks} weeks of a model fitted without them
 * @param holdoutWeeks number of held-out final weeks
 */
public record FitStats(double r2, double mape, double holdoutMape, int holdoutWeeks) {
}
