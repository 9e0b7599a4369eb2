package dev.compass.agent.persistence;

import dev.compass.agent.domain.ChannelView;
import dev.compass.agent.domain.Json;
import dev.compass.agent.domain.MixModelEvents;
import dev.compass.contracts.events.MixModelEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The latest mix model per brand and market. */
@ApplicationScoped
public class MixModels {

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

    public Optional<MixModelEvent> latest(String brand, String market) {
        MixModelRow row = MixModelRow.findById(new MixModelRow.Key(brand, market));
        return row == null ? Optional.empty() : Optional.of(Json.read(row.payload, MixModelEvent.class));
    }

    /** The channels whose curves can be rebuilt. */
    public static List<ChannelView> channels(MixModelEvent model) {
        return model.channels().stream().filter(MixModelEvents::rebuildable)
                .map(c -> new ChannelView(MixModelEvents.toCurve(c), MixModelEvents.draws(c), c.roi(), c.roiLow(),
                        c.roiHigh())).toList();
    }

    public static String version(MixModelEvent model) {
        return model.modelId() + "@v" + model.version();
    }
}
