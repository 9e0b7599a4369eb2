package dev.compass.mixmodel;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealVector;

/**
 * Profiled MAP objective of the non-linear parameters: for given adstock and saturation parameters the linear
 * part (baseline, controls, non-negative channel coefficients) is solved exactly by non-negative ridge least
 * squares, with optional lift-test pseudo-observations; the objective is {@code n log(SSE/n) + prior penalty}.
 */
final class ModelObjective {

    static final double BASELINE_RIDGE = 1e-4;
    static final double CHANNEL_RIDGE = 1e-4;

    final ModelDesign design;
    final ParameterSpace space;
    final int rows;            // weeks used (a prefix of the design)
    final double[] y;
    final int pb;
    final int p;
    private final double[][] bb;  // baseline gram
    private final double[] by;
    private final double yy;
    // lift pseudo-observations
    private final int[] liftChannel;
    private final int[] liftFrom;
    private final int[] liftTo;
    private final double[] liftTarget;
    private final double[] liftWeight;
    private final RoiPrior roiPrior;
    private final double[] spendKpiUnits;   // per channel, summed spend over the rows in normalised KPI units
    private final boolean marginal;

    /** Solution of the linear part for one parameter vector. */
    record Solution(double[] beta, double[][] features, double sse, double objective, double[][] gram) {
    }

    /**
     * Hierarchical ROI prior (Meridian-style, on ROI rather than on curve shape): each channel's ROI over the
     * modelled rows is Gaussian around a common ROI {@code r0} with standard deviation {@code tau * pooledRoi};
     * {@code r0} is an extra, unpenalised linear unknown. Entered as pseudo-observations
     * {@code beta_c F_c - r0 S_c = 0} (F_c: summed feature, S_c: summed spend in KPI units) weighted with
     * {@code sigma2 / (tau pooledRoi S_c)^2}, so it stays inside the exact linear solve.
     */
    record RoiPrior(double sigma2, double tau, double pooledRoi) {
        static final RoiPrior NONE = new RoiPrior(0, 1, 0);

        boolean active() {
            return sigma2 > 0 && pooledRoi > 0 && tau > 0;
        }
    }

    ModelObjective(ModelDesign design, ParameterSpace space, int rows, double[] y,
                   int[] liftChannel, int[] liftFrom, int[] liftTo, double[] liftTarget, double[] liftWeight) {
        this(design, space, rows, y, liftChannel, liftFrom, liftTo, liftTarget, liftWeight, RoiPrior.NONE);
    }

    ModelObjective(ModelDesign design, ParameterSpace space, int rows, double[] y,
                   int[] liftChannel, int[] liftFrom, int[] liftTo, double[] liftTarget, double[] liftWeight,
                   RoiPrior roiPrior) {
        this(design, space, rows, y, liftChannel, liftFrom, liftTo, liftTarget, liftWeight, roiPrior, false);
    }

    /**
     * With {@code marginal}, the objective is the marginal posterior of the curve parameters: the linear part is
     * integrated out instead of maximised (Laplace-exact for the Gaussian linear model, ignoring the non-negativity
     * bounds), which adds {@code log det G - log det(prior precision)} to the profiled objective. Under the ROI prior
     * the prior precision of a channel coefficient grows with the square of its summed feature {@code F_c}, so the
     * term is {@code log det G - 2 sum_c log F_c}: invariant to how a curve scales its feature, and it charges curve
     * shapes for the flexibility they add (the profiled objective lets the linear part absorb it for free).
     * Without an active ROI prior it equals the profiled objective.
     */
    ModelObjective(ModelDesign design, ParameterSpace space, int rows, double[] y,
                   int[] liftChannel, int[] liftFrom, int[] liftTo, double[] liftTarget, double[] liftWeight,
                   RoiPrior roiPrior, boolean marginal) {
        this.marginal = marginal;
        this.roiPrior = roiPrior == null ? RoiPrior.NONE : roiPrior;
        this.spendKpiUnits = new double[design.channels];
        for (int c = 0; c < design.channels; c++) {
            double v = 0;
            for (int t = 0; t < rows; t++) v += design.x[c][t];
            spendKpiUnits[c] = v * design.spendScale[c] / design.yScale;
        }
        this.design = design;
        this.space = space;
        this.rows = rows;
        this.y = y;
        this.pb = design.baseline.length;
        this.p = pb + design.channels;
        this.liftChannel = liftChannel;
        this.liftFrom = liftFrom;
        this.liftTo = liftTo;
        this.liftTarget = liftTarget;
        this.liftWeight = liftWeight;
        bb = new double[pb][pb];
        by = new double[pb];
        double s = 0;
        for (int t = 0; t < rows; t++) s += y[t] * y[t];
        for (int i = 0; i < liftTarget.length; i++) s += liftWeight[i] * liftTarget[i] * liftTarget[i];
        yy = s;
        for (int i = 0; i < pb; i++) {
            double[] bi = design.baseline[i];
            for (int j = i; j < pb; j++) {
                double[] bj = design.baseline[j];
                double v = 0;
                for (int t = 0; t < rows; t++) v += bi[t] * bj[t];
                bb[i][j] = v;
                bb[j][i] = v;
            }
            double v = 0;
            for (int t = 0; t < rows; t++) v += bi[t] * y[t];
            by[i] = v;
        }
    }

