package dev.compass.mixmodel;

/** How a budget is optimised. */
public enum OptimisationMode {
    /** Reallocate exactly {@code weeklyBudget} (default: today's total) across channels. */
    FIXED_BUDGET,
    /** Keep today's allocation as a floor and place only {@code weeklyBudget - today's total} on top. */
    INCREMENTAL,
    /** Spend in each channel until its marginal ROI falls to {@code targetMroi}; {@code weeklyBudget}, if given, caps the total. */
    TARGET_MROI
}
