package dev.compass.agent.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.agent.config.AgentConfig;
import dev.compass.agent.domain.ChannelView;
import dev.compass.agent.domain.InvestmentSizer;
import dev.compass.agent.domain.Json;
import dev.compass.agent.domain.Money;
import dev.compass.agent.domain.Opportunity;
import dev.compass.agent.persistence.ConversationRow;
import dev.compass.agent.persistence.MixModels;
import dev.compass.agent.persistence.Registry;
import dev.compass.contracts.EventType;
import dev.compass.contracts.events.AgentMessage;
import dev.compass.contracts.events.AnswerEvent;
import dev.compass.contracts.events.MixModelEvent;
import dev.compass.contracts.events.QuestionEvent;
import dev.compass.kit.events.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The commercial agent: finds the channel whose marginal ROI beats the hurdle with headroom, sizes the investment,
 * asks the insight service for evidence, sends the funding REQUEST, and accepts an offer only if its net projected
 * gain is positive.
 */
@ApplicationScoped
public class CommercialAgent {
    private static final Logger LOG = Logger.getLogger(CommercialAgent.class);

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

    private final InvestmentSizer sizer = new InvestmentSizer();

    /** Plans the investment and asks for evidence; the REQUEST follows the answer or the evidence timeout. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void start(ConversationRow c, List<String> groups) {
        String me = config.commercialId();
        Optional<String> inactive = registry.whyInactive(me);
        if (inactive.isPresent()) {
            conversations.fail(c, me, inactive.get(), null);
            return;
        }
        Optional<MixModelEvent> model = mixModels.latest(c.brand, c.market);
        if (model.isEmpty()) {
            conversations.fail(c, me, "no mix model for " + c.brand + " in " + c.market, null);
            return;
        }
        Optional<Opportunity> found = sizer.size(mixModels.channelsNow(model.get(), Instant.now()), config.hurdle(),
                config.maxSpendMultiple(), c.requestedAmount, c.horizonWeeks);
        if (found.isEmpty()) {
            conversations.fail(c, me, String.format(Locale.ROOT,
                    "no channel has a marginal ROI above the hurdle %.2f with headroom", config.hurdle()), null);
            return;
        }
        Opportunity o = found.get();
        ObjectNode plan = (ObjectNode) Json.tree(o);
        plan.put("modelVersion", MixModels.version(model.get()));
        c.opportunity = Json.write(plan);
        c.questionId = UUID.randomUUID().toString();
        c.step = Conversations.AWAITING_EVIDENCE;
        c.evidenceDeadline = Instant.now().plus(config.evidenceTimeout());
        events.publish(EventType.QUESTION, c.id, c.id, new QuestionEvent(c.questionId, c.id, me,
                String.format("What evidence supports investing more in %s for %s in %s? Objective: %s", o.channel(),
                        c.brand, marketName(c.market), c.objective),
                Map.of("brand", c.brand, "market", c.market, "channel", o.channel()), groups, c.correlationId, null,
                Instant.now()), c.correlationId, null);
    }

    /**
     * A market as the studies name it: "France (FR)" for an ISO country code, so that the question's words meet the
     * documents' ("FR" alone matches nothing in "cardiologists in France"); any other market as it is.
     */
    static String marketName(String market) {
        if (market == null || !market.matches("[A-Za-z]{2}")) return market;
        String code = market.toUpperCase(Locale.ROOT);
        String name = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
        return name.isBlank() || name.equalsIgnoreCase(code) ? market : name + " (" + code + ")";
    }

