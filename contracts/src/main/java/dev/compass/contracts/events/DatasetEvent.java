package dev.compass.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * {@code ingestion.datasets.v1}, key datasetId: a validated weekly spend/sales data set, carried whole so that
 * consumers need no call back. status is USABLE (REJECTED data sets are not published).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetEvent(String datasetId, String brand, String market, String kpi, String dateColumn,
        List<String> channels, List<String> controls, int weeks, String status, List<DatasetIssue> issues,
        List<WeeklyRow> rows, String correlationId, String causationId, Instant occurredAt) {

    /** One quality finding of a data set. severity is ERROR or WARNING. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DatasetIssue(String code, String severity, String column, Integer row, String message) {}

    /** One week: the week's date and one value per KPI, channel and control column. */
    public record WeeklyRow(LocalDate week, Map<String, Double> values) {}
}
