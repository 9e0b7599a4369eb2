package dev.compass.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * {@code budget.proposals.v1}, key proposalId: a reallocation both agents accepted, awaiting governance. period is the
 * budget period every moved line belongs to (money never moves between periods); absent when the lines have none.
 * currency is the ISO 4217 code every amount is in (the lines of a brand and market share one); absent from agents that
 * predate it, whose amounts are in the budget policy's currency.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BudgetProposal(String proposalId, String conversationId, String brand, String market, String period,
        String currency, String proposedBy, String requestedBy, String startedBy, List<Move> moves, double totalAmount,
        double projectedGain, double projectedGainLow, double projectedGainHigh, double currentProjectedReturn,
        double newProjectedReturn, String rationale, String correlationId, String causationId,
        Instant occurredAt) {

    /** Money moved out of one budget line into another. fromLineAmount is the line's amount before the move. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Move(String fromLineId, String toLineId, String fromChannel, String toChannel, double amount,
            double fromLineAmount) {}
}
