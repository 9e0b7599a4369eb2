package dev.compass.documents.datasets;

/**
 * One problem found in a data set.
 *
 * @param code     MISSING_COLUMN, BAD_HEADER, UNPARSABLE_DATE, NON_NUMERIC, OUT_OF_RANGE, NEGATIVE_SPEND, NEGATIVE_KPI,
 *                 NO_SPEND, NO_KPI, DUPLICATE_WEEK, MISSING_WEEK, NOT_WEEKLY, OUTLIER, SHORT_HISTORY, EMPTY, UNREADABLE
 * @param severity ERROR rejects the data set; WARNING does not
 * @param row      1-based data row (header excluded), or 0 when not row-specific
 * @param column   column name, or null
 * @param message  human-readable explanation
 */
public record DatasetIssue(String code, Severity severity, int row, String column, String message) {
    public enum Severity { ERROR, WARNING }

    /** NUL characters (which PostgreSQL cannot store) are written as the escape {@code \\u0000}. */
    public DatasetIssue {
        column = column == null ? null : column.replace("\0", "\\u0000");
        message = message == null ? null : message.replace("\0", "\\u0000");
    }
}
