package dev.compass.mixmodel;

import java.util.List;

/**
 * Options of a fit. Start from {@link #defaults()} and use the {@code with...} methods.
 *
 * @param modelId          id given to the model
 * @param brand            brand (metadata)
 * @param market           market (metadata)
 * @param saturation       "HILL", "LOGISTIC" or "AUTO" (both fitted; the family with the higher Laplace evidence is
 *                         chosen and the other one averaged in with its posterior probability)
 * @param holdoutWeeks     final weeks held out for validation; negative means automatic (about 10%, at most 13)
 * @param draws            posterior curve draws stored with the model (for response-curve intervals and the
 *                         optimiser); 0 disables posterior sampling and intervals
 * @param intervalLevel    central probability of intervals
 * @param fourierOrder     number of yearly sine/cosine pairs
 * @param seed             random seed
 * @param timeBudgetMillis soft time limit of the posterior sampling (chains stop when it is used up)
 * @param liftTests        experiments to calibrate against
 */
public record FitOptions(String modelId, String brand, String market, String saturation, int holdoutWeeks,
                         int draws, double intervalLevel, int fourierOrder, long seed,
                         long timeBudgetMillis, List<LiftTest> liftTests) {

    public FitOptions {
        liftTests = liftTests == null ? List.of() : List.copyOf(liftTests);
        if (!List.of(SaturationParams.HILL, SaturationParams.LOGISTIC, SaturationParams.AUTO).contains(saturation)) {
            throw new IllegalArgumentException("saturation must be HILL, LOGISTIC or AUTO, got " + saturation);
        }
        if (draws < 0) throw new IllegalArgumentException("draws must be >= 0");
        if (intervalLevel <= 0 || intervalLevel >= 1) throw new IllegalArgumentException("intervalLevel must be in (0,1)");
        for (LiftTest lt : liftTests) {
            if (!(lt.standardError() > 0)) throw new IllegalArgumentException("lift test standard error must be > 0");
        }
    }

    /** Automatic saturation family, automatic holdout, 40 stored posterior draws, 90% intervals, 20 s sampling budget. */
    public static FitOptions defaults() {
        return new FitOptions("mmm", "", "", SaturationParams.AUTO, -1, 40, 0.9, 2, 42L, 20_000, List.of());
    }

    public FitOptions withIds(String modelId, String brand, String market) {
        return new FitOptions(modelId, brand, market, saturation, holdoutWeeks, draws,
                intervalLevel, fourierOrder, seed, timeBudgetMillis, liftTests);
    }

    public FitOptions withSaturation(String s) {
        return new FitOptions(modelId, brand, market, s, holdoutWeeks, draws,
                intervalLevel, fourierOrder, seed, timeBudgetMillis, liftTests);
    }

    public FitOptions withDraws(int n) {
        return new FitOptions(modelId, brand, market, saturation, holdoutWeeks, n,
                intervalLevel, fourierOrder, seed, timeBudgetMillis, liftTests);
    }

    public FitOptions withSeed(long s) {
        return new FitOptions(modelId, brand, market, saturation, holdoutWeeks, draws,
                intervalLevel, fourierOrder, s, timeBudgetMillis, liftTests);
    }

    public FitOptions withHoldoutWeeks(int h) {
        return new FitOptions(modelId, brand, market, saturation, h, draws,
                intervalLevel, fourierOrder, seed, timeBudgetMillis, liftTests);
    }

    public FitOptions withTimeBudgetMillis(long ms) {
        return new FitOptions(modelId, brand, market, saturation, holdoutWeeks, draws,
                intervalLevel, fourierOrder, seed, ms, liftTests);
    }

    public FitOptions withLiftTests(List<LiftTest> tests) {
        return new FitOptions(modelId, brand, market, saturation, holdoutWeeks, draws,
                intervalLevel, fourierOrder, seed, timeBudgetMillis, tests);
    }
}
