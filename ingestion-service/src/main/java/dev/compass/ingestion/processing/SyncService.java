package dev.compass.ingestion.processing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.EventType;
import dev.compass.contracts.events.CrawlWorkItem;
import dev.compass.documents.dedupe.DuplicateDetector;
import dev.compass.ingestion.config.IngestionConfig;
import dev.compass.ingestion.connectors.FilesystemConnector;
import dev.compass.ingestion.connectors.GraphClient;
import dev.compass.ingestion.connectors.ItemSink;
import dev.compass.ingestion.connectors.SharePointConnector;
import dev.compass.ingestion.persistence.Ids;
import dev.compass.ingestion.persistence.SyncStore;
import dev.compass.kit.events.EventPublisher;
import dev.compass.kit.observability.Correlation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Synchronisation of sources: a sync enumerates the source's sites (streaming, a page per transaction) and publishes
 * one crawl work item per site on {@code ingestion.crawl-work.v1}; the instances of the consumer group share them
 * ({@link dev.compass.ingestion.messaging.CrawlWorkConsumer}), each site synchronised item by item.
 */
@ApplicationScoped
public class SyncService {
    private static final Logger LOG = Logger.getLogger(SyncService.class);
    private static final int SITES_PER_TRANSACTION = 500;

    @Inject
    SyncStore store;
    @Inject
    EventPublisher events;
    @Inject
    DocumentService documents;
    @Inject
    IngestionConfig config;

    private final ExecutorService enumerator = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sync-enumerator");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, GraphClient> graphClients = new ConcurrentHashMap<>();

