package dev.compass.documents.quality;

import java.util.List;

/**
 * @param score   0..100 (100 minus the deductions, floored at 0)
 * @param reasons the itemised deductions
 */
public record QualityScore(int score, List<QualityReason> reasons) {
}
