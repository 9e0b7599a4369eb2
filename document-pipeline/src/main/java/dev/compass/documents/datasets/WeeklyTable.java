package dev.compass.documents.datasets;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The parsed weekly table (rows in date order; unparsable rows dropped, non-numeric cells as NaN).
 *
 * @param weeks     the week dates
 * @param kpiColumn name of the KPI column
 * @param kpi       KPI values
 * @param spend     channel column to spend values
 * @param controls  control column to values
 */
public record WeeklyTable(List<LocalDate> weeks, String kpiColumn, double[] kpi, Map<String, double[]> spend,
                          Map<String, double[]> controls) {
}
