package dev.compass.documents.datasets;

import java.util.List;

/**
 * What the validator looks for.
 *
 * @param dateColumns      accepted names of the date column (first present wins, case-insensitive)
 * @param kpiColumns       accepted names of the KPI column (first present wins)
 * @param spendColumns     explicit channel spend columns; empty = every column whose name contains "spend"
 * @param controlColumns   explicit control columns; empty = every column whose name contains "control"
 * @param minWeeksError    fewer weeks than this is an ERROR
 * @param minWeeksWarning  fewer weeks than this is a WARNING
 * @param outlierZ         robust z-score (0.6745 (x - median) / MAD) above which a value is an outlier
 */
public record DatasetRules(List<String> dateColumns, List<String> kpiColumns, List<String> spendColumns,
                           List<String> controlColumns, int minWeeksError, int minWeeksWarning, double outlierZ) {

    public static DatasetRules defaults() {
        return new DatasetRules(List.of("date", "week", "date_week", "time"),
                List.of("revenue", "sales", "conversions", "kpi", "y"), List.of(), List.of(), 52, 104, 3.5);
    }

    /** Defaults with explicit channel and control columns. */
    public DatasetRules withColumns(List<String> spend, List<String> controls) {
        return new DatasetRules(dateColumns, kpiColumns, spend, controls, minWeeksError, minWeeksWarning, outlierZ);
    }
}
