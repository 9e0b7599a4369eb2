package dev.compass.agent.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.agent.config.AgentConfig;
import dev.compass.agent.domain.ChannelView;
import dev.compass.agent.domain.CutOptimizer;
import dev.compass.agent.domain.InvestmentSizer;
import dev.compass.agent.domain.Json;
import dev.compass.agent.domain.Money;
import dev.compass.agent.domain.Opportunity;
import dev.compass.agent.persistence.BudgetLineHistoryRow;
import dev.compass.agent.persistence.BudgetCurrency;
import dev.compass.agent.persistence.BudgetLineRow;
import dev.compass.agent.persistence.ConversationRow;
import dev.compass.agent.persistence.MixModels;
import dev.compass.agent.persistence.Registry;
import dev.compass.contracts.EventType;
import dev.compass.contracts.events.AgentMessage;
import dev.compass.contracts.events.BudgetProposal;
import dev.compass.contracts.events.GovernanceDecision;
import dev.compass.contracts.events.LedgerEvent;
import dev.compass.contracts.events.MixModelEvent;
import dev.compass.kit.events.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The finance agent: keeps the budget ledger, funds a request by cutting the lines whose loss of projected revenue
 * is smallest (an exact convex optimisation, {@link CutOptimizer}), PROPOSEs or COUNTERs, turns an accepted offer
 * into a budget proposal for governance, and applies an approved proposal to the ledger exactly once.
 */
@ApplicationScoped
public class FinanceAgent {
    @Inject
    AgentConfig config;
    @Inject
    Registry registry;
    @Inject
    MixModels mixModels;
    @Inject
    EventPublisher events;
    @Inject
    Dialogue dialogue;
    @Inject
    Conversations conversations;

    private final CutOptimizer optimizer = new CutOptimizer();

