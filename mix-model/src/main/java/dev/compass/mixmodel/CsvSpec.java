package dev.compass.mixmodel;

import java.util.List;

/**
 * How to read a weekly CSV: the date column, the KPI column, control columns and ignored columns.
 * Every other numeric column is a channel's spend.
 */
public record CsvSpec(String datasetId, String dateColumn, String kpiColumn, List<String> controls, List<String> ignore) {

    public CsvSpec {
        controls = controls == null ? List.of() : List.copyOf(controls);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
    }
}
