package dev.compass.mixmodel;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weekly modelling data: one KPI series, media spend per channel and control columns, all of equal length.
 *
 * @param id            data set id (recorded in the model lineage)
 * @param kpiName       name of the KPI column
 * @param weeks         week start dates, ascending
 * @param kpi           KPI per week
 * @param spend         spend per channel per week (insertion order is the channel order)
 * @param controls      control variables per week
 * @param qualityIssues data quality findings made while reading (recorded in the model lineage)
 */
public record WeeklyDataset(String id, String kpiName, List<LocalDate> weeks, double[] kpi,
                           Map<String, double[]> spend, Map<String, double[]> controls,
                           List<String> qualityIssues) {

    public WeeklyDataset {
        int n = weeks.size();
        if (n < 8) {
            throw new IllegalArgumentException("need at least 8 weeks, got " + n);
        }
        if (kpi.length != n) {
            throw new IllegalArgumentException("KPI has " + kpi.length + " values for " + n + " weeks");
        }
        if (spend.isEmpty()) {
            throw new IllegalArgumentException("no media spend column");
        }
        spend.forEach((k, v) -> {
            if (v.length != n) throw new IllegalArgumentException("spend column " + k + " has wrong length");
        });
        controls.forEach((k, v) -> {
            if (v.length != n) throw new IllegalArgumentException("control column " + k + " has wrong length");
        });
        weeks = List.copyOf(weeks);
        spend = Collections.unmodifiableMap(new LinkedHashMap<>(spend));
        controls = Collections.unmodifiableMap(new LinkedHashMap<>(controls));
        qualityIssues = List.copyOf(qualityIssues);
    }

    /** Number of weeks. */
    public int size() {
        return weeks.size();
    }

    /** Channel names in column order. */
    public List<String> channels() {
        return new ArrayList<>(spend.keySet());
    }

    /** The first {@code n} weeks. */
    public WeeklyDataset head(int n) {
        Map<String, double[]> s = new LinkedHashMap<>();
        spend.forEach((k, v) -> s.put(k, java.util.Arrays.copyOf(v, n)));
        Map<String, double[]> c = new LinkedHashMap<>();
        controls.forEach((k, v) -> c.put(k, java.util.Arrays.copyOf(v, n)));
        return new WeeklyDataset(id, kpiName, weeks.subList(0, n), java.util.Arrays.copyOf(kpi, n), s, c, qualityIssues);
    }
}
