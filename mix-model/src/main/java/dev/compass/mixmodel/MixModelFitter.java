package dev.compass.mixmodel;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hipparchus.random.RandomGenerator;
import org.hipparchus.random.Well19937c;

/**
 * Fits a marketing-mix model: per channel normalised geometric adstock, a concave saturation curve and a
 * non-negative coefficient; plus intercept, linear trend, yearly Fourier seasonality and controls.
 * <p>
 * Non-linear parameters are found by multi-start CMA-ES and a BOBYQA polish on a profiled MAP objective (weak
 * priors on decay and saturation); the linear part is solved exactly by non-negative ridge least squares for each
 * candidate. Validation uses a model refitted without the final weeks; intervals come from a circular block
 * bootstrap of residuals with warm-started refits (with AUTO saturation, the other family's share of the draws, weighted
 * by the penalised objective, is taken around its own fit); the published contributions and ROIs are the means over the draws
 * (bagging); lift tests enter as weighted pseudo-observations.
 * The bootstrap refits run in parallel on the cores (the caller plus helpers from a shared pool of daemon threads,
 * see {@link Parallel}); with the draws not cut by the time budget, the result is the same as a sequential fit.
 * Thread-safe: holds no state.
 */
public final class MixModelFitter {

    /** Method name recorded in the lineage. */
    public static final String METHOD = "adstock-saturation-mmm/cmaes-bobyqa+nn-ridge+block-bootstrap";
    /** Method version recorded in the lineage. */
    public static final String VERSION = "1.1";

    private static final int STARTS = 2;
    /**
     * Spread of the hierarchical ROI prior, relative to the pooled ROI: one pooled ROI, so a channel's ROI between 0
     * and about 3x the pooled one is plausible (an honest scale, comparable to Meridian's wide log-normal ROI prior;
     * 0.5 shrank high-ROI channels too hard on seeds it was not tuned on).
     */
    static final double ROI_PRIOR_TAU = 1.0;

    /** Fits with the given options (including any lift tests in {@link FitOptions#liftTests()}). */
    public FittedModel fit(WeeklyDataset data, FitOptions options) {
        return fit(data, options, Parallel.cores());
    }

