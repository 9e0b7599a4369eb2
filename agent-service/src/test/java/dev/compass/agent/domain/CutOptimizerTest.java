package dev.compass.agent.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.mixmodel.ChannelCurve;
import dev.compass.mixmodel.SaturationParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The finance agent's cuts are optimal: no feasible allocation on a fine grid loses less revenue. */
class CutOptimizerTest {
    private final CutOptimizer optimizer = new CutOptimizer();

    static CutOptimizer.Item randomItem(Random rnd, int i) {
        double weekly = 1_000 + rnd.nextDouble() * 9_000;
        SaturationParams sat = rnd.nextBoolean()
                ? SaturationParams.hill(weekly * (0.3 + rnd.nextDouble() * 2), 0.4 + rnd.nextDouble() * 0.6)
                : SaturationParams.logistic((0.2 + rnd.nextDouble() * 2) / weekly);
        double coefficient = weekly * (0.5 + rnd.nextDouble() * 5);
        ChannelCurve curve = new ChannelCurve("c" + i, 0.3, sat, coefficient, weekly);
        return new CutOptimizer.Item("c" + i, curve, weekly, weekly * 12 * (0.1 + rnd.nextDouble() * 0.6));
    }

    static double loss(List<CutOptimizer.Item> items, double[] cuts, int h) {
        double l = 0;
        for (int i = 0; i < items.size(); i++) l += CutOptimizer.loss(items.get(i), cuts[i], h);
        return l;
    }

    @Test
    void matchesAnExhaustiveSearchOnSmallCases() {
        int h = 12;
        for (int seed = 0; seed < 40; seed++) {
            Random rnd = new Random(seed);
            int n = 2 + seed % 2;
            List<CutOptimizer.Item> items = new ArrayList<>();
            for (int i = 0; i < n; i++) items.add(randomItem(rnd, i));
            double sumLimit = items.stream().mapToDouble(CutOptimizer.Item::limit).sum();
            double amount = sumLimit * (0.2 + rnd.nextDouble() * 0.6);

            CutOptimizer.Result result = optimizer.optimise(items, amount, h);
            assertEquals(amount, result.total(), 1e-6 * amount, "seed " + seed + ": the whole amount is released");
            for (int i = 0; i < n; i++) {
                assertTrue(result.cuts()[i] >= -1e-9 && result.cuts()[i] <= items.get(i).limit() + 1e-9,
                        "seed " + seed + ": cut within the line's limit");
            }
            double best = exhaustive(items, amount, h, 400);
            double found = loss(items, result.cuts(), h);
            assertTrue(found <= best + 1e-7 * Math.max(1, best),
                    "seed " + seed + ": optimiser loses " + found + ", the grid's best loses " + best);
            // the grid (step amount/400) converges to the optimum from above: the two agree within 2%
            assertTrue(best - found <= 0.02 * Math.max(1, best), "seed " + seed + ": grid " + best + " vs " + found);
        }
    }

    @Test
    void beatsCuttingTheLowestMarginalRoiLineFirst() {
        int worse = 0;
        int h = 12;
        for (int seed = 100; seed < 140; seed++) {
            Random rnd = new Random(seed);
            List<CutOptimizer.Item> items = List.of(randomItem(rnd, 0), randomItem(rnd, 1), randomItem(rnd, 2));
            double amount = items.stream().mapToDouble(CutOptimizer.Item::limit).sum() * 0.5;
            double[] greedy = new double[3];
            double rest = amount;
            Integer[] order = {0, 1, 2};
            java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(
                    i -> items.get(i).curve().marginal(items.get(i).weeklySpend())));
            for (int i : order) {
                greedy[i] = Math.min(rest, items.get(i).limit());
                rest -= greedy[i];
            }
            double opt = loss(items, optimizer.optimise(items, amount, h).cuts(), h);
            assertTrue(opt <= loss(items, greedy, h) + 1e-6);
            if (opt < loss(items, greedy, h) - 1) worse++;
        }
        assertTrue(worse > 0, "the greedy guess is strictly worse on some cases");
    }

    @Test
    void whenTheLimitsDoNotCoverTheAmountEverythingReleasableIsCut() {
        Random rnd = new Random(7);
        List<CutOptimizer.Item> items = List.of(randomItem(rnd, 0), randomItem(rnd, 1));
        double sum = items.get(0).limit() + items.get(1).limit();
        CutOptimizer.Result r = optimizer.optimise(items, sum * 2, 12);
        assertArrayEquals(new double[] {items.get(0).limit(), items.get(1).limit()}, r.cuts(), 1e-9);
    }

    @Test
    void channelsWithNoEffectReleaseExactlyTheAmountAndNoMore() {
        // a fitted coefficient of 0 makes a channel's curve flat: cutting it loses nothing, at any amount
        ChannelCurve flat = new ChannelCurve("print", 0.3, SaturationParams.hill(20_000, 0.8), 0, 20_000);
        ChannelCurve flat2 = new ChannelCurve("radio", 0.3, SaturationParams.hill(5_000, 0.8), 0, 5_000);
        Random rnd = new Random(3);
        List<CutOptimizer.Item> items = List.of(randomItem(rnd, 0),
                new CutOptimizer.Item("print", flat, 20_000, 251_000),
                new CutOptimizer.Item("radio", flat2, 5_000, 40_000));
        for (double amount : new double[] {1_000, 49_959.38, 250_000, 291_000}) {
            CutOptimizer.Result r = optimizer.optimise(items, amount, 13);
            assertEquals(amount, r.total(), 1e-6 * amount, "releases " + amount + " exactly, no more");
            assertEquals(0, r.cuts()[0], 1e-9, "the channel with an effect is not cut while flat ones can pay");
            assertEquals(0, r.lostRevenue(), 1e-9);
        }
        double rest = items.get(0).limit() / 2;
        CutOptimizer.Result beyond = optimizer.optimise(items, 291_000 + rest, 13);
        assertEquals(291_000 + rest, beyond.total(), 1e-6 * beyond.total());
        assertEquals(rest, beyond.cuts()[0], 1e-6 * rest, "what the flat channels cannot cover comes from the other one");
        assertTrue(beyond.lostRevenue() > 0);
    }

    /** Minimum loss over a grid of feasible cuts (the last item takes the rest). */
    static double exhaustive(List<CutOptimizer.Item> items, double amount, int h, int steps) {
        int n = items.size();
        double best = Double.POSITIVE_INFINITY;
        double step = amount / steps;
        if (n == 2) {
            for (int a = 0; a <= steps; a++) {
                double[] x = {a * step, amount - a * step};
                if (feasible(items, x)) best = Math.min(best, loss(items, x, h));
            }
        } else {
            for (int a = 0; a <= steps; a++) {
                for (int b = 0; a + b <= steps; b++) {
                    double[] x = {a * step, b * step, amount - (a + b) * step};
                    if (feasible(items, x)) best = Math.min(best, loss(items, x, h));
                }
            }
        }
        return best;
    }

    static boolean feasible(List<CutOptimizer.Item> items, double[] x) {
        for (int i = 0; i < x.length; i++) {
            if (x[i] < -1e-9 || x[i] > items.get(i).limit() + 1e-9) return false;
        }
        return true;
    }
}
