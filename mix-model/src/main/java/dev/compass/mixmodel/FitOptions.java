package dev.compass.mixmodel;

import java.util.List;

/**
 * Options of a fit. Start from {@link #defaults()} and use the {@code with...} methods.
 *
 * @param modelId          id given to the model
 * @param brand            brand (metadata)
 * @param market           market (metadata)
 * @param saturation       "HILL", "LOGISTIC" or "AUTO" (both fitted, the lower AIC-like score kept)
 * @param holdoutWeeks     final weeks held out for validation; negative means automatic (about 10%, at most 13)
 * @param bootstrapDraws   maximum number of block-bootstrap refits for intervals (0 disables intervals)
 * @param blockLength      bootstrap block length in weeks
 * @param intervalLevel    central probability of intervals
 * @param fourierOrder     number of yearly sine/cosine pairs
 * @param seed             random seed
 * @param timeBudgetMillis soft time limit of the bootstrap phase (draws stop when it is used up)
 * @param liftTests        experiments to calibrate against
 */
public record FitOptions(String modelId, String brand, String market, String saturation, int holdoutWeeks,
                         int bootstrapDraws, int blockLength, double intervalLevel, int fourierOrder, long seed,
                         long timeBudgetMillis, List<LiftTest> liftTests) {

    public FitOptions {
        liftTests = liftTests == null ? List.of() : List.copyOf(liftTests);
        if (!List.of(SaturationParams.HILL, SaturationParams.LOGISTIC, SaturationParams.AUTO).contains(saturation)) {
            throw new IllegalArgumentException("saturation must be HILL, LOGISTIC or AUTO, got " + saturation);
        }
        if (intervalLevel <= 0 || intervalLevel >= 1) throw new IllegalArgumentException("intervalLevel must be in (0,1)");
        for (LiftTest lt : liftTests) {
            if (!(lt.standardError() > 0)) throw new IllegalArgumentException("lift test standard error must be > 0");
        }
    }

    /** Automatic saturation family, automatic holdout, 40 bootstrap draws in blocks of 6 weeks, 90% intervals. */
    public static FitOptions defaults() {
        return new FitOptions("mmm", "", "", SaturationParams.AUTO, -1, 40, 6, 0.9, 2, 42L, 5000, List.of());
    }

    public FitOptions withIds(String modelId, String brand, String market) {
        return new FitOptions(modelId, brand, market, saturation, holdoutWeeks, bootstrapDraws, blockLength,
                intervalLevel, fourierOrder, seed, timeBudgetMillis, liftTests);
    }

    public FitOptions withSaturation(String s) {
        return new FitOptions(modelId, brand, market, s, holdoutWeeks, bootstrapDraws, blockLength,
                intervalLevel, fourierOrder, seed, timeBudgetMillis, liftTests);
    }

    public FitOptions withBootstrap(int draws) {
        return new FitOptions(modelId, brand, market, saturation, holdoutWeeks, draws, blockLength,
                intervalLevel, fourierOrder, seed, timeBudgetMillis, liftTests);
    }

    public FitOptions withSeed(long s) {
        return new FitOptions(modelId, brand, market, saturation, holdoutWeeks, bootstrapDraws, blockLength,
                intervalLevel, fourierOrder, s, timeBudgetMillis, liftTests);
    }

    public FitOptions withHoldoutWeeks(int h) {
        return new FitOptions(modelId, brand, market, saturation, h, bootstrapDraws, blockLength,
                intervalLevel, fourierOrder, seed, timeBudgetMillis, liftTests);
    }

    public FitOptions withLiftTests(List<LiftTest> tests) {
        return new FitOptions(modelId, brand, market, saturation, holdoutWeeks, bootstrapDraws, blockLength,
                intervalLevel, fourierOrder, seed, timeBudgetMillis, tests);
    }
}
