package dev.compass.documents.datasets;

/**
 * One problem found in a data set.
 *
 * @param code     MISSING_COLUMN, UNPARSABLE_DATE, NON_NUMERIC, NEGATIVE_SPEND, DUPLICATE_WEEK, MISSING_WEEK,
 *                 OUTLIER, SHORT_HISTORY, EMPTY, UNREADABLE
 * @param severity ERROR rejects the data set; WARNING does not
 * @param row      1-based data row (header excluded), or 0 when not row-specific
 * @param column   column name, or null
 * @param message  human-readable explanation
 */
public record DatasetIssue(String code, Severity severity, int row, String column, String message) {
    public enum Severity { ERROR, WARNING }
}