    @Transactional(Transactional.TxType.MANDATORY)
    public void onRequest(ConversationRow c, AgentMessage request) {
        if (!Conversations.REQUESTED.equals(c.step)) {
            return;
        }
        String me = config.financeId();
        Optional<String> inactive = registry.whyInactive(me);
        if (inactive.isPresent()) {
            conversations.fail(c, me, inactive.get(), request.messageId());
            return;
        }
        Optional<MixModelEvent> model = mixModels.latest(c.brand, c.market);
        if (model.isEmpty()) {
            conversations.fail(c, me, "no mix model for " + c.brand + " in " + c.market, request.messageId());
            return;
        }
        JsonNode req = request.data();
        String target = req.path("channel").asText();
        double amount = req.path("amount").asDouble();
        // a budget line names its channel as the plan does, the model as its data set does: matched regardless of case
        Map<String, ChannelView> views = new LinkedHashMap<>();
        mixModels.channelsNow(model.get(), Instant.now()).forEach(v -> views.put(v.channel().toLowerCase(Locale.ROOT), v));
        ChannelView targetView = views.get(target.toLowerCase(Locale.ROOT));
        if (targetView == null) {
            conversations.fail(c, me, "the mix model has no curve for " + target, request.messageId());
            return;
        }
        // a budget period is a pot of money of its own: only the lines of the conversation's period are cut or funded
        Optional<String> unnamed = settlePeriod(c);
        if (unnamed.isPresent()) {
            conversations.fail(c, me, unnamed.get(), request.messageId());
            return;
        }
        String period = c.period;
        List<BudgetLineRow> lines = period == null ? List.of() : BudgetLineRow.ofPeriod(c.brand, c.market, period);
        // one item per channel (lines of a channel share its curve); lines of channels without a curve are not cut
        Map<String, List<BudgetLineRow>> byChannel = new LinkedHashMap<>();
        for (BudgetLineRow l : lines) {
            ChannelView v = views.get(l.channel.toLowerCase(Locale.ROOT));
            if (!l.channel.equalsIgnoreCase(target) && v != null && l.releasable() > 0) {
                byChannel.computeIfAbsent(v.channel(), k -> new ArrayList<>()).add(l);
            }
        }
        List<CutOptimizer.Item> items = new ArrayList<>();
        byChannel.forEach((channel, ls) -> {
            ChannelView v = views.get(channel.toLowerCase(Locale.ROOT));
            items.add(new CutOptimizer.Item(channel, v.expected(), v.weeklySpend(),
                    ls.stream().mapToDouble(BudgetLineRow::releasable).sum()));
        });
        CutOptimizer.Result result = optimizer.optimise(items, amount, c.horizonWeeks);

        // the target channel's line of the period; a new line of that period when it has none
        String toLineId = lines.stream().filter(l -> l.channel.equalsIgnoreCase(target)).map(l -> l.id).findFirst()
                .orElseGet(() -> lineId(c.brand, c.market, target, period == null ? "default" : period));
        ArrayNode moves = Json.object().arrayNode();
        ArrayNode ranked = Json.object().arrayNode();
        double funded = 0;
        double lost = 0;
        double lostLow = 0;
        double lostHigh = 0;
        // per posterior draw (draw b of every channel is one posterior sample), when every channel has the same draws
        int draws = targetView.drawCount();
        for (CutOptimizer.Item item : items) {
            if (views.get(item.id()).drawCount() != draws) draws = 0;
        }
        double[] lostPerDraw = new double[draws];
        for (int i = 0; i < items.size(); i++) {
            CutOptimizer.Item item = items.get(i);
            ChannelView v = views.get(item.id());
            List<BudgetLineRow> ls = byChannel.get(item.id());
            List<Double> shares = CutOptimizer.split(result.cuts()[i], ls.stream().map(BudgetLineRow::releasable).toList());
            double channelCut = 0;
            for (int j = 0; j < ls.size(); j++) {
                double share = shares.get(j);
                if (share >= 0.01) {
                    moves.add(Json.object().put("fromLineId", ls.get(j).id).put("toLineId", toLineId)
                            .put("fromChannel", item.id()).put("toChannel", target).put("amount", share)
                            .put("fromLineAmount", ls.get(j).amount));
                    channelCut += share;
                }
            }
            double loss = CutOptimizer.loss(item, channelCut, c.horizonWeeks);
            funded += channelCut;
            lost += loss;
            double after = item.weeklySpend() - channelCut / c.horizonWeeks;
            if (draws > 0) {
                double[] lossDraws = v.revenueChangeDraws(after, item.weeklySpend(), c.horizonWeeks);
                for (int b = 0; b < draws; b++) lostPerDraw[b] += lossDraws[b];
            } else {
                double[] lossInterval = v.revenueChangeInterval(after, item.weeklySpend(), c.horizonWeeks);
                lostLow += lossInterval[0];
                lostHigh += lossInterval[1];
            }
            ranked.add(Json.object().put("channel", item.id())
                    .put("marginalRoi", round4(v.marginal(v.weeklySpend())))
                    .put("releasable", Money.round(item.limit())).put("cut", Money.round(channelCut)));
        }
        funded = Money.round(funded);
        if (funded < 0.01) {
            String reason = "no budget line of " + c.brand + " in " + c.market + (period == null ? "" : " for " + period)
                    + " can release money";
            ObjectNode rejected = Json.object().put("fundedAmount", 0.0);
            if (period != null) rejected.put("period", period);
            dialogue.send(c, me, config.commercialId(), "REJECT", "rejected", "The finance agent cannot fund the "
                    + "request: " + reason + ".", "funded amount 0.00", rejected,
                    List.of("ledger", "mix-model"), Map.of("mixModel", MixModels.version(model.get())),
                    request.messageId());
            conversations.close(c, Conversations.REJECTED, reason);
            return;
        }
        Opportunity invest = InvestmentSizer.evaluate(targetView, funded, c.horizonWeeks, config.hurdle(), false);
        // from the rounded amounts it quotes, so that projected revenue - lost revenue = net gain to the cent
        double net = Money.round(Money.round(invest.projectedRevenue()) - Money.round(lost));
        double netLow;
        double netHigh;
        if (draws > 0) {
            // the net gain's interval from the draws: a draw that values the target highly values the cuts highly too
            double[] netPerDraw = targetView.revenueChangeDraws(invest.currentWeeklySpend(), invest.newWeeklySpend(),
                    c.horizonWeeks);
            for (int b = 0; b < draws; b++) netPerDraw[b] -= lostPerDraw[b];
            double[] interval = ChannelView.interval(netPerDraw);
            netLow = Money.round(interval[0]);
            netHigh = Money.round(interval[1]);
        } else {
            netLow = Money.round(invest.projectedRevenueLow() - lostHigh);
            netHigh = Money.round(invest.projectedRevenueHigh() - lostLow);
        }
        double current = 0;
        for (String ch : byChannel.keySet()) current += views.get(ch).revenueChange(0, views.get(ch).weeklySpend(), c.horizonWeeks);
        current += targetView.revenueChange(0, targetView.weeklySpend(), c.horizonWeeks);
        boolean full = funded >= amount - 0.01;
        String performative = full ? "PROPOSE" : "COUNTER";
        ArrayNode sortedRanked = Json.object().arrayNode();
        List<JsonNode> rankedList = new ArrayList<>();
        ranked.forEach(rankedList::add);
        rankedList.sort(Comparator.comparingDouble(n -> n.path("marginalRoi").asDouble()));
        rankedList.forEach(sortedRanked::add);
        ObjectNode offer = Json.object().put("proposalId", UUID.randomUUID().toString());
        if (period != null) offer.put("period", period);
        offer.put("channel", target)
                .put("requestedAmount", amount).put("fundedAmount", funded)
                .put("projectedRevenue", Money.round(invest.projectedRevenue())).put("lostRevenue", Money.round(lost))
                .put("netGain", net).put("netGainLow", netLow).put("netGainHigh", netHigh)
                .put("currentProjectedReturn", Money.round(current))
                .put("newProjectedReturn", Money.round(current + net));
        offer.set("moves", moves);
        offer.set("rankedChannels", sortedRanked);
        c.offer = Json.write(offer);
        String text = String.format(Locale.ROOT, "The finance agent %s %s of %s requested for %s%s, released from the "
                        + "lines with the lowest marginal ROI (%s). Projected revenue lost %s; net projected gain %s "
                        + "(interval %s to %s).", full ? "proposes to fund" : "can fund only", Money.format(funded),
                Money.format(amount), target, period == null ? "" : " in " + period, describe(moves),
                Money.format(lost), Money.format(net),
                Money.format(netLow), Money.format(netHigh));
        String facts = String.format(Locale.ROOT, "requested amount %s; funded amount %s; lost revenue %s; "
                        + "net gain %s; net gain low %s; net gain high %s; cuts %s", Money.format(amount),
                Money.format(funded), Money.format(lost), Money.format(net), Money.format(netLow),
                Money.format(netHigh), describe(moves));
        dialogue.send(c, me, config.commercialId(), performative, "input-required", text, facts, offer,
                List.of("ledger", "mix-model", "cut-optimizer"), Map.of("mixModel", MixModels.version(model.get()),
                        "ledger", "lines:" + lines.size()), request.messageId());
        c.step = Conversations.OFFERED;
    }