    /**
     * Fits on up to {@code threads} threads (the caller and pool helpers); {@code threads = 1} runs everything on the
     * caller. The result does not depend on {@code threads} unless the time budget cuts the bootstrap.
     */
    FittedModel fit(WeeklyDataset data, FitOptions options, int threads) {
        ModelDesign design = new ModelDesign(data, options.fourierOrder());
        int n = design.n;
        int minRows = design.baseline.length + design.channels + 8;
        if (n < minRows) {
            throw new IllegalArgumentException("need at least " + minRows + " weeks for " + design.channels
                    + " channels and " + design.baseline.length + " baseline columns, got " + n);
        }
        RandomGenerator rng = new Well19937c(options.seed());
        Lift lift = Lift.none();

        List<String> families = SaturationParams.AUTO.equals(options.saturation())
                ? List.of(SaturationParams.LOGISTIC, SaturationParams.HILL) : List.of(options.saturation());
        ModelObjective.RoiPrior prior = roiPrior(design, families.get(0), rng);
        // saturation family: as requested, or the one with the lower AIC-like score (choosing by holdout MAPE was
        // tried: better on the Hill simulator, but it picks the wrong family on the PyMC-Marketing example)
        int holdout = holdoutWeeks(options, n, minRows);
        ParameterSpace space = null;
        double[] theta = null;
        double holdoutMape = Double.NaN;
        double bestScore = Double.POSITIVE_INFINITY;
        double bestMap = Double.POSITIVE_INFINITY;
        ParameterSpace altSpace = null;
        double[] altTheta = null;
        double altMap = Double.POSITIVE_INFINITY;
        for (String fam : families) {
            ParameterSpace sp = new ParameterSpace(fam, design.channels);
            ModelObjective obj = new ModelObjective(design, sp, n, design.y, lift.ch, lift.from, lift.to, lift.target, lift.weight, prior);
            double[] th = GlobalSearch.minimise(obj::value, sp.priorMean(), sp.lower(), sp.upper(),
                    STARTS, 150 * sp.dimension() + 1000, 0.3, rng);
            double map = obj.value(th);
            double score = map - sp.penalty(th) + 2 * sp.dimension();
            if (score < bestScore) {
                altSpace = space;
                altTheta = theta;
                altMap = bestMap;
                bestScore = score;
                bestMap = map;
                space = sp;
                theta = th;
            } else {
                altSpace = sp;
                altTheta = th;
                altMap = map;
            }
        }
        // Model averaging over the saturation families: the other family gets the share of the bootstrap draws given
        // by its weight exp(-MAP objective / 2) (the objective is -2 log posterior up to a constant). The penalised
        // objective, not the AIC, because the shape parameters are held by their priors rather than free; the AIC still
        // picks the family of the point curves. Not with lift tests (only the chosen family is calibrated).
        double altWeight = altSpace == null || !options.liftTests().isEmpty() ? 0
                : 1 / (1 + Math.exp((altMap - bestMap) / 2));
        int evals = 150 * space.dimension() + 1000;
        String family = space.hill ? SaturationParams.HILL : SaturationParams.LOGISTIC;
        ModelObjective full = new ModelObjective(design, space, n, design.y, lift.ch, lift.from, lift.to, lift.target, lift.weight, prior);
        if (!options.liftTests().isEmpty()) {
            double sigma2 = full.solve(theta).sse() / n;
            lift = Lift.of(options.liftTests(), data, design, sigma2);
            full = new ModelObjective(design, space, n, design.y, lift.ch, lift.from, lift.to, lift.target, lift.weight, prior);
            theta = GlobalSearch.minimise(full::value, theta, space.lower(), space.upper(), 2, evals, 0.15, rng);
        }
        // validation on the final weeks, with a model that never saw them
        if (holdout > 0) holdoutMape = holdoutMape(design, space, n - holdout, lift, prior, rng);
        ModelObjective.Solution sol = full.solve(theta);

        double[] fitted = predict(design, space, theta, sol.beta(), n);
        List<ChannelCurve> curves = curves(data, design, space, theta, sol.beta());

        // block bootstrap with warm starts
        long deadline = System.nanoTime() + options.timeBudgetMillis() * 1_000_000L;
        double[] resid = new double[n];
        for (int t = 0; t < n; t++) resid[t] = design.y[t] - fitted[t];
        double[] altFitted = null;
        double[] altResid = null;
        if (altWeight > 0) {
            ModelObjective altObj = new ModelObjective(design, altSpace, n, design.y, lift.ch, lift.from, lift.to, lift.target, lift.weight, prior);
            altFitted = predict(design, altSpace, altTheta, altObj.solve(altTheta).beta(), n);
            altResid = new double[n];
            for (int t = 0; t < n; t++) altResid[t] = design.y[t] - altFitted[t];
        }
        // every resample is drawn up front, in draw order (the same random stream as drawing them one by one), then the
        // refits run in parallel; a refit starts only before the deadline and the completed draws are a prefix
        int nDraws = Math.max(0, options.bootstrapDraws());
        boolean[] drawAlt = new boolean[nDraws];
        double[][] yStars = new double[nDraws][];
        int block = Math.max(1, Math.min(options.blockLength(), n));
        for (int b = 0; b < nDraws; b++) {
            drawAlt[b] = altWeight > 0 && Math.floor((b + 1) * altWeight) > Math.floor(b * altWeight);
            double[] bResid = drawAlt[b] ? altResid : resid;
            double[] yStar = (drawAlt[b] ? altFitted : fitted).clone();
            for (int t = 0; t < n; t += block) {
                int startIdx = rng.nextInt(n);
                for (int k = 0; k < block && t + k < n; k++) yStar[t + k] += bResid[(startIdx + k) % n];
            }
            yStars[b] = yStar;
        }
        List<List<ChannelCurve>> drawn = new ArrayList<>(Collections.nCopies(nDraws, null));
        Lift bLift = lift;
        ParameterSpace mainSpace = space;
        double[] mainTheta = theta;
        ParameterSpace otherSpace = altSpace;
        double[] otherTheta = altTheta;
        int done = Parallel.run(nDraws, threads, () -> System.nanoTime() < deadline, b -> {
            ParameterSpace bSpace = drawAlt[b] ? otherSpace : mainSpace;
            double[] bTheta = drawAlt[b] ? otherTheta : mainTheta;
            ModelObjective obj = new ModelObjective(design, bSpace, n, yStars[b], bLift.ch, bLift.from, bLift.to, bLift.target, bLift.weight, prior);
            double[] th = GlobalSearch.local(obj::value, bTheta, bSpace.lower(), bSpace.upper(), 25 * bSpace.dimension() + 150, 0.5);
            drawn.set(b, curves(data, design, bSpace, th, obj.solve(th).beta()));
        });
        List<List<ChannelCurve>> draws = new ArrayList<>(drawn.subList(0, done));
        return ModelAssembler.assemble(data, options, family, design, fitted, curves, draws, sol.beta(), holdoutMape, holdout,
                IdentifiabilityChecks.check(data));
    }

