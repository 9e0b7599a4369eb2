package dev.compass.insight.domain;

import dev.compass.insight.config.InsightConfig;
import dev.compass.insight.persistence.ChunkStore;
import dev.compass.kit.events.TransientFailures;
import dev.compass.retrieval.ChunkIndex;
import dev.compass.retrieval.IndexedChunk;
import dev.compass.retrieval.embedding.Embedder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Embeds recorded chunks in batches and adds them to the search index, off the Kafka threads: consumers only record
 * chunks (fast, transactional, idempotent); this worker picks up every chunk without a vector and embeds a batch (one
 * embedding call) while a writer thread stores the vectors of the previous batch (one transaction) and indexes them
 * (one Lucene commit), so the embedding model never waits for the database or Lucene. Documents whose chunks
 * are now all indexed are handed to a second worker that marks them INDEXED and summarises them, so that summaries
 * never hold up the embedding of the next batch. After a restart both simply carry on from the record (documents
 * left PENDING with every vector stored are completed at start-up).
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
    private Timer embedding;
    /** Documents waiting for the completion check (INDEXED + summary), in arrival order, without duplicates. */
    private final Set<String> toComplete = new LinkedHashSet<>();
    private Thread completer;
    /** Writes batches (vectors + index) while the indexer thread embeds the next one. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "insight-index-writer");
        t.setDaemon(true);
        return t;
    });
    /** This process, as it signs the vectors it stores (the feed skips those: they are indexed as they are written). */
    private final String instance = java.util.UUID.randomUUID().toString();
    /**
     * The index feed (feed thread only): positions up to which every entry is older than the window and applied, and
     * the entries after them already applied. Entries are re-read until they settle, so that one committed after a
     * later one (two instances' transactions) is not skipped.
     */
    private long feedChunks;
    private long feedRemovals;
    private final Set<Long> seenChunks = new java.util.HashSet<>();
    private final Set<Long> seenRemovals = new java.util.HashSet<>();
    private Thread feed;
    /** How long a feed entry is re-read (seconds): far longer than the transaction that stores a batch of vectors. */
    static final int FEED_WINDOW_SECONDS = 10;
    private static final int FEED_LIMIT = 10_000;

    /** The batch being written (indexer thread only) and its last sequence number. */
    private Future<?> inFlight;
    private long inFlightMaxSeq;

    void start(@Observes StartupEvent event) {
        indexed = metrics.counter("insight.chunks.indexed");
        embedding = metrics.timer("insight.index.embedding"); // time the model spends on chunks (busy share of wall)
        int foreign = store.resetVectorsNotFrom(embedder.name());
        if (foreign > 0) {
            LOG.infof("%d stored vectors were computed by another model than %s: embedding those chunks again",
                    foreign, embedder.name());
            index.clear(); // no search against vectors of another model while the index is rebuilt
        }
        long embedded = store.countEmbedded();
        if (foreign > 0 || index.size() != embedded) {
            LOG.infof("search index holds %d chunks, the record %d: rebuilding it", index.size(), embedded);
            rebuilds.start("startup");
        }
        long[] positions = store.settledFeedPositions(FEED_WINDOW_SECONDS);
        feedChunks = positions[0];
        feedRemovals = positions[1];
        running = true;
        feed = new Thread(this::feedLoop, "insight-index-feed");
        feed.setDaemon(true);
        feed.start();
        worker = new Thread(this::loop, "insight-indexer");
        worker.setDaemon(true);
        worker.start();
        completer = new Thread(this::completeLoop, "insight-summaries");
        completer.setDaemon(true);
        completer.start();
        complete(store.completablePending());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        for (Thread t : new Thread[] {worker, completer, feed}) {
            if (t != null) {
                t.interrupt();
                t.join(10_000);
            }
        }
        writer.shutdown();
        writer.awaitTermination(10, TimeUnit.SECONDS);
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
        repeat("indexing", () -> {
            if (runOnce() == 0) {
                wake.tryAcquire(500, TimeUnit.MILLISECONDS);
                wake.drainPermits();
            }
        });
    }

    private void feedLoop() {
        repeat("following the index feed", () -> {
            followFeed();
            Thread.sleep(1000);
        });
    }

    /** One pass of a worker's loop. */
    private interface Pass {
        void run() throws InterruptedException;
    }

    /** Runs a worker's passes until the service stops; a failed pass is logged and retried after 5 s. */
    private void repeat(String work, Pass pass) {
        FailureLog failures = new FailureLog(work);
        while (running) {
            try {
                pass.run();
                failures.succeeded();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures.failed(e);
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Applies to this instance's index what other instances recorded: documents removed, then chunks whose vectors
     * they stored. Removals are read first: a chunk read afterwards still existed after those removals (a deletion
     * removes a document's chunks in its transaction), and a removal committed later is applied at the next pass,
     * after the chunks read now. Returns the number of entries applied.
     */
    private int followFeed() {
        List<ChunkStore.FeedEntry> removals = store.removedSince(feedRemovals, FEED_WINDOW_SECONDS, FEED_LIMIT);
        List<ChunkStore.FeedEntry> chunks = store.indexedSince(feedChunks, FEED_WINDOW_SECONDS, FEED_LIMIT);
        int applied = 0;
        for (ChunkStore.FeedEntry r : removals) {
            if (seenRemovals.add(r.seq())) {
                writes.lock();
                try {
                    index.delete(r.documentId());
                } finally {
                    writes.unlock();
                }
                applied++;
            }
        }
        List<Long> wanted = new ArrayList<>();
        for (ChunkStore.FeedEntry c : chunks) {
            if (seenChunks.add(c.seq()) && !instance.equals(c.by())) {
                wanted.add(c.seq());
            }
        }
        if (!wanted.isEmpty()) {
            List<IndexedChunk> found = store.indexedChunks(wanted);
            writes.lock();
            try {
                index.index(found);
            } finally {
                writes.unlock();
            }
            applied += found.size();
        }
        feedRemovals = settle(removals, feedRemovals, seenRemovals);
        feedChunks = settle(chunks, feedChunks, seenChunks);
        return applied;
    }

    /** Moves a feed position over the leading entries that have settled, and forgets them. */
    private static long settle(List<ChunkStore.FeedEntry> entries, long position, Set<Long> seen) {
        long at = position;
        for (ChunkStore.FeedEntry e : entries) {
            if (!e.settled()) {
                break;
            }
            at = e.seq();
        }
        long settled = at;
        seen.removeIf(seq -> seq <= settled);
        return settled;
    }

    /**
     * Embeds one batch and hands it to the writer thread (store the vectors in one transaction, add them to the index
     * with one Lucene commit), so that the next batch is embedded while this one is written. At most one batch is
     * being written at a time; while it is, the next batch is read after its last sequence number. Returns the number
     * of chunks picked up (or 1 after waiting for a write, to look again at once).
     */
    public int runOnce() {
        long after = inFlight != null ? inFlightMaxSeq : 0; // a failed write leaves its chunks for the next read at 0
        long t0 = System.nanoTime();
        List<ChunkStore.Pending> pending = store.unembedded(config.index().embedBatch(), after, instance);
        if (pending.isEmpty()) {
            if (inFlight != null) {
                awaitWrite();
                return 1;
            }
            return 0;
        }
        long t1 = System.nanoTime();
        List<float[]> vectors = embedder.embedAll(pending.stream().map(p -> p.chunk().embeddingText()).toList());
        long t2 = System.nanoTime();
        embedding.record(t2 - t1, TimeUnit.NANOSECONDS);
        awaitWrite();
        inFlightMaxSeq = pending.get(pending.size() - 1).seq();
        inFlight = writer.submit(() -> write(pending, vectors));
        if (LOG.isDebugEnabled()) {
            LOG.debugf("embedded %d chunks: read %.1f ms, embed %.1f ms, waiting for the previous write %.1f ms",
                    pending.size(), (t1 - t0) / 1e6, (t2 - t1) / 1e6, (System.nanoTime() - t2) / 1e6);
        }
        return pending.size();
    }

    /** Waits for the batch being written, if any; rethrows its failure. */
    private void awaitWrite() {
        Future<?> f = inFlight;
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a batch was written", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("writing a batch of vectors failed", e.getCause());
        } finally {
            inFlight = null;
        }
    }

    /** Stores the vectors of a batch (one transaction) and indexes them (one Lucene commit); on the writer thread. */
    private void write(List<ChunkStore.Pending> pending, List<float[]> vectors) {
        long t0 = System.nanoTime();
        List<IndexedChunk> stored;
        long t1;
        writes.lock();
        try {
            stored = QuarkusTransaction.requiringNew().call(() -> store.storeVectors(pending, vectors, embedder.name(),
                    instance));
            t1 = System.nanoTime();
            index.index(stored);
        } finally {
            writes.unlock();
        }
        indexed.increment(stored.size());
        Set<String> documents = new LinkedHashSet<>();
        stored.forEach(c -> documents.add(c.documentId()));
        complete(documents);
        if (LOG.isDebugEnabled()) {
            LOG.debugf("wrote %d chunks: store %.1f ms, index+commit %.1f ms", (Object) stored.size(), (t1 - t0) / 1e6,
                    (System.nanoTime() - t1) / 1e6);
        }
    }

    /** Hands documents to the completion worker (marks INDEXED and summarises those whose chunks are all indexed). */
    void complete(Collection<String> documentIds) {
        if (documentIds.isEmpty()) {
            return;
        }
        synchronized (toComplete) {
            toComplete.addAll(documentIds);
            toComplete.notifyAll();
        }
    }

    private void completeLoop() {
        repeat("completing documents", () -> {
            List<String> batch = nextToComplete();
            try {
                summaries.completeAll(batch);
            } catch (RuntimeException e) {
                complete(batch); // again after the pause
                throw e;
            }
        });
    }

    /** The documents waiting for completion, once there are some (none when the service stops). */
    private List<String> nextToComplete() throws InterruptedException {
        synchronized (toComplete) {
            while (toComplete.isEmpty()) {
                toComplete.wait(1000);
                if (!running) {
                    return List.of();
                }
            }
            List<String> batch = new ArrayList<>(toComplete);
            toComplete.clear();
            return batch;
        }
    }

    /**
     * The log of a worker's failed passes, each retried after 5 s: a failure of the data or the code is an ERROR with
     * its stack; while the database is unavailable, a warning now and then (every minute), and a line when it is back.
     */
    private static final class FailureLog {
        private final String work;
        private int unavailable;

        FailureLog(String work) {
            this.work = work;
        }

        void failed(RuntimeException e) {
            if (!TransientFailures.isTransient(e)) {
                LOG.error(work + " failed; retrying in 5 s", e);
            } else if (unavailable++ % 12 == 0) {
                LOG.warnf("%s waits for the database (%s); retrying every 5 s", work, e.getMessage());
            }
        }

        void succeeded() {
            if (unavailable > 0) {
                LOG.infof("%s resumed after %d attempts while the database was unavailable", work, unavailable);
                unavailable = 0;
            }
        }
    }
}
