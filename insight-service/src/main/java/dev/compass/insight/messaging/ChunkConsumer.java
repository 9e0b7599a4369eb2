package dev.compass.insight.messaging;

import dev.compass.contracts.EventType;
import dev.compass.contracts.events.ChunkEvent;
import dev.compass.insight.domain.IndexEvents;
import dev.compass.insight.persistence.ChunkStore;
import dev.compass.kit.events.EventDecoder;
import dev.compass.kit.events.IncomingEvent;
import dev.compass.kit.events.PoisonMessageException;
import dev.compass.kit.events.ProcessedEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Records chunks of {@code ingestion.chunks.v1} (once per event id); the {@code Indexer} embeds and indexes them
 * in batches after the commit. A record that is not a valid chunk event goes to the dead-letter topic.
 */
@ApplicationScoped
public class ChunkConsumer {
    static final String CONSUMER = "insight-chunks";

    @Inject
    ChunkStore store;
    @Inject
    ProcessedEvents processed;
    @Inject
    Event<IndexEvents.ChunksRecorded> recorded;

    @Incoming("chunks")
    @Blocking
    @Transactional
    public void consume(ConsumerRecord<String, byte[]> record) {
        IncomingEvent<ChunkEvent> event = EventDecoder.decode(record, EventType.CHUNK, ChunkEvent.class);
        ChunkEvent chunk = event.payload();
        if (chunk.ordinal() < 0 || chunk.totalChunks() < 1 || chunk.ordinal() >= chunk.totalChunks()) {
            throw new PoisonMessageException("chunk " + chunk.chunkId() + " has ordinal " + chunk.ordinal() + " of "
                    + chunk.totalChunks());
        }
        if (!processed.firstDelivery(CONSUMER, event.id())) {
            return;
        }
        if (store.upsert(chunk)) {
            recorded.fire(new IndexEvents.ChunksRecorded());
        }
    }
}
