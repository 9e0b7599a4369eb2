package dev.compass.mixmodel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Fits simulated data over several seeds and measures ROI recovery, interval coverage and captured uplift. */
final class RecoveryEvaluation {

    /** Figures over the seeds; {@code hillChosen}: fits whose saturation family is the simulator's (HILL). */
    record Result(double medianRoiError, double maxRoiRatio, double coverage, double medianCapture, double minCapture,
                  double meanFitSeconds, int hillChosen, List<String> lines) {
    }

    private RecoveryEvaluation() {
    }

    /**
     * Options of the recovery runs: defaults with 30 stored draws and a sampling time budget long enough that a
     * loaded machine never stops a chain, so the figures depend on the seeds only.
     */
    static FitOptions options(String saturation) {
        return FitOptions.defaults().withDraws(30).withSaturation(saturation).withTimeBudgetMillis(120_000);
    }

    static Result run(long[] seeds, int channels, int weeks, double noise, FitOptions options) {
        return run(seeds, channels, weeks, noise, options, 0);
    }

    /**
     * With {@code liftSe > 0}, every seed's model is calibrated with one 13-week lift test per channel (channel c in
     * weeks 26 + 24c to 38 + 24c), measuring the channel's true contribution over its window with a standard error of
     * {@code liftSe} times that contribution, and an error of that size drawn from the seed.
     */
    static Result run(long[] seeds, int channels, int weeks, double noise, FitOptions options, double liftSe) {
        List<Double> errors = new ArrayList<>();
        List<Double> captures = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        double maxRatio = 1;
        int inside = 0;
        int total = 0;
        double seconds = 0;
        int hill = 0;
        BudgetOptimizer opt = new BudgetOptimizer();
        for (long seed : seeds) {
            MmmSimulator.Simulation sim = MmmSimulator.simulate(seed, channels, weeks, noise);
            long t0 = System.nanoTime();
            FitOptions o = liftSe > 0 ? options.withLiftTests(liftTests(sim, seed, liftSe)) : options;
            FittedModel m = new MixModelFitter().fit(sim.data(), o.withSeed(seed));
            seconds += (System.nanoTime() - t0) / 1e9;
            if (m.lineage().method().endsWith("saturation=" + SaturationParams.HILL)) hill++;
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
            sb.append(String.format(" true uplift %.1f%%, captured %.1f%% (optimum of the point curves alone %.1f%%)",
                    best.upliftPercent(), 100 * capture, 100 * (rawAchieved - cur) / (best.projectedWeeklyResponse() - cur)));
            lines.add(sb.toString());
        }
        double cov = (double) inside / total;
        return new Result(median(errors), maxRatio, cov, median(captures),
                captures.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN), seconds / seeds.length, hill, lines);
    }

    /**
     * Oracle check of identifiability: the TRUE adstock decays and Hill curves are given and only the linear part
     * (baseline, controls, channel coefficients) is estimated by the fitter's exact solve. Returns the median ROI
     * error and the worst ratio without and with the hierarchical ROI prior: a floor no curve search can beat.
     */
    static double[] oracle(long[] seeds, int channels, int weeks, double noise) {
        List<Double> plain = new ArrayList<>();
        List<Double> withPrior = new ArrayList<>();
        double[] worst = {1, 1};
        for (long seed : seeds) {
            MmmSimulator.Simulation sim = MmmSimulator.simulate(seed, channels, weeks, noise);
            ModelDesign d = new ModelDesign(sim.data(), 2);
            ParameterSpace sp = new ParameterSpace(SaturationParams.HILL, channels);
            double[] theta = hillTheta(sim.truth(), d);
            List<ModelObjective.RoiPrior> priors = List.of(ModelObjective.RoiPrior.NONE,
                    MixModelFitter.roiPrior(d, SaturationParams.HILL, new org.hipparchus.random.Well19937c(seed)));
            for (int k = 0; k < 2; k++) {
                ModelObjective obj = new ModelObjective(d, sp, d.n, d.y, new int[0], new int[0], new int[0],
                        new double[0], new double[0], priors.get(k));
                List<ChannelCurve> fit = MixModelFitter.curves(sim.data(), d, sp, theta, obj.solve(theta).beta());
                for (int c = 0; c < channels; c++) {
                    double[] s = sim.data().spend().get(fit.get(c).channel());
                    double roi = Arrays.stream(fit.get(c).contributions(s)).sum() / Arrays.stream(s).sum();
                    double t = sim.trueRoi()[c];
                    (k == 0 ? plain : withPrior).add(Math.abs(roi / t - 1));
                    worst[k] = Math.max(worst[k], Math.max(roi / t, t / Math.max(roi, 1e-12)));
                }
            }
        }
        return new double[] {median(plain), worst[0], median(withPrior), worst[1]};
    }

    static List<LiftTest> liftTests(MmmSimulator.Simulation sim, long seed, double relativeSe) {
        java.util.Random r = new java.util.Random(seed * 7919 + 1);
        List<LiftTest> tests = new ArrayList<>();
        for (int c = 0; c < sim.truth().size(); c++) {
            int from = 26 + 24 * c;
            int to = Math.min(from + 12, sim.data().size() - 1);
            ChannelCurve truth = sim.truth().get(c);
            double[] contrib = truth.contributions(sim.data().spend().get(truth.channel()));
            double lift = 0;
            for (int t = from; t <= to; t++) lift += contrib[t];
            double se = relativeSe * lift;
            tests.add(new LiftTest(truth.channel(), sim.data().weeks().get(from).toString(), sim.data().weeks().get(to).toString(),
                    lift + se * r.nextGaussian(), se));
        }
        return tests;
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : 0.5 * (a[a.length / 2 - 1] + a[a.length / 2]);
    }

    /** The fitter's search coordinates (HILL parameter space) of Hill curves: logit decay, log half-saturation, logit shape. */
    static double[] hillTheta(List<ChannelCurve> curves, ModelDesign d) {
        double[] theta = new double[3 * curves.size()];
        for (int c = 0; c < curves.size(); c++) {
            ChannelCurve t = curves.get(c);
            theta[3 * c] = Math.log(t.decay() / (1 - t.decay()));
            theta[3 * c + 1] = Math.log(t.saturation().halfSaturation() / d.spendScale[c]);
            double z = (t.saturation().shape() - 0.4) / 0.6;
            theta[3 * c + 2] = Math.log(z / (1 - z));
        }
        return theta;
    }
}
