package dev.compass.documents.datasets;

import java.util.List;

/**
 * @param status USABLE when there is no ERROR issue
 * @param issues all issues, in row order
 * @param table  the parsed table (null when the file could not be read at all)
 */
public record DatasetValidation(Status status, List<DatasetIssue> issues, WeeklyTable table) {
    public enum Status { USABLE, REJECTED }
}
