package dev.compass.insight.messaging;

import dev.compass.contracts.EventType;
import dev.compass.contracts.events.ChunkEvent;
import dev.compass.insight.domain.IndexEvents;
import dev.compass.insight.persistence.ChunkStore;
import dev.compass.kit.events.CountedInFlight;
import dev.compass.kit.events.DeadLetters;
import dev.compass.kit.events.EventDecoder;
import dev.compass.kit.events.IncomingEvent;
import dev.compass.kit.events.PoisonMessageException;
import dev.compass.kit.events.RetryTransientFailures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Records chunks of {@code ingestion.chunks.v1} once per event id, one transaction per poll; the {@code Indexer}
 * embeds and indexes them in batches after the commit. Batch mode: the method receives the poll's
 * {@link ConsumerRecords} (a {@code List<ConsumerRecord>} parameter would receive the payloads, not the records).
 *
 * <p>A record that is not a valid chunk event goes to the dead-letter topic (with its headers and the reason) and the
 * rest of the batch is recorded. When the batch transaction fails, the records are retried one by one in their own
 * transactions: one that still fails while the database answers is dead-lettered; when the database does not answer,
 * the batch fails instead of dead-lettering good chunks, and is processed again until the database is back
 * ({@link RetryTransientFailures}; nothing is acknowledged meanwhile, nothing is lost).
 */
@ApplicationScoped
@RetryTransientFailures
@CountedInFlight
public class ChunkConsumer {
    private static final Logger LOG = Logger.getLogger(ChunkConsumer.class);
    static final String CONSUMER = "insight-chunks";

    @Inject
    ChunkStore store;
    @Inject
    Event<IndexEvents.ChunksRecorded> recorded;
    @Inject
    @Channel("chunks-dead-letter")
    Emitter<byte[]> deadLetter;

    @Incoming("chunks")
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        List<Map.Entry<String, ChunkEvent>> events = new ArrayList<>(records.count());
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.count());
        List<CompletableFuture<Void>> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                IncomingEvent<ChunkEvent> event = decode(record);
                events.add(Map.entry(event.id(), event.payload()));
                sources.add(record);
            } catch (PoisonMessageException e) {
                LOG.warnf("chunk record dead-lettered: %s", e.getMessage());
                dead.add(DeadLetters.send(deadLetter, record, e));
            }
        }
        try {
            record(events);
        } catch (RuntimeException batchFailure) {
            if (events.size() == 1 || !store.reachable()) {
                retryAlone(events, sources, dead, batchFailure);
            } else {
                LOG.warnf("a batch of %d chunks failed (%s); retrying them one by one", events.size(),
                        batchFailure.toString());
                for (int i = 0; i < events.size(); i++) {
                    try {
                        record(List.of(events.get(i)));
                    } catch (RuntimeException e) {
                        retryAlone(List.of(events.get(i)), List.of(sources.get(i)), dead, e);
                    }
                }
            }
        }
        dead.forEach(CompletableFuture::join);
    }

    /** A record that failed alone: dead-lettered when the database answers (it is the record), else the batch fails. */
    private void retryAlone(List<Map.Entry<String, ChunkEvent>> events, List<ConsumerRecord<String, byte[]>> sources,
            List<CompletableFuture<Void>> dead, RuntimeException failure) {
        if (events.size() != 1 || !store.reachable()) {
            throw failure;
        }
        LOG.errorf(failure, "chunk %s could not be recorded; dead-lettered", events.get(0).getValue().chunkId());
        dead.add(DeadLetters.send(deadLetter, sources.get(0), failure));
    }

    private void record(List<Map.Entry<String, ChunkEvent>> events) {
        if (events.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            if (store.recordAll(CONSUMER, events) > 0) {
                recorded.fire(new IndexEvents.ChunksRecorded()); // wakes the indexer after the commit
            }
        });
    }

    private static IncomingEvent<ChunkEvent> decode(ConsumerRecord<String, byte[]> record) {
        IncomingEvent<ChunkEvent> event = EventDecoder.decode(record, EventType.CHUNK, ChunkEvent.class);
        ChunkEvent chunk = event.payload();
        if (chunk.ordinal() < 0 || chunk.totalChunks() < 1 || chunk.ordinal() >= chunk.totalChunks()) {
            throw new PoisonMessageException("chunk " + chunk.chunkId() + " has ordinal " + chunk.ordinal() + " of "
                    + chunk.totalChunks());
        }
        return event;
    }
}