    static double[][] features(ModelDesign d, ParameterSpace space, double[] params, int rows) {
        double[][] f = new double[d.channels][rows];
        for (int c = 0; c < d.channels; c++) {
            double decay = space.decay(params, c);
            SaturationParams sat = space.saturation(params, c);
            double a = 0;
            double[] xc = d.x[c];
            for (int t = 0; t < rows; t++) {
                a = decay * a + (1 - decay) * xc[t];
                f[c][t] = sat.apply(a);
            }
        }
        return f;
    }

    double value(double[] params) {
        return solve(params).objective();
    }

    Solution solve(double[] params) {
        int cN = design.channels;
        double[][] f = features(design, space, params, rows);
        boolean prior = roiPrior.active();
        int total = prior ? p + 1 : p;
        double[][] g = new double[total][total];
        double[] rhs = new double[total];
        for (int i = 0; i < pb; i++) {
            System.arraycopy(bb[i], 0, g[i], 0, pb);
            rhs[i] = by[i];
            if (i > 0) g[i][i] += BASELINE_RIDGE * rows;
        }
        for (int c = 0; c < cN; c++) {
            double[] fc = f[c];
            for (int i = 0; i < pb; i++) {
                double[] bi = design.baseline[i];
                double v = 0;
                for (int t = 0; t < rows; t++) v += bi[t] * fc[t];
                g[i][pb + c] = v;
                g[pb + c][i] = v;
            }
            for (int c2 = c; c2 < cN; c2++) {
                double[] f2 = f[c2];
                double v = 0;
                for (int t = 0; t < rows; t++) v += fc[t] * f2[t];
                g[pb + c][pb + c2] = v;
                g[pb + c2][pb + c] = v;
            }
            double v = 0;
            for (int t = 0; t < rows; t++) v += fc[t] * y[t];
            rhs[pb + c] = v;
            g[pb + c][pb + c] += CHANNEL_RIDGE * rows;
        }
        for (int i = 0; i < liftTarget.length; i++) {
            int c = liftChannel[i];
            double s = 0;
            for (int t = liftFrom[i]; t <= liftTo[i] && t < rows; t++) s += f[c][t];
            g[pb + c][pb + c] += liftWeight[i] * s * s;
            rhs[pb + c] += liftWeight[i] * s * liftTarget[i];
        }
        double[] featureSums = new double[cN];
        for (int c = 0; c < cN; c++) {
            for (int t = 0; t < rows; t++) featureSums[c] += f[c][t];
        }
        if (prior) {
            for (int c = 0; c < cN; c++) {
                double sc = spendKpiUnits[c];
                if (!(sc > 0)) continue;
                double fsum = featureSums[c];
                double se = roiPrior.tau() * roiPrior.pooledRoi() * sc;
                double w = roiPrior.sigma2() / (se * se);
                g[pb + c][pb + c] += w * fsum * fsum;
                g[pb + c][p] -= w * fsum * sc;
                g[p][pb + c] -= w * fsum * sc;
                g[p][p] += w * sc * sc;
            }
            g[p][p] += 1e-12;
        }
        double[] beta = nonNegativeSolve(g, rhs, pb, cN);
        // penalised SSE = yy - 2 b'rhs + b'G b
        double quad = 0;
        double lin = 0;
        for (int i = 0; i < total; i++) {
            if (beta[i] == 0) continue;
            lin += beta[i] * rhs[i];
            double row = 0;
            for (int j = 0; j < total; j++) row += g[i][j] * beta[j];
            quad += beta[i] * row;
        }
        double sse = Math.max(yy - 2 * lin + quad, 1e-12 * rows);
        double obj = rows * Math.log(sse / rows) + space.penalty(params);
        if (marginal && prior) {
            obj += logDet(g);
            for (int c = 0; c < cN; c++) obj -= 2 * Math.log(Math.max(featureSums[c], 1e-300));
        }
        return new Solution(beta, f, sse, obj, g);
    }

