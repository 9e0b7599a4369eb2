package dev.compass.agent.domain;

import dev.compass.mixmodel.SteadyStateResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Releases money from budget items at the smallest loss of projected revenue.
 *
 * <p>Cutting {@code x} from an item over a horizon of {@code H} weeks lowers its channel's weekly spend from
 * {@code s} to {@code s - x/H} and loses {@code L(x) = H (r(s) - r(s - x/H))} of response. The problem
 * <pre>minimise  sum L_i(x_i)   subject to   sum x_i = amount,   0 <= x_i <= limit_i</pre>
 * is convex because every response curve {@code r} is concave, so its KKT conditions characterise the optimum: every
 * item cut strictly inside its limits has the same marginal loss {@code mu = r'(s_i - x_i/H)}, items not cut have a
 * marginal loss of at least {@code mu}, items cut to their limit at most {@code mu}. The solver bisects on the
 * multiplier {@code mu} (the total cut is non-decreasing in it) and inverts each item's marginal loss by bisection.
 * When the limits add up to less than the amount, everything that can be released is cut. Stateless.
 */
public final class CutOptimizer {
    private static final int OUTER = 200;
    private static final int INNER = 100;

    /**
     * One item that can be cut: its channel's response (the agents pass the expected, posterior-mean one), its weekly
     * operating spend and the most that may be cut.
     */
    public record Item(String id, SteadyStateResponse curve, double weeklySpend, double limit) {}

    /** The cut per item (same order as the input) and the revenue lost over the horizon. */
    public record Result(double[] cuts, double total, double lostRevenue) {}

    public Result optimise(List<Item> items, double amount, int horizonWeeks) {
        int n = items.size();
        double[] limit = new double[n];
        double sumLimit = 0;
        for (int i = 0; i < n; i++) {
            Item it = items.get(i);
            limit[i] = Math.max(0, Math.min(it.limit(), it.weeklySpend() * horizonWeeks));
            sumLimit += limit[i];
        }
        double[] cuts;
        if (amount <= 0 || n == 0) {
            cuts = new double[n];
        } else if (sumLimit <= amount) {
            cuts = limit.clone();
        } else {
            cuts = solve(items, limit, amount, horizonWeeks);
        }
        double total = 0;
        double lost = 0;
        for (int i = 0; i < n; i++) {
            total += cuts[i];
            lost += loss(items.get(i), cuts[i], horizonWeeks);
        }
        return new Result(cuts, total, lost);
    }

    /** Revenue lost over the horizon by cutting {@code x} from the item. */
    public static double loss(Item item, double x, int horizonWeeks) {
        double s = item.weeklySpend();
        return horizonWeeks * (item.curve().response(s) - item.curve().response(Math.max(0, s - x / horizonWeeks)));
    }

    private static double[] solve(List<Item> items, double[] limit, double amount, int h) {
        int n = items.size();
        double muLo = Double.POSITIVE_INFINITY;
        double muHi = 0;
        for (int i = 0; i < n; i++) {
            muLo = Math.min(muLo, marginalLoss(items.get(i), 0, h));
            muHi = Math.max(muHi, marginalLoss(items.get(i), limit[i], h));
        }
        muLo = Math.max(0, Math.min(muLo, muHi));
        // invariant: total(muLo) < amount <= total(muHi). When the items whose marginal loss is lowest at no cut can
        // release the whole amount at that level (flat curves, e.g. a channel whose coefficient is 0), the optimum
        // cuts only from them: nothing has a marginal loss strictly below muLo, so the lower cuts are 0.
        boolean enoughAtLowest = total(items, limit, muLo, h) >= amount;
        if (enoughAtLowest) {
            muHi = muLo;
        }
        for (int it = 0; it < OUTER && muHi > muLo; it++) {
            double mid = 0.5 * (muLo + muHi);
            if (mid <= muLo || mid >= muHi) break;
            if (total(items, limit, mid, h) < amount) muLo = mid;
            else muHi = mid;
        }
        double[] lo = new double[n];
        double[] hi = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            lo[i] = enoughAtLowest ? 0 : cutAt(items.get(i), limit[i], muLo, h);
            hi[i] = cutAt(items.get(i), limit[i], muHi, h);
            sum += lo[i];
        }
        // the items whose marginal loss lies between the two multipliers take the remainder
        double rest = amount - sum;
        for (int i = 0; i < n && rest > 0; i++) {
            double step = Math.min(rest, Math.max(0, hi[i] - lo[i]));
            lo[i] += step;
            rest -= step;
        }
        for (int i = 0; i < n && rest > 0; i++) {
            double step = Math.min(rest, limit[i] - lo[i]);
            lo[i] += step;
            rest -= step;
        }
        return lo;
    }

    private static double total(List<Item> items, double[] limit, double mu, int h) {
        double t = 0;
        for (int i = 0; i < items.size(); i++) t += cutAt(items.get(i), limit[i], mu, h);
        return t;
    }

    /** Marginal revenue lost by the next unit cut once {@code x} has been cut. */
    static double marginalLoss(Item item, double x, int h) {
        double s = item.weeklySpend() - x / h;
        double m = item.curve().marginal(Math.max(s, 0));
        if (!Double.isFinite(m)) {
            m = item.curve().marginal(Math.max(1e-9 * Math.max(1, item.weeklySpend()), s));
        }
        return m;
    }

    /** The largest cut in [0, limit] whose marginal loss does not exceed {@code mu}. */
    static double cutAt(Item item, double limit, double mu, int h) {
        if (marginalLoss(item, 0, h) > mu) return 0;
        if (marginalLoss(item, limit, h) <= mu) return limit;
        double a = 0;
        double b = limit;
        for (int it = 0; it < INNER; it++) {
            double m = 0.5 * (a + b);
            if (m <= a || m >= b) break;
            if (marginalLoss(item, m, h) <= mu) a = m;
            else b = m;
        }
        return a;
    }

    /** Splits a cut across several lines of one channel in proportion to what each may release. */
    public static List<Double> split(double cut, List<Double> limits) {
        double sum = limits.stream().mapToDouble(Double::doubleValue).sum();
        List<Double> out = new ArrayList<>();
        double rest = Money.round(cut);
        for (int i = 0; i < limits.size(); i++) {
            double share = i == limits.size() - 1 ? rest
                    : Math.min(rest, Money.round(sum > 0 ? cut * limits.get(i) / sum : 0));
            share = Math.min(share, limits.get(i));
            out.add(share);
            rest = Money.round(rest - share);
        }
        return out;
    }
}
