package dev.compass.mixmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The water-filling optimiser against independent methods (fine grid, greedy marginal allocation), bounds and errors. */
class BudgetOptimizerTest {

    static List<ChannelCurve> randomCurves(int n, long seed) {
        Random r = new Random(seed);
        List<ChannelCurve> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double mean = 1000 + 9000 * r.nextDouble();
            SaturationParams s = r.nextBoolean() ? SaturationParams.hill(mean * (0.3 + 3 * r.nextDouble()), 0.5 + 0.5 * r.nextDouble())
                    : SaturationParams.logistic(1 / (mean * (0.3 + 2 * r.nextDouble())));
            out.add(new ChannelCurve("c" + i, 0.3, s, 5000 + 20000 * r.nextDouble(), mean));
        }
        return out;
    }

    static double total(List<ChannelCurve> curves, Map<String, Double> alloc) {
        return curves.stream().mapToDouble(c -> c.response(alloc.get(c.channel()))).sum();
    }

    /** Independent method: hand out the budget in small increments to the channel with the best marginal gain. */
    static double greedy(List<ChannelCurve> curves, double budget, int steps) {
        double step = budget / steps;
        double[] s = new double[curves.size()];
        PriorityQueue<double[]> q = new PriorityQueue<>((a, b) -> Double.compare(b[0], a[0]));
        for (int i = 0; i < s.length; i++) q.add(new double[] {curves.get(i).response(step), i});
        double value = 0;
        for (int k = 0; k < steps; k++) {
            double[] top = q.poll();
            int i = (int) top[1];
            value += top[0];
            s[i] += step;
            ChannelCurve c = curves.get(i);
            q.add(new double[] {c.response(s[i] + step) - c.response(s[i]), i});
        }
        return value;
    }

    @Test
    void matchesFineGridForTwoAndThreeChannels() {
        BudgetOptimizer opt = new BudgetOptimizer();
        for (long seed = 1; seed <= 5; seed++) {
            List<ChannelCurve> two = randomCurves(2, seed);
            double b2 = two.stream().mapToDouble(ChannelCurve::meanWeeklySpend).sum();
            double best2 = 0;
            for (int i = 0; i <= 200_000; i++) {
                double x = b2 * i / 200_000;
                best2 = Math.max(best2, two.get(0).response(x) + two.get(1).response(b2 - x));
            }
            OptimisationResult r2 = opt.optimise(two, new OptimisationRequest(b2, OptimisationMode.FIXED_BUDGET, Map.of(), null));
            assertTrue(r2.projectedWeeklyResponse() >= best2 * (1 - 1e-3), "2 channels");

            List<ChannelCurve> three = randomCurves(3, seed + 100);
            double b3 = three.stream().mapToDouble(ChannelCurve::meanWeeklySpend).sum();
            double best3 = 0;
            int g = 1500;
            for (int i = 0; i <= g; i++) {
                for (int j = 0; i + j <= g; j++) {
                    double x = b3 * i / g;
                    double y = b3 * j / g;
                    best3 = Math.max(best3, three.get(0).response(x) + three.get(1).response(y) + three.get(2).response(b3 - x - y));
                }
            }
            OptimisationResult r3 = opt.optimise(three, new OptimisationRequest(b3, OptimisationMode.FIXED_BUDGET, Map.of(), null));
            assertTrue(r3.projectedWeeklyResponse() >= best3 * (1 - 1e-3), "3 channels");
            assertTrue(r3.projectedWeeklyResponse() <= best3 * (1 + 1e-3), "grid is fine enough");
            assertEquals(b3, r3.allocation().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-6 * b3);
        }
    }

    @Test
    void matchesGreedyMarginalAllocationForEveryChannelCountFromTwoToTwenty() {
        BudgetOptimizer opt = new BudgetOptimizer();
        for (int n = 2; n <= 20; n++) {
            for (long seed = 1; seed <= 2; seed++) {
                List<ChannelCurve> curves = randomCurves(n, 1000L * n + seed);
                double budget = curves.stream().mapToDouble(ChannelCurve::meanWeeklySpend).sum();
                OptimisationResult r = opt.optimise(curves, new OptimisationRequest(budget, OptimisationMode.FIXED_BUDGET, Map.of(), null));
                double other = greedy(curves, budget, 200_000);
                assertEquals(other, r.projectedWeeklyResponse(), 1e-3 * other, n + " channels, seed " + seed);
                assertTrue(r.projectedWeeklyResponse() >= other * (1 - 1e-6), n + " channels, seed " + seed);
            }
        }
    }

    @Test
    void respectsBoundsAndBudgetExactly() {
        List<ChannelCurve> curves = randomCurves(6, 7);
        double budget = 30_000;
        Map<String, SpendBounds> bounds = new HashMap<>();
        bounds.put("c0", new SpendBounds(8000, 9000));
        bounds.put("c1", new SpendBounds(0, 500));
        OptimisationResult r = new BudgetOptimizer().optimise(curves, new OptimisationRequest(budget, OptimisationMode.FIXED_BUDGET, bounds, null));
        double sum = r.allocation().values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(budget, sum, 1e-9 * budget);
        assertTrue(r.allocation().get("c0") >= 8000 && r.allocation().get("c0") <= 9000);
        assertTrue(r.allocation().get("c1") <= 500);
        r.allocation().values().forEach(v -> assertTrue(v >= 0));
    }

    @Test
    void aChannelWithNoEffectGetsOnlyWhatItsBoundsForceAndTheBudgetStaysExact() {
        // a fitted coefficient of 0 gives a flat curve; its marginal ROI is 0 at every spend
        List<ChannelCurve> curves = new ArrayList<>(randomCurves(3, 13));
        curves.add(new ChannelCurve("flat", 0.3, SaturationParams.hill(4000, 0.8), 0, 4000));
        double budget = 25_000;
        OptimisationResult fixed = new BudgetOptimizer().optimise(curves,
                new OptimisationRequest(budget, OptimisationMode.FIXED_BUDGET, Map.of("flat", new SpendBounds(1000, 50_000)), null));
        assertEquals(budget, fixed.allocation().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9 * budget);
        assertEquals(1000, fixed.allocation().get("flat"), 1e-6, "only its lower bound");
        // when the other channels are capped, the rest has to go to the flat one, still summing exactly
        Map<String, SpendBounds> capped = new HashMap<>();
        for (int i = 0; i < 3; i++) capped.put("c" + i, new SpendBounds(0, 2000));
        OptimisationResult forced = new BudgetOptimizer().optimise(curves,
                new OptimisationRequest(budget, OptimisationMode.FIXED_BUDGET, capped, null));
        assertEquals(budget, forced.allocation().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9 * budget);
        assertEquals(budget - 6000, forced.allocation().get("flat"), 1e-6);
        OptimisationResult incremental = new BudgetOptimizer().optimise(curves,
                new OptimisationRequest(curves.stream().mapToDouble(ChannelCurve::meanWeeklySpend).sum() + 5000,
                        OptimisationMode.INCREMENTAL, Map.of(), null));
        assertEquals(4000, incremental.allocation().get("flat"), 1e-6, "the extra budget does not go to it");
        OptimisationResult target = new BudgetOptimizer().optimise(curves,
                new OptimisationRequest(null, OptimisationMode.TARGET_MROI, Map.of(), 0.5));
        assertEquals(0, target.allocation().get("flat"), 1e-9);
    }

    @Test
    void incrementalKeepsTodayAsFloor() {
        List<ChannelCurve> curves = randomCurves(5, 3);
        double today = curves.stream().mapToDouble(ChannelCurve::meanWeeklySpend).sum();
        OptimisationResult r = new BudgetOptimizer().optimise(curves,
                new OptimisationRequest(today + 5000, OptimisationMode.INCREMENTAL, Map.of(), null));
        for (ChannelCurve c : curves) assertTrue(r.allocation().get(c.channel()) >= c.meanWeeklySpend() - 1e-9);
        assertEquals(today + 5000, r.allocation().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-6);
        assertTrue(r.upliftPercent() > 0);
    }

    @Test
    void targetMroiStopsWhereMarginalReturnFalls() {
        List<ChannelCurve> curves = randomCurves(4, 11);
        OptimisationResult r = new BudgetOptimizer().optimise(curves, new OptimisationRequest(null, OptimisationMode.TARGET_MROI, Map.of(), 0.5));
        r.marginalRoi().forEach((ch, m) -> assertTrue(Math.abs(m - 0.5) < 1e-6 || r.allocation().get(ch) == 0, ch + " " + m));
    }

    @Test
    void aLargeBoundThatDoesNotBindLeavesTheTargetMroiAnswerAlone() {
        List<ChannelCurve> curves = randomCurves(3, 5);
        BudgetOptimizer opt = new BudgetOptimizer();
        Map<String, Double> free = opt.optimise(curves,
                new OptimisationRequest(null, OptimisationMode.TARGET_MROI, Map.of(), 0.5)).allocation();
        Map<String, Double> bounded = opt.optimise(curves, new OptimisationRequest(null, OptimisationMode.TARGET_MROI,
                Map.of("c0", new SpendBounds(0, 1e300)), 0.5)).allocation();
        free.forEach((ch, v) -> assertEquals(v, bounded.get(ch), 1e-6 * Math.max(1, v), ch));
        // a target that a curve with a power-law tail (Hill) reaches only beyond the cap: refused, not 1e215 a week
        ChannelCurve hill = new ChannelCurve("hill", 0.3, SaturationParams.hill(1000, 1.0), 5000, 1000);
        InfeasibleOptimisationException e = assertThrows(InfeasibleOptimisationException.class, () -> opt.optimise(
                List.of(hill), new OptimisationRequest(null, OptimisationMode.TARGET_MROI, Map.of(), 1e-300)));
        assertTrue(e.getMessage().contains("1e15"), e.getMessage());
    }

    @Test
    void infeasibleRequestsExplainWhy() {
        List<ChannelCurve> curves = randomCurves(3, 5);
        BudgetOptimizer opt = new BudgetOptimizer();
        InfeasibleOptimisationException e = assertThrows(InfeasibleOptimisationException.class, () -> opt.optimise(curves,
                new OptimisationRequest(100.0, OptimisationMode.FIXED_BUDGET, Map.of("c0", new SpendBounds(200, 300)), null)));
        assertTrue(e.getMessage().contains("minimum spends"), e.getMessage());
        e = assertThrows(InfeasibleOptimisationException.class, () -> opt.optimise(curves,
                new OptimisationRequest(1e6, OptimisationMode.FIXED_BUDGET, Map.of("c0", new SpendBounds(0, 1), "c1", new SpendBounds(0, 1), "c2", new SpendBounds(0, 1)), null)));
        assertTrue(e.getMessage().contains("maximum spends"), e.getMessage());
        e = assertThrows(InfeasibleOptimisationException.class, () -> opt.optimise(curves,
                new OptimisationRequest(1.0, OptimisationMode.INCREMENTAL, Map.of(), null)));
        assertTrue(e.getMessage().contains("today's total"), e.getMessage());
        assertThrows(InfeasibleOptimisationException.class, () -> opt.optimise(curves,
                new OptimisationRequest(null, OptimisationMode.TARGET_MROI, Map.of(), null)));
    }

    @Test
    void meanCurveOptimumMaximisesTheExpectedResponseOverDraws() {
        List<ChannelCurve> point = randomCurves(4, 11);
        double budget = point.stream().mapToDouble(ChannelCurve::meanWeeklySpend).sum();
        Map<String, Double> pointOptimum = new BudgetOptimizer().optimise(point,
                new OptimisationRequest(null, OptimisationMode.FIXED_BUDGET, Map.of(), null)).allocation();
        // draws identical to the point curves: the same optimum as the point curves
        FittedModel same = new FittedModel("m", "", "", "kpi", 100, new FitStats(0, 0, 0, 0), 0, 0.9, List.of(), point,
                List.of(point, point), Map.of(), List.of(), new Lineage("d", List.of(), "t", "1", 0, 2, List.of()));
        OptimisationRequest req = new OptimisationRequest(null, OptimisationMode.FIXED_BUDGET, Map.of(), null);
        double[] a = BudgetOptimizer.meanCurveOptimum(same, req, budget);
        for (int i = 0; i < point.size(); i++) {
            assertEquals(pointOptimum.get(point.get(i).channel()), a[i], 1e-3 * budget, point.get(i).channel());
        }
        // two different draws: the expected response of the mean-curve optimum beats the greedy allocation on the mean
        List<ChannelCurve> other = randomCurves(4, 12);
        List<ChannelCurve> renamed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ChannelCurve o = other.get(i);
            renamed.add(new ChannelCurve(point.get(i).channel(), o.decay(), o.saturation(), o.coefficient(), point.get(i).meanWeeklySpend()));
        }
        FittedModel mixed = new FittedModel("m", "", "", "kpi", 100, new FitStats(0, 0, 0, 0), 0, 0.9, List.of(), point,
                List.of(point, renamed), Map.of(), List.of(), new Lineage("d", List.of(), "t", "1", 0, 2, List.of()));
        double[] m = BudgetOptimizer.meanCurveOptimum(mixed, req, budget);
        double sum = 0;
        double value = 0;
        for (int i = 0; i < 4; i++) {
            sum += m[i];
            value += 0.5 * (point.get(i).response(m[i]) + renamed.get(i).response(m[i]));
        }
        assertEquals(budget, sum, 1e-6 * budget);
        // independent check: greedy increments on the mean response (a curve whose response is the mean of the two)
        double step = budget / 20_000;
        double[] s = new double[4];
        double greedyValue = 0;
        for (int k = 0; k < 20_000; k++) {
            int best = 0;
            double bestGain = -1;
            for (int i = 0; i < 4; i++) {
                double g = 0.5 * (point.get(i).response(s[i] + step) - point.get(i).response(s[i])
                        + renamed.get(i).response(s[i] + step) - renamed.get(i).response(s[i]));
                if (g > bestGain) {
                    bestGain = g;
                    best = i;
                }
            }
            s[best] += step;
            greedyValue += bestGain;
        }
        assertTrue(value >= greedyValue * (1 - 1e-4), "mean-curve optimum " + value + " below greedy " + greedyValue);
    }

    @Test
    void withDrawsEveryModeWorksOnTheExpectedResponseNotThePointCurve() {
        // b's best fit has no effect; one of the two draws gives it one: its expected marginal ROI at weekly spend s is
        // 0.5 * 40,000 * 2,000 / (s + 2,000)^2
        ChannelCurve a = new ChannelCurve("a", 0.3, SaturationParams.hill(5_000, 1), 30_000, 5_000);
        ChannelCurve bFlat = new ChannelCurve("b", 0.3, SaturationParams.hill(2_000, 1), 0, 2_000);
        ChannelCurve bEffect = new ChannelCurve("b", 0.3, SaturationParams.hill(2_000, 1), 40_000, 2_000);
        FittedModel model = new FittedModel("m", "", "", "kpi", 100, new FitStats(0, 0, 0, 0), 0, 0.9, List.of(),
                List.of(a, bFlat), List.of(List.of(a, bFlat), List.of(a, bEffect)), Map.of(), List.of(),
                new Lineage("d", List.of(), "t", "1", 0, 2, List.of()));
        BudgetOptimizer opt = new BudgetOptimizer();

        OptimisationResult target = opt.optimise(model, new OptimisationRequest(null, OptimisationMode.TARGET_MROI,
                Map.of(), 2.0));
        double expectedB = Math.sqrt(0.5 * 40_000 * 2_000 / 2.0) - 2_000;   // 4,324.6; the point curve says 0
        assertEquals(expectedB, target.allocation().get("b"), 1e-6 * expectedB);
        assertEquals(Math.sqrt(30_000 * 5_000 / 2.0) - 5_000, target.allocation().get("a"), 1e-3);
        assertEquals(2.0, target.marginalRoi().get("b"), 1e-6);

        OptimisationResult fixed = opt.optimise(model, new OptimisationRequest(7_000.0, OptimisationMode.FIXED_BUDGET,
                Map.of(), null));
        double projected = 0;
        double current = 0;
        for (ChannelCurve c : List.of(a, bFlat)) {
            PosteriorMeanResponse e = new PosteriorMeanResponse(List.of(c, c == a ? a : bEffect));
            projected += e.response(fixed.allocation().get(c.channel()));
            current += e.response(c.meanWeeklySpend());
            assertEquals(e.marginal(fixed.allocation().get(c.channel())), fixed.marginalRoi().get(c.channel()), 1e-12);
        }
        assertEquals(projected, fixed.projectedWeeklyResponse(), 1e-9 * projected);
        assertEquals(current, fixed.currentWeeklyResponse(), 1e-9 * current);
        assertTrue(fixed.currentWeeklyResponse() > a.response(5_000), "b's expected response counts today too");
    }
}
