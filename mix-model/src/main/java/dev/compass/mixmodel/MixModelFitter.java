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
 * The point fit: non-linear parameters by multi-start CMA-ES and a BOBYQA polish on a profiled MAP objective (weak
 * priors on decay and saturation, a hierarchical ROI prior), the linear part solved exactly by non-negative ridge
 * least squares for each candidate. With AUTO saturation the family with the higher Laplace evidence
 * ({@link LaplaceEvidence}) is chosen and the other one is averaged in with its posterior probability. Validation uses
 * a model refitted without the final weeks. The published contributions, ROIs and their intervals are posterior means
 * and quantiles ({@link PosteriorSampler}: adaptive Metropolis over the curve parameters with the linear part
 * integrated out, then drawn); lift tests enter as weighted pseudo-observations.
 * The posterior chains run in parallel on the cores (the caller plus helpers from a shared pool of daemon threads,
 * see {@link Parallel}), each with its own random stream, so the result does not depend on the threads.
 * Thread-safe: holds no state.
 */
public final class MixModelFitter {

    /** Method name recorded in the lineage. */
    public static final String METHOD = "adstock-saturation-mmm/cmaes-bobyqa+nn-ridge+laplace-evidence+adaptive-metropolis";
    /**
     * Method version recorded in the lineage. 2.1: a channel's marginal ROI is that of the expected (posterior-mean)
     * response, like its ROI (2.0 took it from the point curve).
     */
    public static final String VERSION = "2.1";

    private static final int STARTS = 2;
    /** Independent posterior chains per saturation family. */
    static final int CHAINS = 2;
    /** Model-averaging weight below which the other saturation family is not sampled. */
    static final double MIN_FAMILY_WEIGHT = 0.01;
    /** Gelman-Rubin limit above which a channel's chains are reported as not agreeing. */
    static final double R_HAT_LIMIT = 1.1;
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
     * caller. The result does not depend on {@code threads} unless the time budget stops a chain.
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
        // saturation family: as requested, or (AUTO) the one with the higher Laplace evidence on the marginal posterior
        // (the AIC picked LOGISTIC on every simulated Hill data set; choosing by holdout MAPE picked the wrong family on
        // the PyMC-Marketing example)
        int holdout = holdoutWeeks(options, n, minRows);
        ParameterSpace space = null;
        double[] theta = null;
        double holdoutMape = Double.NaN;
        double bestScore = Double.POSITIVE_INFINITY;
        ParameterSpace altSpace = null;
        double[] altTheta = null;
        double altScore = Double.POSITIVE_INFINITY;
        for (String fam : families) {
            ParameterSpace sp = new ParameterSpace(fam, design.channels);
            ModelObjective obj = new ModelObjective(design, sp, n, design.y, lift.ch, lift.from, lift.to, lift.target, lift.weight, prior);
            double[] th = GlobalSearch.minimise(obj::value, sp.priorMean(), sp.lower(), sp.upper(),
                    STARTS, 150 * sp.dimension() + 1000, 0.3, rng);
            double score = families.size() == 1 ? 0 : LaplaceEvidence.minusTwoLogEvidence(new ModelObjective(design, sp,
                    n, design.y, lift.ch, lift.from, lift.to, lift.target, lift.weight, prior, true), th);
            if (score < bestScore) {
                altSpace = space;
                altTheta = theta;
                altScore = bestScore;
                bestScore = score;
                space = sp;
                theta = th;
            } else {
                altSpace = sp;
                altTheta = th;
                altScore = score;
            }
        }
        if (space == null) { // every family's evidence was NaN: the figures overflow the fit
            throw new IllegalArgumentException("no saturation family gives a finite fit: the figures are of a scale"
                    + " the model cannot handle");
        }
        // Model averaging over the saturation families: the other family's posterior samples get its posterior
        // probability 1 / (1 + exp(d / 2)), d the difference of the -2 log evidences. Not with lift tests (only the
        // chosen family is calibrated).
        double altWeight = altSpace == null || !options.liftTests().isEmpty() ? 0
                : 1 / (1 + Math.exp((altScore - bestScore) / 2));
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

