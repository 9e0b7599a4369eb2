package dev.compass.mixmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Recovery on the PyMC-Marketing example data set, against its published ground truth. */
class PymcExampleTest {

    static FittedModel model;
    static JsonNode truth;

    @BeforeAll
    static void fit() throws Exception {
        Path dir = Datasets.pymcExample();
        truth = new ObjectMapper().readTree(dir.resolve("ground_truth.json").toFile()).get("derived_ground_truth_on_csv_scale");
        WeeklyDataset d = CsvDatasetReader.read(dir.resolve("mmm_example.csv"),
                new CsvSpec("pymc-marketing/mmm_example", "date_week", "y", List.of("event_1", "event_2"), List.of("dayofyear", "t")));
        long t0 = System.nanoTime();
        model = new MixModelFitter().fit(d, FitOptions.defaults().withIds("pymc-example", "demo", "demo").withSaturation(System.getProperty("sat","AUTO")));
        System.out.printf("PyMC example fit %.2f s, r2 %.4f mape %.4f holdout %.4f baseline %.3f%n", (System.nanoTime() - t0) / 1e9,
                model.fit().r2(), model.fit().mape(), model.fit().holdoutMape(), model.baselineShare());
        for (ChannelResult c : model.channels()) {
            System.out.printf("  %s share %.4f (true %.4f) roi %.1f [%.1f, %.1f] (true %.1f) decay %.3f sat %s%n", c.channel(),
                    c.contributionShare(), truth.get("contribution_share").get(c.channel()).asDouble(), c.roi(), c.roiLow(), c.roiHigh(),
                    truth.get("roas_total_contribution_per_unit_spend").get(c.channel()).asDouble(), c.adstockDecay(), c.saturation());
        }
        System.out.println("  warnings " + model.warnings());
    }

    @Test
    void contributionSharesWithinFivePoints() {
        for (String ch : List.of("x1", "x2")) {
            assertEquals(truth.get("contribution_share").get(ch).asDouble(), model.channel(ch).contributionShare(), 0.05, ch);
        }
    }

    @Test
    void roiWithinFifteenPercent() {
        for (String ch : List.of("x1", "x2")) {
            double t = truth.get("roas_total_contribution_per_unit_spend").get(ch).asDouble();
            double err = Math.abs(model.channel(ch).roi() / t - 1);
            assertTrue(err <= 0.15, ch + " ROI error " + err);
        }
    }

    @Test
    void choosesTheTrueSaturationFamilyAndCoversTheTrueRoi() {
        // the example's data were generated with logistic saturation; the Laplace evidence picks it over Hill
        assertTrue(model.lineage().method().endsWith("saturation=LOGISTIC"), model.lineage().method());
        for (String ch : List.of("x1", "x2")) {
            double t = truth.get("roas_total_contribution_per_unit_spend").get(ch).asDouble();
            assertTrue(model.channel(ch).roiLow() <= t && t <= model.channel(ch).roiHigh(),
                    ch + " true ROI " + t + " outside [" + model.channel(ch).roiLow() + ", " + model.channel(ch).roiHigh() + "]");
        }
    }

    @Test
    void whenTheSafeguardHoldsTheMoveBackTheResultSaysSoAndHowFar() {
        // at budgets far below today's spend, moves toward the optimum lose in some posterior draws: the safeguard cuts
        // them, so the marginal ROIs are not equal, and the result must say why rather than look like a failed optimum
        int reported = 0;
        for (double budget : new double[] {0.5, 1, 1.5, 2, 3, 5, 10}) {
            OptimisationResult r = new BudgetOptimizer().optimise(model,
                    new OptimisationRequest(budget, OptimisationMode.FIXED_BUDGET, java.util.Map.of(), null));
            if (r.safeguard() == null) {
                continue;
            }
            reported++;
            assertTrue(r.safeguard().moveShare() >= 0 && r.safeguard().moveShare() < 1, "share " + r.safeguard());
            assertTrue(r.safeguard().reason().contains("posterior draws"), r.safeguard().reason());
            double total = r.allocation().values().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(budget, total, 1e-9 * budget, "the budget is still spent exactly");
        }
        assertTrue(reported > 0, "no budget made the safeguard act");
    }

    @Test
    void recordsLineageAndFit() {
        assertEquals("pymc-marketing/mmm_example", model.lineage().datasetId());
        assertTrue(model.fit().r2() > 0.8, "r2 " + model.fit().r2());
        assertTrue(model.fit().holdoutMape() < 0.15, "holdout mape " + model.fit().holdoutMape());
        assertTrue(model.lineage().draws() > 10);
    }
}
