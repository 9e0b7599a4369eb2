package dev.compass.mixmodel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Fits simulated data over several seeds and measures ROI recovery, interval coverage and captured uplift. */
final class RecoveryEvaluation {

    record Result(double medianRoiError, double maxRoiRatio, double coverage, double medianCapture, double minCapture,
                  double meanFitSeconds, List<String> lines) {
    }

    private RecoveryEvaluation() {
    }

    static Result run(long[] seeds, int channels, int weeks, double noise, FitOptions options) {
        List<Double> errors = new ArrayList<>();
        List<Double> captures = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        double maxRatio = 1;
        int inside = 0;
        int total = 0;
        double seconds = 0;
        BudgetOptimizer opt = new BudgetOptimizer();
        for (long seed : seeds) {
            MmmSimulator.Simulation sim = MmmSimulator.simulate(seed, channels, weeks, noise);
            long t0 = System.nanoTime();
            FittedModel m = new MixModelFitter().fit(sim.data(), options.withSeed(seed));
            seconds += (System.nanoTime() - t0) / 1e9;
            StringBuilder sb = new StringBuilder("seed " + seed + ":");
            for (int c = 0; c < channels; c++) {
                ChannelResult cr = m.channels().get(c);
                double t = sim.trueRoi()[c];
                errors.add(Math.abs(cr.roi() / t - 1));
                double ratio = Math.max(cr.roi() / t, t / Math.max(cr.roi(), 1e-12));
                maxRatio = Math.max(maxRatio, ratio);
                if (cr.roiLow() <= t && t <= cr.roiHigh()) inside++;
                total++;
                sb.append(String.format(" %s roi %.3f [%.3f,%.3f] true %.3f;", cr.channel(), cr.roi(), cr.roiLow(), cr.roiHigh(), t));
            }
            // bounds: 0.3x..2.5x today's spend per channel, same budget
            Map<String, SpendBounds> bounds = new java.util.HashMap<>();
            for (ChannelCurve c : sim.truth()) bounds.put(c.channel(), new SpendBounds(0.3 * c.meanWeeklySpend(), 2.5 * c.meanWeeklySpend()));
            OptimisationRequest req = new OptimisationRequest(null, OptimisationMode.FIXED_BUDGET, bounds, null);
            OptimisationResult best = opt.optimise(sim.truth(), req);
            OptimisationResult mine = opt.optimise(m, req);
            double cur = best.currentWeeklyResponse();
            double achieved = 0;
            for (ChannelCurve c : sim.truth()) achieved += c.response(mine.allocation().get(c.channel()));
            double capture = (achieved - cur) / (best.projectedWeeklyResponse() - cur);
            OptimisationResult raw = opt.optimise(m.curves(), req);
            double rawAchieved = 0;
            for (ChannelCurve c : sim.truth()) rawAchieved += c.response(raw.allocation().get(c.channel()));
            captures.add(capture);
            sb.append(String.format(" true uplift %.1f%%, captured %.1f%% (point optimum without safeguard %.1f%%)",
                    best.upliftPercent(), 100 * capture, 100 * (rawAchieved - cur) / (best.projectedWeeklyResponse() - cur)));
            lines.add(sb.toString());
        }
        double cov = (double) inside / total;
        return new Result(median(errors), maxRatio, cov, median(captures),
                captures.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN), seconds / seeds.length, lines);
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : 0.5 * (a[a.length / 2 - 1] + a[a.length / 2]);
    }
}
