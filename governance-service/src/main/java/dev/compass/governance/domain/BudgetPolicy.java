package dev.compass.governance.domain;

import dev.compass.contracts.events.BudgetProposal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The budget policy: a proposal of an ACTIVE agent is approved automatically when its amount and the share it moves
 * out of each line are under the thresholds and the projected return does not fall; otherwise a finance approver
 * decides. A proposal of an agent that is not ACTIVE is refused.
 *
 * <p>The automatic limits are cumulative per budget line: together with the moves approved automatically before from
 * or to the same line (see {@link EarlierMove}), no more than the automatic amount may move out of or into a line, and
 * no more than the automatic share of it out of it, without a person deciding. Otherwise a move split over several
 * proposals would each slip under the limits.
 *
 * <p>The automatic amount limit is in the policy's currency (ISO 4217). A proposal whose amounts are in another
 * currency is never approved automatically (its amounts cannot be compared with the limit): a finance approver decides.
 * A proposal without a currency, from an agent that predates it, is in the policy's currency.
 */
public record BudgetPolicy(long version, double maxAutoAmount, String currency, double maxShareOfLine,
        boolean requireNonNegativeGain, long pendingTtlSeconds) {

    /** The currency of the policies from before it was stored, and of a new version that names none. */
    public static final String DEFAULT_CURRENCY = "EUR";

    public BudgetPolicy {
        Objects.requireNonNull(currency, "currency");
    }

    public enum Outcome { APPROVE, WAIT, REJECT }

    public record Evaluation(Outcome outcome, List<String> reasons) {}

    /**
     * A move of an earlier proposal that was approved automatically (not by a person, not rejected): it counts against
     * the automatic limits of its lines. fromLineAmount is the amount of the line the money left, before the move.
     */
    public record EarlierMove(String proposalId, String fromLineId, String toLineId, double amount,
            double fromLineAmount) {}

    public Evaluation evaluate(BudgetProposal p, String agentStatus) {
        return evaluate(p, agentStatus, List.of());
    }

    /** The proposal alone, then together with the earlier automatic approvals that touched its lines. */
    public Evaluation evaluate(BudgetProposal p, String agentStatus, List<EarlierMove> earlier) {
        if (!"ACTIVE".equals(agentStatus)) {
            return new Evaluation(Outcome.REJECT, List.of("agent " + p.proposedBy() + " is "
                    + (agentStatus == null ? "not registered" : agentStatus) + ", not ACTIVE"));
        }
        List<String> reasons = new ArrayList<>();
        List<BudgetProposal.Move> moves = p.moves() == null ? List.of() : p.moves();
        // the proposal's amounts are in its currency; without one (an older agent), in the policy's
        String amountsIn = p.currency() == null ? currency : p.currency();
        // amounts in another currency are not compared with the limit: a person decides
        boolean otherCurrency = !currency.equals(amountsIn);
        if (otherCurrency) {
            reasons.add("the proposal's amounts are in " + amountsIn + "; the automatic limits are in " + currency
                    + ": a person decides");
        }
        boolean amountOver = !otherCurrency && p.totalAmount() > maxAutoAmount;
        Set<String> shareOver = new HashSet<>();
        if (amountOver) {
            reasons.add("amount " + money(amountsIn, p.totalAmount()) + " exceeds the automatic limit "
                    + money(currency, maxAutoAmount));
        }
        for (BudgetProposal.Move m : moves) {
            double share = m.fromLineAmount() <= 0 ? Double.POSITIVE_INFINITY : m.amount() / m.fromLineAmount();
            if (share > maxShareOfLine) {
                shareOver.add(m.fromLineId());
                reasons.add(Double.isFinite(share)
                        ? "moves " + Amounts.percent(share) + " out of line " + m.fromLineId() + " (limit "
                                + Amounts.percent(maxShareOfLine) + ")"
                        : "moves " + money(amountsIn, m.amount()) + " out of line " + m.fromLineId()
                                + ", which has no amount (limit " + Amounts.percent(maxShareOfLine) + ")");
            }
        }
        reasons.addAll(cumulative(moves, earlier == null ? List.of() : earlier, amountsIn, otherCurrency || amountOver,
                shareOver));
        if (requireNonNegativeGain) {
            if (p.newProjectedReturn() < p.currentProjectedReturn()) {
                reasons.add("the projected return falls from " + Amounts.ratio(p.currentProjectedReturn()) + " to "
                        + Amounts.ratio(p.newProjectedReturn()));
            }
            if (p.projectedGain() < 0) {
                reasons.add("the projected gain is negative (" + money(amountsIn, p.projectedGain()) + ")");
            }
        }
        return reasons.isEmpty() ? new Evaluation(Outcome.APPROVE, List.of("within policy v" + version))
                : new Evaluation(Outcome.WAIT, reasons);
    }

    /**
     * The limits over this proposal and the earlier automatic approvals, line by line: the amount moved out of or into
     * the line, and the share moved out of it (of the largest amount the line had before any of these moves). A limit
     * this proposal breaks on its own is reported once, above, not again here; nor is the amount limit checked when
     * the amounts are in another currency than the limit (skipAmountLimit covers both). The lines' amounts are in
     * {@code amountsIn}.
     */
    private List<String> cumulative(List<BudgetProposal.Move> moves, List<EarlierMove> earlier, String amountsIn,
            boolean skipAmountLimit, Set<String> shareOver) {
        Set<String> lines = new LinkedHashSet<>();
        for (BudgetProposal.Move m : moves) {
            lines.add(m.fromLineId());
            lines.add(m.toLineId());
        }
        lines.remove(null);
        List<String> reasons = new ArrayList<>();
        for (String line : lines) {
            List<EarlierMove> before = earlier.stream()
                    .filter(e -> line.equals(e.fromLineId()) || line.equals(e.toLineId())).toList();
            if (before.isEmpty()) {
                continue;
            }
            long approvals = before.stream().map(EarlierMove::proposalId).distinct().count();
            String with = "with " + approvals + " earlier automatic approval" + (approvals == 1 ? "" : "s")
                    + " on line " + line + ", ";
            double through = 0;
            double out = 0;
            double base = 0;
            for (EarlierMove e : before) {
                through += e.amount();
                if (line.equals(e.fromLineId())) {
                    out += e.amount();
                    base = Math.max(base, e.fromLineAmount());
                }
            }
            for (BudgetProposal.Move m : moves) {
                if (line.equals(m.fromLineId()) || line.equals(m.toLineId())) {
                    through += m.amount();
                }
                if (line.equals(m.fromLineId())) {
                    out += m.amount();
                    base = Math.max(base, m.fromLineAmount());
                }
            }
            if (!skipAmountLimit && through > maxAutoAmount) {
                reasons.add(with + money(amountsIn, through) + " would move out of or into " + line
                        + " without a person deciding (automatic limit " + money(currency, maxAutoAmount) + ")");
            }
            double share = base <= 0 ? Double.POSITIVE_INFINITY : out / base;
            if (out > 0 && !shareOver.contains(line) && share > maxShareOfLine) {
                reasons.add(with + money(amountsIn, out) + " of " + line + "'s " + money(amountsIn, base) + " ("
                        + Amounts.percent(share) + ") would move out of it without a person deciding (limit "
                        + Amounts.percent(maxShareOfLine) + ")");
            }
        }
        return reasons;
    }

    /** An amount as quoted in a reason, with its currency: "EUR 50,000". */
    private static String money(String currency, double amount) {
        return currency + " " + Amounts.money(amount);
    }
}
