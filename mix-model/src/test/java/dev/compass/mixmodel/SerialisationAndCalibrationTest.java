package dev.compass.mixmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fitted model survives JSON and still optimises; lift tests pull the model towards the experiment. */
class SerialisationAndCalibrationTest {

    static MmmSimulator.Simulation sim;
    static FittedModel model;

    @BeforeAll
    static void fit() {
        sim = MmmSimulator.simulate(3, 4, 156, 0.025);
        model = new MixModelFitter().fit(sim.data(), FitOptions.defaults().withDraws(15));
    }

    @Test
    void jsonRoundTripKeepsCurvesAndOptimisation() throws Exception {
        ObjectMapper om = new ObjectMapper();
        String json = om.writeValueAsString(model);
        FittedModel back = om.readValue(json, FittedModel.class);
        assertEquals(model.curves(), back.curves());
        OptimisationRequest req = new OptimisationRequest(null, OptimisationMode.FIXED_BUDGET, Map.of(), null);
        OptimisationResult a = new BudgetOptimizer().optimise(model, req);
        OptimisationResult b = new BudgetOptimizer().optimise(back, req);
        assertEquals(a.projectedWeeklyResponse(), b.projectedWeeklyResponse(), 1e-9 * a.projectedWeeklyResponse());
        assertTrue(a.interval().projectedLow() <= a.projectedWeeklyResponse() * 1.05);
        ResponseCurves.Curve c = ResponseCurves.of(back, "ch0", 20, 2.0);
        assertEquals(21, c.points().size());
        assertEquals("sim-3", back.lineage().datasetId());
    }

    @Test
    void withoutDrawsTheModelIsThePointFitWithoutIntervals() {
        FittedModel point = new MixModelFitter().fit(sim.data(), FitOptions.defaults().withDraws(0));
        assertEquals(0, point.lineage().draws());
        assertTrue(point.curveDraws().isEmpty());
        for (ChannelResult c : point.channels()) {
            double[] spend = sim.data().spend().get(c.channel());
            double contribution = java.util.Arrays.stream(point.curve(c.channel()).contributions(spend)).sum();
            assertEquals(contribution, c.contribution(), 1e-9 * Math.max(1, contribution), c.channel());
            assertTrue(Double.isNaN(c.roiLow()) && Double.isNaN(c.roiHigh()), c.channel());
        }
        OptimisationResult r = new BudgetOptimizer().optimise(point,
                new OptimisationRequest(null, OptimisationMode.FIXED_BUDGET, Map.of(), null));
        assertTrue(r.projectedWeeklyResponse() >= r.currentWeeklyResponse());
    }

    @Test
    void aSamplingBudgetUsedUpEarlyGivesThePointFitAndSaysSo() {
        FittedModel cut = new MixModelFitter().fit(sim.data(), FitOptions.defaults().withTimeBudgetMillis(0));
        assertTrue(cut.warnings().stream().anyMatch(w -> w.contains("time budget")), cut.warnings().toString());
        assertTrue(cut.curveDraws().isEmpty());
        assertEquals(model.curves(), cut.curves(), "the point fit does not depend on the sampling");
        cut.channels().forEach(c -> assertTrue(Double.isFinite(c.roi()) && Double.isNaN(c.roiLow()), c.channel()));
    }

    @Test
    void liftTestCalibrationMovesModelTowardsExperiment() {
        // experiment on ch1 over weeks 100..111: measured lift is the true contribution there
        String ch = "ch1";
        int from = 100;
        int to = 111;
        ChannelCurve truth = sim.truth().get(1);
        double[] trueContrib = truth.contributions(sim.data().spend().get(ch));
        double lift = 0;
        for (int t = from; t <= to; t++) lift += trueContrib[t];
        LiftTest test = new LiftTest(ch, sim.data().weeks().get(from).toString(), sim.data().weeks().get(to).toString(), lift, 0.03 * lift);
        FittedModel cal = new MixModelFitter().fit(sim.data(), FitOptions.defaults().withDraws(5), List.of(test));
        double before = window(model.curve(ch), from, to);
        double after = window(cal.curve(ch), from, to);
        System.out.printf("lift %.0f: model before %.0f, after calibration %.0f%n", lift, before, after);
        assertTrue(Math.abs(after - lift) <= Math.abs(before - lift) + 1e-6);
        assertTrue(Math.abs(after / lift - 1) < 0.10, "calibrated window lift " + after + " vs " + lift);
        assertEquals(1, cal.lineage().calibration().size());
    }

    private static double window(ChannelCurve c, int from, int to) {
        double[] v = c.contributions(sim.data().spend().get(c.channel()));
        double s = 0;
        for (int t = from; t <= to; t++) s += v[t];
        return s;
    }
}
