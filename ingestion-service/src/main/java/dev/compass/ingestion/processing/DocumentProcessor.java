package dev.compass.ingestion.processing;

import dev.compass.documents.DocumentInput;
import dev.compass.documents.DocumentPipeline;
import dev.compass.documents.PipelineResult;
import dev.compass.documents.QuarantineReason;
import dev.compass.ingestion.config.IngestionConfig;
import dev.compass.ingestion.domain.Outcomes;
import dev.compass.ingestion.persistence.DocumentRecord;
import dev.compass.ingestion.persistence.DocumentStore;
import dev.compass.ingestion.persistence.PgSignatureStore;
import dev.compass.kit.events.RetryTransientFailures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Processes RECEIVED documents on a bounded pool: claim (a lease), run the pipeline (which isolates and time-limits
 * Tika), record the outcome with its events. Documents that do not fit the queue, and documents left RECEIVED by a
 * crash, are picked up by the sweeper (at startup, then periodically): nothing received is ever lost.
 */
@ApplicationScoped
public class DocumentProcessor {
    private static final Logger LOG = Logger.getLogger(DocumentProcessor.class);
    /** A document whose processing never completed this many times (the JVM died each time) is quarantined. */
    static final int MAX_ATTEMPTS = 3;
    /** Passes through the pipeline within one attempt when the original it found keeps being deleted meanwhile. */
    static final int MAX_STALE_PASSES = 5;

    @Inject
    IngestionConfig config;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.http.port", defaultValue = "8081")
    int httpPort;
    private volatile String instanceId;
    @Inject
    DocumentStore store;
    @Inject
    DocumentService documents;
    @Inject
    PipelineHolder pipeline;
    @Inject
    MeterRegistry registry;

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean started;
    private ThreadPoolExecutor pool;
    private Timer timer;

    void onStart(@Observes StartupEvent event) {
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(config.workers(), config.workers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity()), r -> {
                    Thread t = new Thread(r, "ingestion-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        timer = Timer.builder("compass.ingestion.document.processing").description("pipeline + outcome transaction")
                .publishPercentiles(0.5, 0.95).register(registry);
        registry.gauge("compass.ingestion.queue", inFlight, Set::size);
        started = true;
        sweep(true);
    }

    void onStop(@Observes ShutdownEvent event) {
        started = false;
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** After the receiving transaction commits, start processing at once. */
    void afterReceive(@Observes(during = TransactionPhase.AFTER_SUCCESS) DocumentService.DocumentReceived received) {
        submit(received.id(), false);
    }

    @Scheduled(every = "${compass.ingestion.sweep-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @RetryTransientFailures // while the database is down: one warning now and then, not an ERROR every sweep
    void periodicSweep() {
        if (started) {
            sweep(false);
        }
    }

    /**
     * The owner name of this instance's leases: the configured one, else this host's name and HTTP port (stable across
     * restarts of one instance, distinct between instances on one host; bash and systemd do not export HOSTNAME, so
     * instances started by hand would otherwise share a name and take each other's documents at start-up).
     */
    String instanceId() {
        String id = instanceId;
        if (id == null) {
            id = config.instanceId().filter(s -> !s.isBlank()).orElseGet(() -> {
                String host;
                try {
                    host = java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.net.UnknownHostException e) {
                    host = "ingestion";
                }
                return host + ":" + httpPort;
            });
            instanceId = id;
        }
        return id;
    }

    /** Queues RECEIVED documents that nobody processes; at startup also those this instance held when it stopped. */
    void sweep(boolean startup) {
        try {
            int room = Math.max(0, config.queueCapacity() - pool.getQueue().size());
            if (room == 0) {
                return;
            }
            List<String> ids = store.claimable(instanceId(), startup, Math.min(room, 500));
            for (String id : ids) {
                submit(id, startup);
            }
            if (!ids.isEmpty()) {
                LOG.infof("sweeper queued %d RECEIVED document(s)%s", ids.size(), startup ? " at startup" : "");
            }
        } catch (RuntimeException e) {
            LOG.warnf("sweep failed, will retry: %s", e.toString());
        }
    }

    void submit(String id, boolean reclaimOwn) {
        if (!started || !inFlight.add(id)) {
            return;
        }
        try {
            pool.execute(() -> {
                try {
                    process(id, reclaimOwn);
                } finally {
                    inFlight.remove(id);
                }
            });
        } catch (RejectedExecutionException full) {
            inFlight.remove(id); // stays RECEIVED; the sweeper queues it when there is room
        }
    }

    private void process(String id, boolean reclaimOwn) {
        long t0 = System.nanoTime();
        active.incrementAndGet();
        try {
            int attempt = store.claim(id, instanceId(), config.lease(), reclaimOwn);
            if (attempt < 0) {
                return;
            }
            DocumentRecord doc = store.find(id).orElse(null);
            if (doc == null) {
                return;
            }
            // a duplicate found of an original deleted while this document was processed: process it again (the
            // lookups then see the documents as they are now)
            for (int pass = 1; ; pass++) {
                PipelineResult result = run(doc, attempt);
                DocumentService.Completion done = documents.complete(doc, result, pipeline.get().duplicateDetector());
                if (done != DocumentService.Completion.STALE) {
                    break;
                }
                if (pass == MAX_STALE_PASSES) {
                    throw new IllegalStateException("its original changed " + pass + " times while it was processed");
                }
            }
            processed.incrementAndGet();
        } catch (RuntimeException e) {
            // the lease expires and the sweeper retries; the attempt counter bounds the retries
            LOG.warnf("processing %s failed, will retry: %s", id, e.toString());
        } finally {
            active.decrementAndGet();
            timer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
    }

    /** The pipeline's result, its duplicate lookups made for the document's groups. */
    private PipelineResult run(DocumentRecord doc, int attempt) {
        if (attempt > MAX_ATTEMPTS) {
            return new PipelineResult(dev.compass.documents.Outcome.QUARANTINED, QuarantineReason.CORRUPT,
                    "processing did not complete in " + MAX_ATTEMPTS
                            + " attempts (the service stopped while parsing it each time)", doc.id(), doc.declaredType(),
                    null, null, List.of(), doc.contentHash(), null, null, List.of(), List.of(), 0);
        }
        byte[] bytes = store.blob(doc.contentHash());
        return PgSignatureStore.within(doc.groups(), () -> pipeline.get().process(new DocumentInput(doc.id(), bytes,
                doc.fileName(), doc.declaredType(), doc.site(), doc.path(), new HashSet<>(doc.groups()),
                Outcomes.tagSet(doc.tags()), doc.title())));
    }

    /** Documents waiting in memory or being processed by this instance. */
    public int backlog() {
        return inFlight.size();
    }

    public long processedCount() {
        return processed.get();
    }
}
