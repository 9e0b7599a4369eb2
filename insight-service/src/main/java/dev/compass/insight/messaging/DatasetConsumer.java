package dev.compass.insight.messaging;

import dev.compass.contracts.EventType;
import dev.compass.contracts.events.DatasetEvent;
import dev.compass.insight.domain.MixModels;
import dev.compass.insight.persistence.MixModelStore;
import dev.compass.kit.events.CountedInFlight;
import dev.compass.kit.events.EventDecoder;
import dev.compass.kit.events.IncomingEvent;
import dev.compass.kit.events.PoisonMessageException;
import dev.compass.kit.events.ProcessedEvents;
import dev.compass.kit.events.RetryTransientFailures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Stores usable data sets of {@code ingestion.datasets.v1} (once per data set id) and fits a mix model from each, on a
 * worker thread. A data set that cannot be modelled is marked FAILED with the reason (it is a valid event, not
 * poison); a data set stored but not yet fitted when the service stopped is fitted at the next start.
 */
@ApplicationScoped
@RetryTransientFailures
@CountedInFlight
public class DatasetConsumer {
    static final String CONSUMER = "insight-datasets";

    @Inject
    MixModels models;
    @Inject
    MixModelStore store;
    @Inject
    ProcessedEvents processed;

    @Incoming("datasets")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        IncomingEvent<DatasetEvent> event = EventDecoder.decode(record, EventType.DATASET, DatasetEvent.class);
        DatasetEvent d = event.payload();
        if (!"USABLE".equals(d.status())) {
            return;
        }
        if (d.rows() == null || d.rows().isEmpty()) {
            throw new PoisonMessageException("data set " + d.datasetId() + " has no rows");
        }
        MixModelStore.DatasetRow row = MixModels.datasetOf(d);
        boolean first = QuarkusTransaction.requiringNew().call(() -> {
            if (!processed.firstDelivery(CONSUMER, event.id())) {
                return false;
            }
            // the same data set announced again under another event id (republished, re-driven): fitted once
            return store.saveDataset(row);
        });
        if (!first) {
            return;
        }
        String correlationId = event.correlationId() != null ? event.correlationId() : event.id();
        try {
            models.fitStoredDataset(d.datasetId(), "ingestion", correlationId, event.id());
        } catch (RuntimeException e) {
            // recorded on the data set by fitStoredDataset; the event itself was fine
        }
    }
}
