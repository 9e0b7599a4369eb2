package dev.compass.ingestion.messaging;

import dev.compass.contracts.EventType;
import dev.compass.contracts.events.CrawlWorkItem;
import dev.compass.ingestion.processing.SyncService;
import dev.compass.kit.events.CountedInFlight;
import dev.compass.kit.events.EventDecoder;
import dev.compass.kit.events.IncomingEvent;
import dev.compass.kit.events.RetryTransientFailures;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Crawl work items, one site each, shared by the instances of the {@code ingestion-crawl} consumer group: Kafka
 * assigns each instance some of the topic's partitions, so N instances split the sites, and when an instance dies its
 * partitions, with their uncommitted work items, move to the survivors. The offset is committed only after the site is
 * synchronised; a redelivered item is harmless: a finished site is skipped, an unfinished one resumes from the
 * persisted delta links and item state. Not one transaction: each item commits on its own, so progress is never lost.
 */
@ApplicationScoped
@RetryTransientFailures
@CountedInFlight
public class CrawlWorkConsumer {
    @Inject
    SyncService syncs;

    @Incoming("crawl-work")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        IncomingEvent<CrawlWorkItem> event = EventDecoder.decode(record, EventType.CRAWL_WORK, CrawlWorkItem.class);
        syncs.syncSite(event.payload());
    }
}
