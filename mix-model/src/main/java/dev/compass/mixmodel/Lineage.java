package dev.compass.mixmodel;

import java.util.List;

/**
 * Where a model comes from.
 *
 * @param datasetId       id of the data set fitted
 * @param qualityIssues   data quality issues found in the data set
 * @param method          fitting method
 * @param version         version of the method
 * @param seed            random seed of the global search and the posterior sampling
 * @param draws           number of posterior curve draws stored with the model
 * @param calibration     lift tests the model was calibrated with
 */
public record Lineage(String datasetId, List<String> qualityIssues, String method, String version, long seed,
                      int draws, List<LiftTest> calibration) {
}