    /** Log determinant of a symmetric positive definite matrix (Cholesky); +infinity when it is not positive definite. */
    static double logDet(double[][] a) {
        double[][] l = cholesky(a);
        if (l == null) return Double.POSITIVE_INFINITY;
        double s = 0;
        for (int i = 0; i < a.length; i++) s += 2 * Math.log(l[i][i]);
        return s;
    }

    /** Lower Cholesky factor (Hipparchus) of a symmetric positive definite matrix, or null when it is not. */
    static double[][] cholesky(double[][] a) {
        try {
            return new CholeskyDecomposition(new Array2DRowRealMatrix(a, true), 1e-12, 1e-14).getL().getData();
        } catch (org.hipparchus.exception.MathIllegalArgumentException notPositiveDefinite) {
            return null;
        }
    }

    /**
     * Minimises {@code b'Gb - 2 b'r} with the last {@code cN} coefficients non-negative: an active-set method
     * whose equality-constrained subproblems are solved by Hipparchus' Cholesky decomposition.
     */
    static double[] nonNegativeSolve(double[][] g, double[] rhs, int pb, int cN) {
        int p = pb + cN;           // constrained: pb .. p-1; any further unknowns are free
        int total = g.length;
        boolean[] free = new boolean[total];
        java.util.Arrays.fill(free, true);
        double[] beta = new double[total];
        for (int iter = 0; iter < 4 * cN + 4; iter++) {
            beta = solveFree(g, rhs, free);
            int worst = -1;
            for (int c = pb; c < p; c++) {
                if (free[c] && beta[c] < 0) {
                    free[c] = false;
                    worst = c;
                }
            }
            if (worst >= 0) continue;
            // KKT: a fixed channel whose gradient points into the feasible region is freed
            int best = -1;
            double bestGrad = 1e-10;
            for (int c = pb; c < p; c++) {
                if (free[c]) continue;
                double grad = rhs[c];
                for (int j = 0; j < total; j++) grad -= g[c][j] * beta[j];
                if (grad > bestGrad) {
                    bestGrad = grad;
                    best = c;
                }
            }
            if (best < 0) break;
            free[best] = true;
        }
        for (int c = pb; c < p; c++) if (beta[c] < 0) beta[c] = 0;
        return beta;
    }

    private static double[] solveFree(double[][] g, double[] rhs, boolean[] free) {
        int p = free.length;
        int k = 0;
        int[] idx = new int[p];
        for (int i = 0; i < p; i++) if (free[i]) idx[k++] = i;
        double[][] sub = new double[k][k];
        double[] r = new double[k];
        for (int a = 0; a < k; a++) {
            r[a] = rhs[idx[a]];
            for (int b = 0; b < k; b++) sub[a][b] = g[idx[a]][idx[b]];
        }
        RealVector sol = new CholeskyDecomposition(new Array2DRowRealMatrix(sub, false), 1e-14, 1e-14)
                .getSolver().solve(new ArrayRealVector(r, false));
        double[] beta = new double[p];
        for (int a = 0; a < k; a++) beta[idx[a]] = sol.getEntry(a);
        return beta;
    }
}
