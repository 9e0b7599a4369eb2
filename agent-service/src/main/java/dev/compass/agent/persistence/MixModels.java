package dev.compass.agent.persistence;

import dev.compass.agent.domain.ChannelView;
import dev.compass.agent.domain.Json;
import dev.compass.agent.domain.MixModelEvents;
import dev.compass.contracts.events.BudgetProposal;
import dev.compass.contracts.events.MixModelEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The latest mix model per brand and market. */
@ApplicationScoped
public class MixModels {
    /** The longest horizon a conversation may have (weeks). */
    static final int MAX_HORIZON_WEEKS = 104;

    /** Keeps the model unless a later version of the same brand and market is already stored. */
    public boolean store(MixModelEvent event) {
        MixModelRow row = MixModelRow.findById(new MixModelRow.Key(event.brand(), event.market()));
        if (row != null && row.version > event.version()) {
            return false;
        }
        if (row == null) {
            row = new MixModelRow();
            row.brand = event.brand();
            row.market = event.market();
        }
        row.modelId = event.modelId();
        row.version = event.version();
        row.payload = Json.write(event);
        row.receivedAt = Instant.now();
        row.persist();
        return true;
    }

    /** The model of this brand and market, compared regardless of case (see {@link MixModelRow#latest}). */
    public Optional<MixModelEvent> latest(String brand, String market) {
        return MixModelRow.latest(brand, market).map(row -> Json.read(row.payload, MixModelEvent.class));
    }

    /** The channels whose curves can be rebuilt. */
    public static List<ChannelView> channels(MixModelEvent model) {
        return model.channels().stream().filter(MixModelEvents::rebuildable)
                .map(c -> new ChannelView(MixModelEvents.toCurve(c), MixModelEvents.draws(c), c.roi(), c.roiLow(),
                        c.roiHigh())).toList();
    }

    /**
     * The channels as the agents evaluate them now: {@link #channels} with today's weekly spend moved by every
     * reallocation already applied for this brand and market whose horizon has not ended. A conversation that completed
     * moved {@code amount} over its {@code horizonWeeks} weeks from its approval: {@code amount / horizonWeeks} a week
     * out of each cut channel and into the invested one.
     */
    public List<ChannelView> channelsNow(MixModelEvent model, Instant now) {
        Map<String, Double> weekly = movesInEffect(model.brand(), model.market(), now);
        return channels(model).stream().map(v -> v.withMovesInEffect(weekly.getOrDefault(
                v.channel().toLowerCase(Locale.ROOT), 0.0))).toList();
    }

    /** Weekly spend added (negative: removed) per channel, lower case, by applied moves whose horizon runs at {@code now}. */
    Map<String, Double> movesInEffect(String brand, String market, Instant now) {
        Map<String, Double> weekly = new HashMap<>();
        List<ConversationRow> applied = ConversationRow.list("lower(brand) = lower(?1) and lower(market) = lower(?2)"
                + " and status = ?3 and proposal is not null and updatedAt > ?4", brand, market, "COMPLETED",
                now.minus(Duration.ofDays(7L * MAX_HORIZON_WEEKS)));
        for (ConversationRow c : applied) {
            if (c.horizonWeeks <= 0 || !c.updatedAt.plus(Duration.ofDays(7L * c.horizonWeeks)).isAfter(now)) {
                continue;
            }
            BudgetProposal p = Json.read(c.proposal, BudgetProposal.class);
            for (BudgetProposal.Move m : p.moves()) {
                double perWeek = m.amount() / c.horizonWeeks;
                weekly.merge(m.fromChannel().toLowerCase(Locale.ROOT), -perWeek, Double::sum);
                weekly.merge(m.toChannel().toLowerCase(Locale.ROOT), perWeek, Double::sum);
            }
        }
        return weekly;
    }

    public static String version(MixModelEvent model) {
        return model.modelId() + "@v" + model.version();
    }
}
