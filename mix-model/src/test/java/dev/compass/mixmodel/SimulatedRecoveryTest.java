package dev.compass.mixmodel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** ROI recovery, interval coverage and optimiser uplift capture on simulated, misallocated budgets (5 channels, 156 weeks, 2.5% noise). */
class SimulatedRecoveryTest {

    @Test
    void recoversRoiAndCapturesUpliftOverSeeds() {
        RecoveryEvaluation.Result r = RecoveryEvaluation.run(new long[] {1, 2, 3, 4, 5, 6}, 5, 156, 0.025,
                RecoveryEvaluation.options(System.getProperty("sat", "AUTO")));
        r.lines().forEach(System.out::println);
        System.out.printf("median ROI error %.3f, worst ratio %.2f, coverage %.2f, median capture %.3f, min capture %.3f, fit %.2f s, "
                        + "Hill chosen %d of 6%n", r.medianRoiError(), r.maxRoiRatio(), r.coverage(), r.medianCapture(), r.minCapture(),
                r.meanFitSeconds(), r.hillChosen());
        // Floor of what this method reaches (deterministic: the sampling time budget never stops a chain here). Measured
        // with the posterior sampler and Laplace family choice (version 2.0): median 0.222, worst 3.87x, coverage 0.90,
        // median capture 0.854, min capture 0.280. Version 1.1 (bootstrap refits, AIC family choice): 0.220, 3.08x,
        // coverage 0.80, 0.849, 0.593; it fails the coverage floor below. Seeds 7-18, not tuned on, are reported by
        // the benchmark (docs/bench/mix-model.md).
        // Issue targets NOT reached: median <= 0.15, worst <= 2x. Even with the TRUE adstock and saturation curves given
        // and only the linear coefficients estimated, the median ROI error on seeds 1-12 is 0.15 and the worst 3.4x
        // (docs/bench/mix-model.md), so this data does not identify ROI to that precision without lift tests.
        if ("AUTO".equals(System.getProperty("sat", "AUTO"))) {
            // the simulator's curves are Hill; the AIC of version 1.1 chose LOGISTIC on every seed
            assertTrue(r.hillChosen() >= 5, "Hill family chosen on " + r.hillChosen() + " of 6 seeds");
        }
        assertTrue(r.medianRoiError() <= 0.25, "median ROI error " + r.medianRoiError());
        assertTrue(r.maxRoiRatio() <= 4.5, "worst ROI ratio " + r.maxRoiRatio());
        assertTrue(r.coverage() >= 0.85, "90% intervals hold the true ROI too rarely: coverage " + r.coverage());
        assertTrue(r.medianCapture() >= 0.8, "median capture " + r.medianCapture());
        assertTrue(r.minCapture() >= 0.2, "the allocation captures too little (or loses) under the true curves: min capture " + r.minCapture());
    }

    @Test
    void whereLittleIsToBeGainedTheRecommendationDoesNotLoseMoney() {
        // seed 28: today's budget is nearly optimal (0.3% achievable under the true curves) and the model is confidently
        // wrong about the direction. The optimum of the fitted curves loses 3.9 times the achievable uplift, and with the
        // median safeguard of version 2.0 the recommendation lost 4.6 times it. A move must now gain in 95% of the draws.
        RecoveryEvaluation.Result r = RecoveryEvaluation.run(new long[] {28}, 5, 156, 0.025,
                RecoveryEvaluation.options(SaturationParams.AUTO));
        r.lines().forEach(System.out::println);
        assertTrue(r.minCapture() >= 0, "the recommended allocation loses under the true curves: " + r.minCapture());
    }

    @Test
    void oneLiftTestPerChannelBringsRoiRecoveryWithinTheIssueTargets() {
        // the calibration API is how the data get the information they lack: one 13-week experiment per channel with a
        // 10% standard error. Measured on seeds 1-6: median 0.057, worst 1.20x, coverage 0.93, capture median 0.936,
        // min 0.791 (seeds 7-18, not tuned on: 0.060, 1.34x, 0.90, 0.894, 0.113)
        RecoveryEvaluation.Result r = RecoveryEvaluation.run(new long[] {1, 2, 3, 4, 5, 6}, 5, 156, 0.025,
                RecoveryEvaluation.options(SaturationParams.AUTO), 0.10);
        System.out.printf("with lift tests: median ROI error %.3f, worst ratio %.2f, coverage %.2f, median capture %.3f%n",
                r.medianRoiError(), r.maxRoiRatio(), r.coverage(), r.medianCapture());
        assertTrue(r.medianRoiError() <= 0.15, "median ROI error " + r.medianRoiError());
        assertTrue(r.maxRoiRatio() <= 2, "worst ROI ratio " + r.maxRoiRatio());
        assertTrue(r.coverage() >= 0.85, "coverage " + r.coverage());
        assertTrue(r.medianCapture() >= 0.8, "median capture " + r.medianCapture());
    }
}
