package dev.compass.contracts.events;

import java.util.List;

/** Quality of a source, 0 (unusable) to 100, with the itemised reasons for every point deducted. */
public record Quality(int score, List<QualityReason> reasons) {
    /** One deduction: a stable code, the points taken off and a human-readable detail. */
    public record QualityReason(String code, int points, String detail) {}
}
