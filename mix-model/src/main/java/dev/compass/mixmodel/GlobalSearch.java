package dev.compass.mixmodel;

import java.util.function.ToDoubleFunction;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.hipparchus.optim.nonlinear.scalar.noderiv.CMAESOptimizer;
import org.hipparchus.random.RandomGenerator;

/** Multi-start CMA-ES followed by a BOBYQA polish (Hipparchus), keeping the best point ever evaluated. */
final class GlobalSearch {

    private GlobalSearch() {
    }

    /** Tracks the best evaluated point, so an evaluation limit never loses progress. */
    private static final class Tracker {
        final ToDoubleFunction<double[]> f;
        double bestValue = Double.POSITIVE_INFINITY;
        double[] best;

        Tracker(ToDoubleFunction<double[]> f) {
            this.f = f;
        }

        double value(double[] p) {
            double v = f.applyAsDouble(p);
            if (!Double.isFinite(v)) v = 1e300;
            if (v < bestValue) {
                bestValue = v;
                best = p.clone();
            }
            return v;
        }
    }

    /**
     * Minimises {@code f} within the bounds: {@code starts} CMA-ES runs (the first from {@code start}, the others
     * from random points) of at most {@code evalsPerStart} evaluations each, then a BOBYQA polish.
     */
    static double[] minimise(ToDoubleFunction<double[]> f, double[] start, double[] lo, double[] hi,
                             int starts, int evalsPerStart, double sigmaFraction, RandomGenerator rng) {
        Tracker tr = new Tracker(f);
        int d = start.length;
        for (int s = 0; s < starts; s++) {
            double[] x0 = new double[d];
            double[] sigma = new double[d];
            for (int i = 0; i < d; i++) {
                x0[i] = s == 0 ? start[i] : lo[i] + (0.2 + 0.6 * rng.nextDouble()) * (hi[i] - lo[i]);
                sigma[i] = sigmaFraction * (hi[i] - lo[i]);
            }
            int lambda = 4 + (int) (3 * Math.log(d)) + 2;
            CMAESOptimizer cma = new CMAESOptimizer(100000, Double.NEGATIVE_INFINITY, true, 0, 0, rng, false, null);
            try {
                cma.optimize(new MaxEval(evalsPerStart), new ObjectiveFunction(tr::value), GoalType.MINIMIZE,
                        new InitialGuess(x0), new SimpleBounds(lo, hi), new CMAESOptimizer.Sigma(sigma),
                        new CMAESOptimizer.PopulationSize(lambda));
            } catch (MathIllegalStateException tooMany) {
                // evaluation budget used up: the tracker holds the best point
            }
        }
        return polish(tr, tr.best, lo, hi, 40 * d + 200, 0.3);
    }

    /** BOBYQA from {@code start} (used for the polish and for the mode of the marginal posterior). */
    static double[] local(ToDoubleFunction<double[]> f, double[] start, double[] lo, double[] hi, int maxEval,
                          double radius) {
        return polish(new Tracker(f), start, lo, hi, maxEval, radius);
    }

    private static double[] polish(Tracker tr, double[] start, double[] lo, double[] hi, int maxEval, double radius) {
        int d = start.length;
        double[] x0 = start.clone();
        double r = radius;
        for (int i = 0; i < d; i++) {
            x0[i] = Math.min(hi[i], Math.max(lo[i], x0[i]));
            r = Math.min(r, (hi[i] - lo[i]) / 2.5);
        }
        tr.value(x0);
        BOBYQAOptimizer bob = new BOBYQAOptimizer(2 * d + 1, r, 1e-5);
        try {
            bob.optimize(new MaxEval(maxEval), new ObjectiveFunction(tr::value), GoalType.MINIMIZE,
                    new InitialGuess(x0), new SimpleBounds(lo, hi));
        } catch (MathIllegalStateException tooMany) {
            // keep the best point seen
        }
        return tr.best;
    }
}
