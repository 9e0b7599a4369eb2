package dev.compass.governance.domain;

import dev.compass.contracts.events.BudgetProposal;
import java.util.ArrayList;
import java.util.List;

/**
 * The budget policy: a proposal of an ACTIVE agent is approved automatically when its amount and the share it moves
 * out of each line are under the thresholds and the projected return does not fall; otherwise a finance approver
 * decides. A proposal of an agent that is not ACTIVE is refused.
 */
public record BudgetPolicy(long version, double maxAutoAmount, double maxShareOfLine, boolean requireNonNegativeGain,
        long pendingTtlSeconds) {

    public enum Outcome { APPROVE, WAIT, REJECT }

    public record Evaluation(Outcome outcome, List<String> reasons) {}

    public Evaluation evaluate(BudgetProposal p, String agentStatus) {
        if (!"ACTIVE".equals(agentStatus)) {
            return new Evaluation(Outcome.REJECT, List.of("agent " + p.proposedBy() + " is "
                    + (agentStatus == null ? "not registered" : agentStatus) + ", not ACTIVE"));
        }
        List<String> reasons = new ArrayList<>();
        if (p.totalAmount() > maxAutoAmount) {
            reasons.add("amount " + Amounts.money(p.totalAmount()) + " exceeds the automatic limit "
                    + Amounts.money(maxAutoAmount));
        }
        for (BudgetProposal.Move m : p.moves() == null ? List.<BudgetProposal.Move>of() : p.moves()) {
            double share = m.fromLineAmount() <= 0 ? Double.POSITIVE_INFINITY : m.amount() / m.fromLineAmount();
            if (share > maxShareOfLine) {
                reasons.add(Double.isFinite(share)
                        ? "moves " + Amounts.percent(share) + " out of line " + m.fromLineId() + " (limit "
                                + Amounts.percent(maxShareOfLine) + ")"
                        : "moves " + Amounts.money(m.amount()) + " out of line " + m.fromLineId()
                                + ", which has no amount (limit " + Amounts.percent(maxShareOfLine) + ")");
            }
        }
        if (requireNonNegativeGain) {
            if (p.newProjectedReturn() < p.currentProjectedReturn()) {
                reasons.add("the projected return falls from " + Amounts.ratio(p.currentProjectedReturn()) + " to "
                        + Amounts.ratio(p.newProjectedReturn()));
            }
            if (p.projectedGain() < 0) {
                reasons.add("the projected gain is negative (" + Amounts.money(p.projectedGain()) + ")");
            }
        }
        return reasons.isEmpty() ? new Evaluation(Outcome.APPROVE, List.of("within policy v" + version))
                : new Evaluation(Outcome.WAIT, reasons);
    }
}