    /** The insight service answered: proceed with the evidence on the record. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onAnswer(ConversationRow c, AnswerEvent answer) {
        if (!Conversations.AWAITING_EVIDENCE.equals(c.step) || !answer.questionId().equals(c.questionId)) {
            LOG.debugf("answer %s arrives after conversation %s moved on", answer.answerId(), c.id);
            return;
        }
        ObjectNode evidence = Json.object().put("status", "received").put("answerId", answer.answerId())
                .put("answer", answer.answer()).put("grounded", answer.grounded())
                .put("confidence", answer.confidence());
        evidence.set("citations", Json.tree(answer.citations() == null ? List.of() : answer.citations()));
        c.evidence = Json.write(evidence);
        request(c, answer.answerId());
    }

    /** No answer in time: proceed and say so. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onEvidenceTimeout(ConversationRow c) {
        if (!Conversations.AWAITING_EVIDENCE.equals(c.step)) {
            return;
        }
        c.evidence = Json.write(Json.object().put("status", "none").put("note", "no evidence received within "
                + config.evidenceTimeout().toMillis() + " ms"));
        request(c, null);
    }

    private void request(ConversationRow c, String causationId) {
        String me = config.commercialId();
        Optional<String> inactive = registry.whyInactive(me);
        if (inactive.isPresent()) {
            conversations.fail(c, me, inactive.get(), causationId);
            return;
        }
        JsonNode plan = Json.tree(c.opportunity);
        JsonNode evidence = Json.tree(c.evidence);
        ObjectNode data = Json.object().put("brand", c.brand).put("market", c.market);
        if (c.period != null) data.put("period", c.period);
        data.setAll((ObjectNode) plan.deepCopy());
        data.set("evidence", evidence);
        String evidenceText = "received".equals(evidence.path("status").asText())
                ? "Evidence: " + abbreviate(evidence.path("answer").asText(), 300) + " ("
                        + evidence.path("citations").size() + " citations)."
                : "No evidence received.";
        String text = String.format(Locale.ROOT,
                "The commercial agent requests %s over %d weeks for %s in %s/%s%s: its marginal ROI %.2f is above the "
                        + "hurdle %.2f. Projected incremental revenue %s (interval %s to %s). %s",
                Money.format(plan.path("amount").asDouble()), c.horizonWeeks, plan.path("channel").asText(), c.brand,
                c.market, c.period == null ? "" : ", budget period " + c.period, plan.path("marginalRoiNow").asDouble(), plan.path("hurdle").asDouble(),
                Money.format(plan.path("projectedRevenue").asDouble()),
                Money.format(plan.path("projectedRevenueLow").asDouble()),
                Money.format(plan.path("projectedRevenueHigh").asDouble()), evidenceText);
        String facts = String.format(Locale.ROOT,
                "requested amount %s; horizon weeks %d; channel %s; marginal roi %.2f; hurdle %.2f; "
                        + "projected revenue %s; low %s; high %s",
                Money.format(plan.path("amount").asDouble()), c.horizonWeeks, plan.path("channel").asText(),
                plan.path("marginalRoiNow").asDouble(), plan.path("hurdle").asDouble(),
                Money.format(plan.path("projectedRevenue").asDouble()),
                Money.format(plan.path("projectedRevenueLow").asDouble()),
                Money.format(plan.path("projectedRevenueHigh").asDouble()));
        Map<String, String> versions = new java.util.LinkedHashMap<>();
        versions.put("mixModel", plan.path("modelVersion").asText());
        versions.put("evidence", evidence.path("answerId").asText("none"));
        dialogue.send(c, me, config.financeId(), "REQUEST", "submitted", text, facts, data,
                List.of("mix-model", "investment-sizer", "evidence"), versions, causationId);
        c.step = Conversations.REQUESTED;
    }

    /** Finance offered (PROPOSE or COUNTER): accept when the net projected gain is positive, reject otherwise. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onOffer(ConversationRow c, AgentMessage offer) {
        if (!Conversations.OFFERED.equals(c.step)) {
            return;
        }
        String me = config.commercialId();
        Optional<String> inactive = registry.whyInactive(me);
        if (inactive.isPresent()) {
            conversations.fail(c, me, inactive.get(), offer.messageId());
            return;
        }
        JsonNode d = offer.data();
        double funded = d.path("fundedAmount").asDouble();
        double lost = d.path("lostRevenue").asDouble();
        JsonNode plan = Json.tree(c.opportunity);
        Optional<ChannelView> channel = mixModels.latest(c.brand, c.market).flatMap(m -> mixModels
                .channelsNow(m, Instant.now())
                .stream().filter(v -> v.channel().equals(plan.path("channel").asText())).findFirst());
        double gain = channel.map(v -> InvestmentSizer.evaluate(v, funded, c.horizonWeeks, config.hurdle(), false)
                .projectedRevenue()).orElse(0.0);
        // from the rounded amounts, as the finance agent computes it: both agents quote the same net gain to the cent
        double net = Money.round(Money.round(gain) - lost);
        ObjectNode data = Json.object();
        if (c.period != null) data.put("period", c.period);
        data.put("fundedAmount", funded).put("projectedRevenue", Money.round(gain))
                .put("lostRevenue", lost).put("netGain", net).put("offerMessageId", offer.messageId());
        String facts = String.format(Locale.ROOT, "funded amount %s; projected revenue %s; lost revenue %s; net gain %s",
                Money.format(funded), Money.format(gain), Money.format(lost), Money.format(net));
        Map<String, String> versions = Map.of("mixModel", plan.path("modelVersion").asText());
        c.offer = Json.write(d);
        if (net > 0) {
            dialogue.send(c, me, config.financeId(), "ACCEPT", "working", String.format(Locale.ROOT,
                    "The commercial agent accepts: %s funded yields %s of projected revenue against %s lost, a net "
                            + "projected gain of %s.", Money.format(funded), Money.format(gain), Money.format(lost),
                    Money.format(net)), facts, data, List.of("mix-model"), versions, offer.messageId());
            c.step = Conversations.ACCEPTED;
        } else {
            String reason = "net projected gain " + Money.format(net) + " is not positive";
            dialogue.send(c, me, config.financeId(), "REJECT", "rejected", String.format(Locale.ROOT,
                    "The commercial agent rejects the offer: %s funded yields %s of projected revenue but loses %s, "
                            + "a net projected gain of %s.", Money.format(funded), Money.format(gain),
                    Money.format(lost), Money.format(net)), facts, data, List.of("mix-model"), versions,
                    offer.messageId());
            conversations.close(c, Conversations.REJECTED, reason);
        }
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