    /** The commercial agent accepted: the offer becomes a budget proposal awaiting governance. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onAccept(ConversationRow c, AgentMessage accept) {
        if (!Conversations.ACCEPTED.equals(c.step)) {
            return;
        }
        String me = config.financeId();
        Optional<String> inactive = registry.whyInactive(me);
        if (inactive.isPresent()) {
            conversations.fail(c, me, inactive.get(), accept.messageId());
            return;
        }
        JsonNode offer = Json.tree(c.offer);
        List<BudgetProposal.Move> moves = new ArrayList<>();
        offer.path("moves").forEach(m -> moves.add(new BudgetProposal.Move(m.path("fromLineId").asText(),
                m.path("toLineId").asText(), m.path("fromChannel").asText(), m.path("toChannel").asText(),
                m.path("amount").asDouble(), m.path("fromLineAmount").asDouble())));
        String proposalId = offer.path("proposalId").asText();
        BudgetProposal proposal = new BudgetProposal(proposalId, c.id, c.brand, c.market, c.period,
                BudgetCurrency.of(c.brand, c.market, config.budgetCurrency()), me,
                config.commercialId(), c.startedBy, moves, offer.path("fundedAmount").asDouble(), offer.path("netGain").asDouble(),
                offer.path("netGainLow").asDouble(), offer.path("netGainHigh").asDouble(),
                offer.path("currentProjectedReturn").asDouble(), offer.path("newProjectedReturn").asDouble(),
                String.format(Locale.ROOT, "Move %s into %s%s over %d weeks: net projected gain %s (interval %s to %s).",
                        Money.format(offer.path("fundedAmount").asDouble()), offer.path("channel").asText(),
                        c.period == null ? "" : " within " + c.period, c.horizonWeeks, Money.format(offer.path("netGain").asDouble()),
                        Money.format(offer.path("netGainLow").asDouble()),
                        Money.format(offer.path("netGainHigh").asDouble())),
                c.correlationId, accept.messageId(), Instant.now());
        events.publish(EventType.BUDGET_PROPOSAL, proposalId, proposalId, proposal, c.correlationId,
                accept.messageId());
        c.proposalId = proposalId;
        c.proposal = Json.write(proposal);
        c.status = Conversations.AWAITING_APPROVAL;
        c.step = Conversations.AWAITING_DECISION;
        c.updatedAt = Instant.now();
    }

    /** Who decided and why, as the dialogue states it: "by policy: within policy v1", "by marc.dubois: …". */
    static String decidedHow(GovernanceDecision decision) {
        String by = decision.decidedBy() == null || decision.decidedBy().isBlank() ? "governance" : decision.decidedBy();
        String reason = decision.reason();
        boolean says = reason != null && !reason.isBlank() && !reason.equals("decided by " + by);
        return "by " + by + (says ? ": " + reason : "");
    }

