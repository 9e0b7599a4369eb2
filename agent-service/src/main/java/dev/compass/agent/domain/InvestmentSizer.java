package dev.compass.agent.domain;

import dev.compass.mixmodel.BudgetOptimizer;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The commercial agent's arithmetic, on each channel's expected (posterior-mean) response: the channel with the
 * highest marginal ROI above the hurdle gets more weekly spend until its marginal ROI falls to the hurdle (bounded by
 * {@code maxSpendMultiple} times today's spend), capped by the requested amount over the horizon. Stateless.
 */
public final class InvestmentSizer {
    public Optional<Opportunity> size(List<ChannelView> channels, double hurdle, double maxSpendMultiple,
            Double requestedAmount, int horizonWeeks) {
        return channels.stream()
                .filter(c -> c.weeklySpend() > 0)
                .filter(c -> c.marginal(c.weeklySpend()) > hurdle)
                .max(Comparator.comparingDouble(c -> c.marginal(c.weeklySpend())))
                .map(c -> sizeChannel(c, hurdle, maxSpendMultiple, requestedAmount, horizonWeeks))
                .filter(o -> o.amount() > 0);
    }

    Opportunity sizeChannel(ChannelView c, double hurdle, double maxSpendMultiple, Double requestedAmount,
            int horizonWeeks) {
        double s0 = c.weeklySpend();
        double target = BudgetOptimizer.spendAt(c.expected(), s0, hurdle, s0, s0 * maxSpendMultiple);
        double amount = Money.round((target - s0) * horizonWeeks);
        boolean capped = requestedAmount != null && requestedAmount < amount;
        if (capped) {
            amount = Money.round(requestedAmount);
        }
        return evaluate(c, amount, horizonWeeks, hurdle, capped);
    }

    /** The opportunity of putting {@code amount} more into the channel over the horizon, with its 90% interval. */
    public static Opportunity evaluate(ChannelView c, double amount, int horizonWeeks, double hurdle, boolean capped) {
        double s0 = c.weeklySpend();
        double s1 = s0 + amount / horizonWeeks;
        double revenue = c.revenueChange(s0, s1, horizonWeeks);
        double[] interval = c.revenueChangeInterval(s0, s1, horizonWeeks);
        return new Opportunity(c.channel(), s0, s1, amount, horizonWeeks, c.marginal(s0), c.marginal(s1), hurdle,
                revenue, interval[0], interval[1], capped);
    }
}
