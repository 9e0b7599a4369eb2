package dev.compass.mixmodel;

/**
 * An experiment's result used to calibrate a model.
 *
 * @param channel        channel tested
 * @param start          first week (ISO date, inclusive)
 * @param end            last week (ISO date, inclusive)
 * @param incrementalKpi measured incremental KPI caused by the channel over the period
 * @param standardError  standard error of the measurement (> 0)
 */
public record LiftTest(String channel, String start, String end, double incrementalKpi, double standardError) {
}