    /** Fits and calibrates against lift tests (shortcut for {@code fit(data, options.withLiftTests(tests))}). */
    public FittedModel fit(WeeklyDataset data, FitOptions options, List<LiftTest> tests) {
        return fit(data, options.withLiftTests(tests));
    }

    /**
     * Empirical-Bayes scale of the hierarchical ROI prior: a short unpenalised fit gives the noise variance and the
     * pooled media ROI (summed contributions over summed spend); channel ROIs are then shrunk toward a common ROI
     * (itself estimated) with a spread of {@link #ROI_PRIOR_TAU} times the pooled ROI.
     */
    static ModelObjective.RoiPrior roiPrior(ModelDesign design, String family, RandomGenerator rng) {
        if (design.channels < 2) return ModelObjective.RoiPrior.NONE;
        ParameterSpace sp = new ParameterSpace(family, design.channels);
        ModelObjective obj = new ModelObjective(design, sp, design.n, design.y, new int[0], new int[0], new int[0],
                new double[0], new double[0]);
        double[] th = GlobalSearch.minimise(obj::value, sp.priorMean(), sp.lower(), sp.upper(), 1,
                40 * sp.dimension() + 300, 0.3, rng);
        ModelObjective.Solution sol = obj.solve(th);
        double contrib = 0;
        double spend = 0;
        int pb = design.baseline.length;
        for (int c = 0; c < design.channels; c++) {
            double f = 0;
            for (int t = 0; t < design.n; t++) f += sol.features()[c][t];
            contrib += sol.beta()[pb + c] * f;
            for (int t = 0; t < design.n; t++) spend += design.x[c][t] * design.spendScale[c] / design.yScale;
        }
        double pooled = spend > 0 ? contrib / spend : 0;
        return pooled > 0 ? new ModelObjective.RoiPrior(sol.sse() / design.n, ROI_PRIOR_TAU, pooled)
                : ModelObjective.RoiPrior.NONE;
    }

    /** MAPE on the weeks after {@code rows} of a model fitted on the first {@code rows} weeks only. */
    private static double holdoutMape(ModelDesign design, ParameterSpace space, int rows, Lift lift,
                                      ModelObjective.RoiPrior prior, RandomGenerator rng) {
        ModelObjective train = new ModelObjective(design, space, rows, design.y, lift.ch, lift.from, lift.to, lift.target, lift.weight, prior);
        double[] th = GlobalSearch.minimise(train::value, space.priorMean(), space.lower(), space.upper(),
                1, 150 * space.dimension() + 1000, 0.3, rng);
        double[] pred = predict(design, space, th, train.solve(th).beta(), design.n);
        return mape(design, pred, rows, design.n);
    }