        Posterior posterior = sample(data, design, options, threads, lift, prior, space, theta, altSpace, altTheta,
                altWeight, rng);
        return ModelAssembler.assemble(data, options, family, design, fitted, curves, posterior, sol.beta(), holdoutMape,
                holdout, IdentifiabilityChecks.check(data));
    }

    /**
     * Samples the posterior ({@link PosteriorSampler}): {@link #CHAINS} chains of the chosen family from its point
     * estimate and, when the other family (AUTO) has a model-averaging weight, as many chains of that family; the
     * chains run in parallel, each with its own random stream drawn from the fit's stream up front, so the result
     * does not depend on the threads unless the time budget stops a chain.
     */
    private static Posterior sample(WeeklyDataset data, ModelDesign design, FitOptions options, int threads, Lift lift,
                                    ModelObjective.RoiPrior prior, ParameterSpace space, double[] theta,
                                    ParameterSpace altSpace, double[] altTheta, double altWeight, RandomGenerator rng) {
        int nDraws = Math.max(0, options.draws());
        if (nDraws == 0) return Posterior.NONE;
        boolean withAlt = altWeight >= MIN_FAMILY_WEIGHT;
        int chainCount = withAlt ? 2 * CHAINS : CHAINS;
        long[] seeds = new long[chainCount];
        for (int c = 0; c < chainCount; c++) seeds[c] = rng.nextLong();
        boolean[] cut = new boolean[chainCount];
        List<List<PosteriorSampler.Sample>> chains = runChains(design, lift, prior, new ParameterSpace[] {space, altSpace},
                new double[][] {theta, altTheta}, seeds, options.timeBudgetMillis(), threads, cut);
        int cN = design.channels;
        int total = chains.stream().mapToInt(List::size).sum();
        if (total == 0) {
            return new Posterior(new double[0][], new double[0], List.of(), List.of("posterior sampling was cut by the time budget ("
                    + options.timeBudgetMillis() + " ms) before its first sample: no intervals"));
        }
        double[][] contrib = new double[cN][total];
        double[] weights = new double[total];
        int[] familySize = new int[2];
        for (int c = 0; c < chainCount; c++) familySize[c >= CHAINS ? 1 : 0] += chains.get(c).size();
        List<String> warnings = new ArrayList<>();
        int k = 0;
        List<List<double[]>> perChain = new ArrayList<>();
        for (int c = 0; c < chainCount; c++) {
            boolean alt = c >= CHAINS;
            ParameterSpace sp = alt ? altSpace : space;
            double w = (alt ? altWeight : withAlt ? 1 - altWeight : 1) / Math.max(1, familySize[alt ? 1 : 0]);
            List<double[]> mine = new ArrayList<>();
            for (PosteriorSampler.Sample smp : chains.get(c)) {
                double[][] f = ModelObjective.features(design, sp, smp.theta(), design.n);
                double[] row = new double[cN];
                for (int ch = 0; ch < cN; ch++) {
                    double sum = 0;
                    for (int t = 0; t < design.n; t++) sum += f[ch][t];
                    row[ch] = smp.beta()[design.baseline.length + ch] * design.yScale * sum;
                    contrib[ch][k] = row[ch];
                }
                weights[k++] = w;
                mine.add(row);
            }
            perChain.add(mine);
        }
        for (int ch = 0; ch < cN; ch++) {
            int chIndex = ch;
            double r = PosteriorSampler.rHat(perChain.subList(0, CHAINS).stream()
                    .map(l -> l.stream().mapToDouble(row -> row[chIndex]).toArray()).toList());
            if (r > R_HAT_LIMIT) {
                warnings.add(String.format("posterior chains disagree on channel %s (R-hat %.2f): its interval may be too narrow",
                        data.channels().get(ch), r));
            }
        }
        for (int c = 0; c < chainCount; c++) {
            if (cut[c]) {
                warnings.add("posterior sampling was cut by the time budget (" + options.timeBudgetMillis() + " ms): intervals rest on "
                        + total + " samples");
                break;
            }
        }
        // the stored curve draws: evenly spaced samples, the other family's share given by its weight
        List<List<ChannelCurve>> draws = new ArrayList<>();
        List<PosteriorSampler.Sample> main = new ArrayList<>();
        List<PosteriorSampler.Sample> other = new ArrayList<>();
        for (int c = 0; c < chainCount; c++) (c >= CHAINS ? other : main).addAll(chains.get(c));
        int altDraws = withAlt && !other.isEmpty() ? (int) Math.round(altWeight * nDraws) : 0;
        int mainDraws = main.isEmpty() ? 0 : nDraws - altDraws;
        for (int b = 0; b < mainDraws; b++) {
            PosteriorSampler.Sample smp = main.get((int) ((long) b * main.size() / mainDraws));
            draws.add(curves(data, design, space, smp.theta(), smp.beta()));
        }
        for (int b = 0; b < altDraws; b++) {
            PosteriorSampler.Sample smp = other.get((int) ((long) b * other.size() / altDraws));
            draws.add(curves(data, design, altSpace, smp.theta(), smp.beta()));
        }
        double sum = 0;
        for (double w : weights) sum += w;
        for (int i = 0; i < weights.length; i++) weights[i] /= sum;
        return new Posterior(contrib, weights, draws, warnings);
    }

    /**
     * Runs the chains in parallel: chain {@code c} samples family {@code c / CHAINS} (0: the chosen one, 1: the other)
     * from that family's point estimate with the random stream {@code seeds[c]}; {@code cut[c]} is set when the time
     * budget stopped it.
     */
    private static List<List<PosteriorSampler.Sample>> runChains(ModelDesign design, Lift lift, ModelObjective.RoiPrior prior,
                                                                 ParameterSpace[] spaces, double[][] starts, long[] seeds,
                                                                 long budgetMillis, int threads, boolean[] cut) {
        long deadline = System.nanoTime() + budgetMillis * 1_000_000L;
        List<List<PosteriorSampler.Sample>> chains = new ArrayList<>(Collections.nCopies(seeds.length, null));
        Parallel.run(seeds.length, threads, () -> true, c -> {
            int family = c / CHAINS;
            ModelObjective marginal = new ModelObjective(design, spaces[family], design.n, design.y, lift.ch, lift.from,
                    lift.to, lift.target, lift.weight, prior, true);
            chains.set(c, PosteriorSampler.chain(marginal, starts[family], new Well19937c(seeds[c]), () -> {
                boolean ok = System.nanoTime() < deadline;
                if (!ok) cut[c] = true;
                return ok;
            }));
        });
        return chains;
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
