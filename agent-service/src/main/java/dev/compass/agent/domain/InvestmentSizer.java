package dev.compass.agent.domain;

import dev.compass.mixmodel.BudgetOptimizer;
import dev.compass.mixmodel.OptimisationMode;
import dev.compass.mixmodel.OptimisationRequest;
import dev.compass.mixmodel.SpendBounds;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The commercial agent's arithmetic: the channel with the highest marginal ROI above the hurdle that has headroom
 * gets more weekly spend until its marginal ROI falls to the hurdle (mix-model's TARGET_MROI optimisation, bounded
 * by {@code maxSpendMultiple} times today's spend), capped by the requested amount over the horizon.
 */
public final class InvestmentSizer {
    private final BudgetOptimizer optimizer = new BudgetOptimizer();

    public Optional<Opportunity> size(List<ChannelView> channels, double hurdle, double maxSpendMultiple,
            Double requestedAmount, int horizonWeeks) {
        return channels.stream()
                .filter(c -> c.curve().meanWeeklySpend() > 0)
                .filter(c -> c.curve().marginal(c.curve().meanWeeklySpend()) > hurdle)
                .max(Comparator.comparingDouble(c -> c.curve().marginal(c.curve().meanWeeklySpend())))
                .map(c -> sizeChannel(c, hurdle, maxSpendMultiple, requestedAmount, horizonWeeks))
                .filter(o -> o.amount() > 0);
    }

    Opportunity sizeChannel(ChannelView c, double hurdle, double maxSpendMultiple, Double requestedAmount,
            int horizonWeeks) {
        double s0 = c.curve().meanWeeklySpend();
        double cap = s0 * maxSpendMultiple;
        double target = optimizer.optimise(List.of(c.curve()), new OptimisationRequest(null,
                OptimisationMode.TARGET_MROI, Map.of(c.channel(), new SpendBounds(s0, cap)), hurdle))
                .allocation().get(c.channel());
        double amount = Money.round((target - s0) * horizonWeeks);
        boolean capped = requestedAmount != null && requestedAmount < amount;
        if (capped) {
            amount = Money.round(requestedAmount);
        }
        return evaluate(c, amount, horizonWeeks, hurdle, capped);
    }

    /** The opportunity of putting {@code amount} more into the channel over the horizon. */
    public static Opportunity evaluate(ChannelView c, double amount, int horizonWeeks, double hurdle, boolean capped) {
        double s0 = c.curve().meanWeeklySpend();
        double s1 = s0 + amount / horizonWeeks;
        double revenue = c.revenueChange(s0, s1, horizonWeeks);
        return new Opportunity(c.channel(), s0, s1, amount, horizonWeeks, c.curve().marginal(s0),
                c.curve().marginal(s1), hurdle, revenue, revenue * c.lowFactor(), revenue * c.highFactor(), capped);
    }
}
