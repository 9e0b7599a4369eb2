package dev.compass.agent.llm;

import dev.compass.agent.domain.Money;
import dev.compass.agent.persistence.BudgetLineRow;
import dev.compass.agent.persistence.ConversationRow;
import dev.compass.agent.persistence.MixModels;
import dev.langchain4j.agent.tool.Tool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The tools the language model may call: every number it may write comes from one of them. */
@ApplicationScoped
public class AgentTools {
    @Inject
    MixModels mixModels;

    @Tool("The figures the agents' code computed for the message being written: amounts, projected revenue, intervals")
    public String messageFacts() {
        PhrasingContext c = PhrasingContext.current();
        return c.record("messageFacts", c.facts);
    }

    @Tool("The latest marketing-mix model of the brand and market: ROI and marginal ROI per channel")
    public String mixModel() {
        PhrasingContext c = PhrasingContext.current();
        String result = mixModels.latest(c.brand, c.market).map(m -> m.channels().stream()
                .map(ch -> String.format(Locale.ROOT, "%s roi %.2f marginal roi %.2f weekly spend %s", ch.channel(),
                        ch.roi(), ch.mroi(), Money.format(ch.weeklySpend())))
                .collect(Collectors.joining("; "))).orElse("no mix model");
        return c.record("mixModel", result);
    }

    @Tool("The budget lines of the brand and market in the conversation's budget period: amount, committed part and minimum")
    public String budgetLines() {
        PhrasingContext c = PhrasingContext.current();
        // the lines the finance agent reads: of the conversation's period only, brand, market and period compared
        // regardless of case (a conversation that names no period had no lines when it started: whatever came since)
        List<BudgetLineRow> lines = c.period != null ? BudgetLineRow.ofPeriod(c.brand, c.market, c.period)
                : BudgetLineRow.list("lower(brand) = lower(?1) and lower(market) = lower(?2) order by period, channel,"
                        + " id", c.brand, c.market);
        String result = lines.stream().map(l -> String.format(Locale.ROOT, "%s %s amount %s committed %s minimum %s", l.channel,
                        l.period, Money.format(l.amount), Money.format(l.committed), Money.format(l.minimum)))
                .collect(Collectors.joining("; "));
        return c.record("budgetLines", result.isEmpty() ? "no budget lines" : result);
    }

    @Tool("The evidence the insight service gave for this conversation")
    public String evidence() {
        PhrasingContext c = PhrasingContext.current();
        ConversationRow row = ConversationRow.findById(c.conversationId);
        return c.record("evidence", row == null || row.evidence == null ? "no evidence received" : row.evidence);
    }
}