    /** Governance decided: APPROVED applies the moves once; REJECTED or EXPIRED closes the conversation. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onDecision(ConversationRow c, GovernanceDecision decision, String eventId) {
        if (!Conversations.AWAITING_DECISION.equals(c.step)) {
            return;
        }
        c.decision = Json.write(decision);
        String me = config.financeId();
        if (!"APPROVED".equals(decision.decision())) {
            boolean expired = Conversations.EXPIRED.equals(decision.decision());
            String reason = "governance " + decision.decision() + (decision.reason() == null ? "" : ": " + decision.reason());
            dialogue.send(c, me, config.commercialId(), "INFORM", "rejected", // A2A has no "expired"
                    "The proposal was not applied: " + reason + ".", "decision " + decision.decision(),
                    Json.object().put("decision", decision.decision()).put("proposalId", decision.proposalId()),
                    List.of("governance"), Map.of(), decision.decisionId());
            conversations.close(c, expired ? Conversations.EXPIRED : Conversations.REJECTED, reason);
            return;
        }
        Optional<String> inactive = registry.whyInactive(me);
        if (inactive.isPresent()) {
            conversations.fail(c, me, inactive.get(), decision.decisionId());
            return;
        }
        BudgetProposal proposal = Json.read(c.proposal, BudgetProposal.class);
        Map<String, Double> delta = new LinkedHashMap<>();
        for (BudgetProposal.Move m : proposal.moves()) {
            delta.merge(m.fromLineId(), -m.amount(), Double::sum);
            delta.merge(m.toLineId(), m.amount(), Double::sum);
        }
        Map<String, BudgetLineRow> locked = new LinkedHashMap<>();
        for (String id : delta.keySet().stream().sorted().toList()) {
            BudgetLineRow line = BudgetLineRow.findById(id, LockModeType.PESSIMISTIC_WRITE);
            if (line == null && delta.get(id) < 0) {
                conversations.fail(c, me, "budget line " + id + " no longer exists", decision.decisionId());
                return;
            }
            if (line != null && delta.get(id) < 0 && line.releasable() + 0.005 < -delta.get(id)) {
                conversations.fail(c, me, "budget line " + id + " can no longer release "
                        + Money.format(-delta.get(id)), decision.decisionId());
                return;
            }
            locked.put(id, line);
        }
        // the moves stay within the conversation's period (a conversation started before periods were named: the
        // period of the lines it cuts); a line the money goes to that does not exist yet is created in it
        String period = c.period != null ? c.period
                : locked.values().stream().filter(l -> l != null).map(l -> l.period).findFirst().orElse("default");
        for (BudgetLineRow line : locked.values()) {
            if (line != null && !line.period.equalsIgnoreCase(period)) {
                conversations.fail(c, me, "budget line " + line.id + " is of period " + line.period + ", not "
                        + period, decision.decisionId());
                return;
            }
        }
        List<String> entries = new ArrayList<>();
        String currency = BudgetCurrency.of(c.brand, c.market, config.budgetCurrency());
        for (Map.Entry<String, Double> e : delta.entrySet()) {
            BudgetLineRow line = locked.get(e.getKey());
            if (line == null) {
                // the line the money goes to is new: created as a plan import creates one, so that an import of the
                // same line at the same moment, or a line of that channel under another id, is used, not a 500
                String channel = proposal.moves().stream().filter(m -> m.toLineId().equals(e.getKey())).findFirst()
                        .map(BudgetProposal.Move::toChannel).orElse("unknown");
                line = BudgetLineRow.lockOrCreate(e.getKey(), c.brand, c.market, channel, period, true).line();
            }
            double previous = line.amount;
            line.amount = Money.round(previous + e.getValue());
            line.updatedAt = Instant.now();
            BudgetLineHistoryRow h = new BudgetLineHistoryRow();
            h.lineId = line.id;
            h.kind = "REALLOCATION";
            h.proposalId = proposal.proposalId();
            h.previousAmount = previous;
            h.newAmount = line.amount;
            h.delta = Money.round(line.amount - previous);
            h.actor = me;
            h.at = Instant.now();
            h.persist();
            events.publish(EventType.LEDGER_ENTRY, line.id, line.id, new LedgerEvent(UUID.randomUUID().toString(),
                    line.id, proposal.proposalId(), line.brand, line.market, line.channel, line.period, currency,
                    previous, line.amount, h.delta, c.correlationId, eventId, Instant.now()), c.correlationId, eventId);
            entries.add(line.id);
        }
        dialogue.send(c, me, config.commercialId(), "INFORM", "completed", String.format(Locale.ROOT,
                "Governance approved proposal %s (%s); the finance agent applied %s %s to %d budget lines.",
                proposal.proposalId(), decidedHow(decision), currency, Money.format(proposal.totalAmount()),
                entries.size()),
                "total amount " + currency + " " + Money.format(proposal.totalAmount()) + "; lines " + entries.size(),
                Json.object().put("proposalId", proposal.proposalId()).put("currency", currency)
                        .set("lines", Json.tree(entries)),
                List.of("ledger"), Map.of(), decision.decisionId());
        conversations.close(c, Conversations.COMPLETED, null);
    }

    /**
     * Names the conversation's period when it has none (one started before periods were named, or before the brand x
     * market had lines): the only period of the lines, if they have one. Why it cannot go on when they have several.
     */
    private static Optional<String> settlePeriod(ConversationRow c) {
        if (c.period != null) {
            return Optional.empty();
        }
        List<String> periods = BudgetLineRow.periodsOf(c.brand, c.market);
        if (periods.size() == 1) {
            c.period = periods.get(0);
        }
        return periods.size() <= 1 ? Optional.empty() : Optional.of("the budget of " + c.brand + " in " + c.market
                + " has lines for " + String.join(", ", periods) + " and the conversation names no period");
    }

    public static String lineId(String brand, String market, String channel, String period) {
        return (brand + ":" + market + ":" + channel + ":" + period).toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    private static String describe(ArrayNode moves) {
        List<String> parts = new ArrayList<>();
        moves.forEach(m -> parts.add(m.path("fromChannel").asText() + " " + Money.format(m.path("amount").asDouble())));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static double round4(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
