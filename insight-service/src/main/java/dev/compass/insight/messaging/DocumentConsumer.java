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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads document lifecycle events: a DELETED document leaves the record and the search index (its chunks can no
 * longer be found, quoted or summarised). RECEIVED, PUBLISHED, QUARANTINED and DUPLICATE need no indexing: only
 * published documents have chunks.
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
        if (!"DELETED".equals(doc.status()) || !processed.firstDelivery(CONSUMER, event.id())) {
            return;
        }
        store.markDeleted(doc.documentId(), doc.title(), doc.groups());
        deleted.fire(new IndexEvents.DocumentDeleted(doc.documentId()));
        LOG.infof("document %s deleted from the index", doc.documentId());
    }
}
