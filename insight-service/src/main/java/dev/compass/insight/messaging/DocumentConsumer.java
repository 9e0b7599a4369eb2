package dev.compass.insight.messaging;

import dev.compass.contracts.EventType;
import dev.compass.contracts.events.DocumentEvent;
import dev.compass.insight.domain.IndexEvents;
import dev.compass.insight.persistence.ChunkStore;
import dev.compass.kit.events.CountedInFlight;
import dev.compass.kit.events.EventDecoder;
import dev.compass.kit.events.IncomingEvent;
import dev.compass.kit.events.ProcessedEvents;
import dev.compass.kit.events.RetryTransientFailures;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads document lifecycle events: a DELETED document leaves the record and the search index (its chunks can no
 * longer be found, quoted or summarised), and so does a document set aside as a DUPLICATE after it was published (a
 * copy that all its readers may read took its place: searches would otherwise find the same text twice). RECEIVED,
 * PUBLISHED and QUARANTINED need no indexing: only published documents have chunks, and they arrive on their own topic.
 */
@ApplicationScoped
@RetryTransientFailures
@CountedInFlight
public class DocumentConsumer {
    private static final Logger LOG = Logger.getLogger(DocumentConsumer.class);
    static final String CONSUMER = "insight-documents";

    @Inject
    ChunkStore store;
    @Inject
    ProcessedEvents processed;
    @Inject
    Event<IndexEvents.DocumentDeleted> deleted;

    @Incoming("documents")
    @Blocking
    @Transactional
    public void consume(ConsumerRecord<String, byte[]> record) {
        IncomingEvent<DocumentEvent> event = EventDecoder.decode(record, EventType.DOCUMENT, DocumentEvent.class);
        DocumentEvent doc = event.payload();
        boolean duplicate = "DUPLICATE".equals(doc.status());
        if ((!duplicate && !"DELETED".equals(doc.status())) || !processed.firstDelivery(CONSUMER, event.id())) {
            return;
        }
        if (duplicate) {
            Instant at = doc.occurredAt() == null ? Instant.now() : doc.occurredAt();
            if (store.markDuplicate(doc.documentId(), doc.duplicateOf(), doc.title(), doc.groups(), at)) {
                deleted.fire(new IndexEvents.DocumentDeleted(doc.documentId()));
                LOG.infof("document %s left the index: a duplicate of %s", doc.documentId(), doc.duplicateOf());
            }
            return;
        }
        store.markDeleted(doc.documentId(), doc.title(), doc.groups());
        deleted.fire(new IndexEvents.DocumentDeleted(doc.documentId()));
        LOG.infof("document %s deleted from the index", doc.documentId());
    }
}
