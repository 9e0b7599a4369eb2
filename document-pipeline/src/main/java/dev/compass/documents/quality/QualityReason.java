package dev.compass.documents.quality;

/**
 * One deduction from the quality score.
 *
 * @param code   STALE, NO_DATE, NO_AUTHOR, NO_METHOD, LITTLE_TEXT, NEAR_DUPLICATE, PARSE_WARNINGS
 * @param points points deducted
 * @param detail human-readable explanation
 */
public record QualityReason(String code, int points, String detail) {
}
