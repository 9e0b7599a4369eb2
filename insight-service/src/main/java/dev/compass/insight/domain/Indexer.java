package dev.compass.insight.domain;

import dev.compass.insight.config.InsightConfig;
import dev.compass.insight.persistence.ChunkStore;
import dev.compass.retrieval.ChunkIndex;
import dev.compass.retrieval.IndexedChunk;
import dev.compass.retrieval.embedding.Embedder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Embeds recorded chunks in batches and adds them to the search index, off the Kafka threads: consumers only record
 * chunks (fast, transactional, idempotent); this worker picks up every chunk without a vector, embeds a batch,
 * stores the vectors and indexes them, then marks documents whose chunks are all indexed as INDEXED and has them
 * summarised. After a restart it simply carries on from the record.
 */
@ApplicationScoped
public class Indexer {
    private static final Logger LOG = Logger.getLogger(Indexer.class);

    @Inject
    ChunkStore store;
    @Inject
    ChunkIndex index;
    @Inject
    Embedder embedder;
    @Inject
    InsightConfig config;
    @Inject
    Summaries summaries;
    @Inject
    Rebuilds rebuilds;
    @Inject
    MeterRegistry metrics;

    /** Serialises "store vectors + add to the index" with removing a deleted document from the index. */
    private final ReentrantLock writes = new ReentrantLock();
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread worker;
    private Counter indexed;

    void start(@Observes StartupEvent event) {
        indexed = metrics.counter("insight.chunks.indexed");
        long embedded = store.countEmbedded();
        if (index.size() != embedded) {
            LOG.infof("search index holds %d chunks, the record %d: rebuilding it", index.size(), embedded);
            rebuilds.start("startup");
        }
        running = true;
        worker = new Thread(this::loop, "insight-indexer");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (worker != null) {
            worker.interrupt();
            worker.join(10_000);
        }
    }

    void chunksRecorded(@Observes(during = TransactionPhase.AFTER_SUCCESS) IndexEvents.ChunksRecorded event) {
        wake.release();
    }

    void documentDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) IndexEvents.DocumentDeleted event) {
        writes.lock();
        try {
            index.delete(event.documentId());
        } finally {
            writes.unlock();
        }
    }

    private void loop() {
        while (running) {
            try {
                if (runOnce() == 0) {
                    wake.tryAcquire(500, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("indexing failed; retrying in 5 s", e);
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Embeds and indexes one batch; returns the number of chunks picked up. */
    public int runOnce() {
        List<ChunkStore.Pending> pending = store.unembedded(config.index().embedBatch());
        if (pending.isEmpty()) {
            return 0;
        }
        List<float[]> vectors = embedder.embedAll(pending.stream().map(p -> p.chunk().embeddingText()).toList());
        List<IndexedChunk> stored;
        writes.lock();
        try {
            stored = QuarkusTransaction.requiringNew().call(() -> store.storeVectors(pending, vectors, embedder.name()));
            index.index(stored);
        } finally {
            writes.unlock();
        }
        indexed.increment(stored.size());
        Set<String> documents = new LinkedHashSet<>();
        stored.forEach(c -> documents.add(c.documentId()));
        summaries.completeAll(documents);
        return pending.size();
    }
}