    private static int holdoutWeeks(FitOptions o, int n, int minRows) {
        int h = o.holdoutWeeks() >= 0 ? o.holdoutWeeks() : Math.min(13, Math.max(4, n / 10));
        return n - h >= minRows + 4 ? h : 0;
    }

    static double[] predict(ModelDesign d, ParameterSpace space, double[] theta, double[] beta, int rows) {
        double[][] f = ModelObjective.features(d, space, theta, rows);
        int pb = d.baseline.length;
        double[] out = new double[rows];
        for (int t = 0; t < rows; t++) {
            double v = 0;
            for (int j = 0; j < pb; j++) v += beta[j] * d.baseline[j][t];
            for (int c = 0; c < d.channels; c++) v += beta[pb + c] * f[c][t];
            out[t] = v;
        }
        return out;
    }

    static double mape(ModelDesign d, double[] pred, int from, int to) {
        double s = 0;
        int k = 0;
        for (int t = from; t < to; t++) {
            if (d.y[t] == 0) continue;
            s += Math.abs((d.y[t] - pred[t]) / d.y[t]);
            k++;
        }
        return k > 0 ? s / k : Double.NaN;
    }

    /** Converts normalised parameters into curves in KPI and spend units. */
    static List<ChannelCurve> curves(WeeklyDataset data, ModelDesign d, ParameterSpace space, double[] theta, double[] beta) {
        List<String> names = data.channels();
        List<ChannelCurve> out = new ArrayList<>();
        int pb = d.baseline.length;
        for (int c = 0; c < d.channels; c++) {
            SaturationParams s = space.saturation(theta, c);
            double scale = d.spendScale[c];
            SaturationParams abs = space.hill
                    ? SaturationParams.hill(s.halfSaturation() * scale, s.shape())
                    : SaturationParams.logistic(s.lambda() / scale);
            double mean = Arrays.stream(data.spend().get(names.get(c))).average().orElse(0);
            out.add(new ChannelCurve(names.get(c), space.decay(theta, c), abs, beta[pb + c] * d.yScale, mean));
        }
        return out;
    }

    /** Lift-test pseudo-observations in normalised units. */
    private record Lift(int[] ch, int[] from, int[] to, double[] target, double[] weight) {
        static Lift none() {
            return new Lift(new int[0], new int[0], new int[0], new double[0], new double[0]);
        }

        static Lift of(List<LiftTest> tests, WeeklyDataset data, ModelDesign d, double sigma2) {
            int k = tests.size();
            Lift l = new Lift(new int[k], new int[k], new int[k], new double[k], new double[k]);
            List<String> names = data.channels();
            for (int i = 0; i < k; i++) {
                LiftTest lt = tests.get(i);
                int c = names.indexOf(lt.channel());
                if (c < 0) throw new IllegalArgumentException("lift test for unknown channel " + lt.channel());
                LocalDate s = LocalDate.parse(lt.start());
                LocalDate e = LocalDate.parse(lt.end());
                int from = -1;
                int to = -1;
                for (int t = 0; t < d.n; t++) {
                    LocalDate w = data.weeks().get(t);
                    if (!w.isBefore(s) && !w.isAfter(e)) {
                        if (from < 0) from = t;
                        to = t;
                    }
                }
                if (from < 0) throw new IllegalArgumentException("lift test period " + s + ".." + e + " has no modelled week");
                l.ch[i] = c;
                l.from[i] = from;
                l.to[i] = to;
                l.target[i] = lt.incrementalKpi() / d.yScale;
                double se = lt.standardError() / d.yScale;
                l.weight[i] = sigma2 / (se * se);
            }
            return l;
        }
    }

    static Map<String, Double> controlEffects(ModelDesign d, double[] beta) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int j = d.firstControl; j < d.baseline.length; j++) {
            m.put(d.baselineNames.get(j), beta[j] * d.yScale / d.controlSd[j - d.firstControl]);
        }
        return m;
    }
}