    void onStart(@Observes StartupEvent event) {
        // a sync whose site enumeration was cut short by a crash carries on (sites already published are skipped)
        for (SyncStore.SyncRecord s : store.unfinishedEnumerations()) {
            enumerator.submit(() -> enumerate(s.id(), s.sourceId(), s.fullResync()));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        enumerator.shutdownNow();
    }

    /** A source already has a running sync; only one runs per source. */
    public static final class AlreadyRunning extends RuntimeException {
        private final String syncId;

        AlreadyRunning(String syncId) {
            super("sync " + syncId + " is running");
            this.syncId = syncId;
        }

        public String syncId() {
            return syncId;
        }
    }

    /**
     * Starts a sync: returns its id at once; sites are enumerated in the background.
     *
     * @throws AlreadyRunning when the source has a running sync (two would crawl the same sites at once)
     */
    public String start(String sourceId, boolean fullResync) {
        String id = Ids.next();
        if (!QuarkusTransaction.requiringNew().call(() -> store.insertSync(id, sourceId, fullResync))) {
            // the running one may finish between the insert and this look-up: then say so rather than name nothing
            throw new AlreadyRunning(store.runningSync(sourceId).orElse("(just finished; start again)"));
        }
        String correlation = Correlation.current();
        enumerator.submit(() -> {
            org.jboss.logging.MDC.put("correlationId", correlation);
            enumerate(id, sourceId, fullResync);
        });
        return id;
    }

    void enumerate(String syncId, String sourceId, boolean fullResync) {
        try {
            SyncStore.SourceRecord source = store.source(sourceId).orElseThrow();
            List<String[]> batch = new ArrayList<>();
            forEachSite(source, (siteId, name) -> {
                batch.add(new String[] {siteId, name});
                if (batch.size() == SITES_PER_TRANSACTION) {
                    publishSites(syncId, source, fullResync, batch, false);
                    batch.clear();
                }
            });
            publishSites(syncId, source, fullResync, batch, true);
            QuarkusTransaction.requiringNew().run(() -> store.completeIfDone(syncId));
        } catch (ItemSink.Cancelled e) {
            LOG.infof("sync %s: cancelled during site enumeration", syncId);
        } catch (RuntimeException e) {
            LOG.warnf("sync %s: site enumeration failed: %s", syncId, e.toString());
            QuarkusTransaction.requiringNew().run(() -> store.failSync(syncId, "site enumeration failed: " + e.getMessage()));
        }
    }

    private void publishSites(String syncId, SyncStore.SourceRecord source, boolean fullResync, List<String[]> sites,
            boolean last) {
        String correlation = Correlation.current();
        QuarkusTransaction.requiringNew().run(() -> {
            if (!store.syncStatus(syncId).orElse("").equals("RUNNING")) {
                throw new ItemSink.Cancelled(syncId);
            }
            for (String[] site : sites) {
                if (store.addSite(syncId, site[0], site[1])) {
                    events.publish(EventType.CRAWL_WORK, site[0], site[0], new CrawlWorkItem(Ids.next(), source.id(),
                            syncId, source.type(), site[0], fullResync, correlation, null, Instant.now()),
                            correlation, null);
                }
            }
            store.sitesEnumerated(syncId, last);
        });
    }

    private void forEachSite(SyncStore.SourceRecord source, java.util.function.BiConsumer<String, String> sink) {
        switch (source.type()) {
            case "filesystem" -> filesystem(source).sites(sink);
            case "sharepoint" -> new SharePointConnector(source.config(), graph(source), config.maxBytes()).sites(sink);
            default -> throw new IllegalStateException("unknown source type " + source.type());
        }
    }

    /** Synchronises one site of a sync (a crawl work item); safe to repeat (idempotent, resumable). */
    public void syncSite(CrawlWorkItem work) {
        SyncStore.SourceRecord source = store.source(work.sourceId()).orElse(null);
        if (source == null) {
            LOG.warnf("crawl work %s for unknown source %s ignored", work.workId(), work.sourceId());
            return;
        }
        SyncStore.SiteState state = store.site(work.syncId(), work.siteId()).orElse(null);
        if (state == null || state.status().equals("DONE") || state.status().equals("FAILED")
                || state.status().equals("CANCELLED")) {
            return; // unknown to this sync, finished before a redelivery, or cancelled
        }
        if (!store.syncStatus(work.syncId()).orElse("").equals("RUNNING")) {
            return; // the sync was cancelled (or failed) while this site waited
        }
        QuarkusTransaction.requiringNew().run(() -> store.startSite(work.syncId(), work.siteId()));
        Sink sink = new Sink(source.id(), work.syncId(), work.siteId());
        try {
            switch (source.type()) {
                case "filesystem" -> filesystem(source).syncSite(work.siteId(), work.syncId(), sink);
                case "sharepoint" -> new SharePointConnector(source.config(), graph(source), config.maxBytes())
                        .syncSite(work.siteId(), state.siteName(), work.fullResync(), sink);
                default -> throw new IllegalStateException("unknown source type " + source.type());
            }
            QuarkusTransaction.requiringNew().run(() -> store.finishSite(work.syncId(), work.siteId(), "DONE", null));
        } catch (ItemSink.Cancelled e) {
            LOG.infof("sync %s site %s: stopped, the sync was cancelled", work.syncId(), work.siteId());
            QuarkusTransaction.requiringNew().run(() -> store.finishSite(work.syncId(), work.siteId(), "CANCELLED",
                    null));
        } catch (RuntimeException e) {
            LOG.warnf("sync %s site %s failed: %s", work.syncId(), work.siteId(), e.toString());
            QuarkusTransaction.requiringNew().run(() -> store.finishSite(work.syncId(), work.siteId(), "FAILED",
                    e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private FilesystemConnector filesystem(SyncStore.SourceRecord source) {
        return new FilesystemConnector(source.config(), config.filesystem().roots(), config.maxBytes());
    }

    private GraphClient graph(SyncStore.SourceRecord source) {
        return graphClients.computeIfAbsent(source.id(), id -> {
            JsonNode c = source.config();
            IngestionConfig.Graph g = config.graph();
            // again at use: a source registered before the limits were narrowed must not escape them
            SharePointConnector.validate(c, g.allowedHosts(), g.secretEnvPrefix());
            return new GraphClient(c.path("tokenUrl").asText(), c.path("clientId").asText(),
                    SharePointConnector.secret(c), c.path("scope").asText("https://graph.microsoft.com/.default"),
                    g.maxRetries(), g.maxRetryAfter(), g.timeout());
        });
    }

    /** Applies a connector's findings for one site; every call is one transaction. */
    final class Sink implements ItemSink {
        /** How often a site in progress looks whether its sync was cancelled (one query, not one per item). */
        private static final long CANCEL_CHECK_NANOS = 2_000_000_000L;

        private final String sourceId;
        private final String syncId;
        private final String siteId;
        private long checkedAt = System.nanoTime();

        Sink(String sourceId, String syncId, String siteId) {
            this.sourceId = sourceId;
            this.syncId = syncId;
            this.siteId = siteId;
        }

        /** Stops the site (at an item boundary) once its sync is no longer running. */
        private void stopIfCancelled() {
            long now = System.nanoTime();
            if (now - checkedAt < CANCEL_CHECK_NANOS) {
                return;
            }
            checkedAt = now;
            if (!store.syncStatus(syncId).orElse("").equals("RUNNING")) {
                throw new Cancelled(syncId);
            }
        }

        @Override
        public Known known(String key) {
            stopIfCancelled();
            return store.item(sourceId, key);
        }

        @Override
        public void seen(String key, String round) {
            QuarkusTransaction.requiringNew().run(() -> {
                if (round != null) {
                    store.seen(sourceId, key, round);
                }
                store.count(syncId, siteId, "items_seen", null);
            });
        }

        @Override
        public void upsert(Item item, byte[] content, List<String> groups, String round) {
            String hash = DuplicateDetector.contentHash(content);
            QuarkusTransaction.requiringNew().run(() -> {
                Known known = store.item(sourceId, item.key());
                store.count(syncId, siteId, "items_seen", null);
                if (known != null && hash.equals(known.contentHash()) && known.documentId() != null
                        && documents.sameGroups(known.documentId(), groups)) {
                    // touched, same bytes, same access: remember the new version, nothing to re-ingest
                    store.upsertItem(sourceId, item, hash, known.documentId(), round);
                    return;
                }
                // new bytes, or the same bytes shared with other groups: a new version replaces the old
                if (known != null && known.documentId() != null) {
                    documents.delete(known.documentId()); // the old version leaves the index
                }
                DocumentService.Received r = documents.receive(new ReceiveRequest(item.site(), item.path(), null,
                        item.fileName(), item.mediaType(), groups, Map.of("source", sourceId), content, sourceId));
                store.upsertItem(sourceId, item, hash, r.id(), round);
                store.count(syncId, siteId, known == null ? "items_new" : "items_changed", null);
            });
        }

        @Override
        public void deleted(String key) {
            stopIfCancelled();
            QuarkusTransaction.requiringNew().run(() -> {
                Known known = store.item(sourceId, key);
                if (known == null) {
                    return; // never ingested (or already removed)
                }
                if (known.documentId() != null) {
                    documents.delete(known.documentId());
                }
                store.removeItem(sourceId, key);
                store.count(syncId, siteId, "items_deleted", null);
            });
        }

        @Override
        public void failed(String key, String error) {
            QuarkusTransaction.requiringNew().run(() -> store.count(syncId, siteId, "items_failed", key + ": " + error));
        }

        @Override
        public List<String> unseen(String site, String driveId, String round) {
            return store.unseen(sourceId, site, driveId, round);
        }

        @Override
        public DeltaState deltaState(String driveId) {
            return store.delta(sourceId, driveId);
        }

        @Override
        public void saveDelta(String driveId, String site, DeltaState state) {
            QuarkusTransaction.requiringNew().run(() -> store.saveDelta(sourceId, driveId, site, state));
        }
    }
}
