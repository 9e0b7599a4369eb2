package dev.compass.mixmodel;

import java.util.Map;

/**
 * A budget optimisation request on steady-state weekly response curves.
 *
 * @param weeklyBudget total weekly budget after optimisation (null: today's total for FIXED_BUDGET, no cap for TARGET_MROI)
 * @param mode         optimisation mode
 * @param bounds       per-channel weekly spend bounds (missing channels: 0..unbounded)
 * @param targetMroi   target marginal ROI (TARGET_MROI only)
 */
public record OptimisationRequest(Double weeklyBudget, OptimisationMode mode, Map<String, SpendBounds> bounds, Double targetMroi) {

    public OptimisationRequest {
        bounds = bounds == null ? Map.of() : Map.copyOf(bounds);
        if (mode == null) mode = OptimisationMode.FIXED_BUDGET;
    }
}
