package dev.compass.mixmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.hipparchus.random.RandomGenerator;

/**
 * Draws from the posterior of a mix model. The curve parameters (adstock, saturation) are sampled by adaptive
 * random-walk Metropolis (Haario, Saksman and Tamminen 2001: the proposal covariance is learnt from the chain during
 * burn-in, then frozen) on the marginal posterior, in which the linear part is integrated out analytically
 * ({@link ModelObjective} with {@code marginal}). Each kept sample then draws the linear part (baseline, controls,
 * channel coefficients, common ROI) from its conditional Gaussian {@code N(beta_hat, sigma^2 G^-1)}, with the channel
 * coefficients clamped at their bound 0. So the spread of a channel's ROI includes both the curve uncertainty and the
 * coefficient uncertainty, which the bootstrap refits of an earlier version missed (their 90% intervals held the true
 * ROI of simulated channels 57-80% of the time).
 * <p>
 * One chain is sequential and deterministic for a given random generator; the fitter runs independent chains in
 * parallel and compares them ({@link #rHat}).
 */
final class PosteriorSampler {

    /** Burn-in (adaptation) iterations per curve parameter. */
    static final int BURN_IN_PER_DIMENSION = 600;
    /** Iterations after burn-in per curve parameter. */
    static final int SAMPLED_PER_DIMENSION = 1200;

    /** One posterior sample: curve parameters and the linear part in normalised units. */
    record Sample(double[] theta, double[] beta) {
    }

    private PosteriorSampler() {
    }

    /**
     * Runs one chain from {@code start} and returns its kept samples (one every {@code dimension} iterations after
     * burn-in). {@code inTime} is asked every 500 iterations; when it answers false, the chain stops and returns what
     * it has (nothing if it was still burning in).
     */
    static List<Sample> chain(ModelObjective marginal, double[] start, RandomGenerator rng, BooleanSupplier inTime) {
        int dim = start.length;
        double[] lo = marginal.space.lower();
        double[] hi = marginal.space.upper();
        int burnIn = BURN_IN_PER_DIMENSION * dim;
        int total = burnIn + SAMPLED_PER_DIMENSION * dim;
        double[] x = start.clone();
        for (int i = 0; i < dim; i++) x[i] = Math.min(hi[i], Math.max(lo[i], x[i]));
        ModelObjective.Solution current = marginal.solve(x);   // kept for the draw of the linear part
        double logP = -0.5 * current.objective();
        double[] mean = x.clone();
        double[][] cov = new double[dim][dim];
        for (int i = 0; i < dim; i++) cov[i][i] = 0.01;
        double[][] proposal = ModelObjective.cholesky(cov);
        double scale = 2.38 / Math.sqrt(dim);
        List<Sample> out = new ArrayList<>();
        double[] z = new double[dim];
        for (int it = 1; it <= total; it++) {
            for (int i = 0; i < dim; i++) z[i] = rng.nextGaussian();
            double[] y = x.clone();
            boolean inside = true;
            for (int i = 0; i < dim && inside; i++) {
                double s = 0;
                for (int j = 0; j <= i; j++) s += proposal[i][j] * z[j];
                y[i] += scale * s;
                inside = y[i] >= lo[i] && y[i] <= hi[i];
            }
            double u = rng.nextDouble();   // drawn on every iteration, so the stream does not depend on the bounds
            if (inside) {
                ModelObjective.Solution proposed = marginal.solve(y);
                double logPy = -0.5 * proposed.objective();
                if (Math.log(u) < logPy - logP) {
                    x = y;
                    current = proposed;
                    logP = logPy;
                }
            }
            if (it % 500 == 0 && !inTime.getAsBoolean()) break;
            if (it <= burnIn) {
                // running mean and covariance of the chain; the proposal is refreshed every 200 iterations
                double w = 1.0 / (it + 1);
                for (int i = 0; i < dim; i++) {
                    double di = x[i] - mean[i];
                    for (int j = 0; j < dim; j++) cov[i][j] = (1 - w) * cov[i][j] + w * (1 - w) * di * (x[j] - mean[j]);
                }
                for (int i = 0; i < dim; i++) mean[i] += w * (x[i] - mean[i]);
                if (it % 200 == 0) {
                    double[][] c = new double[dim][dim];
                    for (int i = 0; i < dim; i++) {
                        c[i] = cov[i].clone();
                        c[i][i] += 1e-6;
                    }
                    double[][] l = ModelObjective.cholesky(c);
                    if (l != null) proposal = l;
                }
                continue;
            }
            int after = it - burnIn;
            if (after % dim == 0) out.add(new Sample(x.clone(), drawLinear(marginal, current, rng)));
        }
        return out;
    }

    /**
     * The linear part given the curve parameters (their {@code objective.solve} solution {@code s}): its conditional
     * mode plus {@code sigma L^-T z} ({@code G = L L^T}, sigma^2 the residual variance), the channel coefficients
     * clamped at 0.
     */
    static double[] drawLinear(ModelObjective objective, ModelObjective.Solution s, RandomGenerator rng) {
        double[] beta = s.beta().clone();
        double[][] l = ModelObjective.cholesky(s.gram());
        int k = beta.length;
        double[] z = new double[k];
        for (int i = 0; i < k; i++) z[i] = rng.nextGaussian();
        if (l == null) return beta;
        double sigma = Math.sqrt(s.sse() / objective.rows);
        double[] v = new double[k];     // solve L^T v = z
        for (int i = k - 1; i >= 0; i--) {
            double t = z[i];
            for (int j = i + 1; j < k; j++) t -= l[j][i] * v[j];
            v[i] = t / l[i][i];
        }
        for (int i = 0; i < k; i++) beta[i] += sigma * v[i];
        for (int c = objective.pb; c < objective.p; c++) beta[c] = Math.max(0, beta[c]);
        return beta;
    }

    /**
     * Gelman-Rubin potential scale reduction of one quantity over chains of equal weight: near 1 when the chains agree,
     * above about 1.1 when they have not mixed.
     */
    static double rHat(List<double[]> chains) {
        int m = chains.size();
        int n = chains.stream().mapToInt(a -> a.length).min().orElse(0);
        if (m < 2 || n < 4) return Double.NaN;
        double[] means = new double[m];
        double within = 0;
        for (int c = 0; c < m; c++) {
            double[] a = chains.get(c);
            double mu = 0;
            for (int i = 0; i < n; i++) mu += a[i];
            mu /= n;
            means[c] = mu;
            double v = 0;
            for (int i = 0; i < n; i++) v += (a[i] - mu) * (a[i] - mu);
            within += v / (n - 1);
        }
        within /= m;
        double grand = 0;
        for (double mu : means) grand += mu;
        grand /= m;
        double between = 0;
        for (double mu : means) between += (mu - grand) * (mu - grand);
        between = between * n / (m - 1);
        if (!(within > 0)) return between > 0 ? Double.POSITIVE_INFINITY : 1;
        double pooled = (n - 1.0) / n * within + between / n;
        return Math.sqrt(pooled / within);
    }
}
