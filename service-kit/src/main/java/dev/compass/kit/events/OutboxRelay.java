package dev.compass.kit.events;

import dev.compass.contracts.CloudEventHeaders;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in commit order, as CloudEvents in binary mode, then marks them published. One
 * relay per service drains at a time (a PostgreSQL advisory lock), which keeps the order of every key across
 * instances. A crash between the send and the mark re-sends the rows: delivery is at least once and consumers
 * deduplicate by {@code ce_id}.
 *
 * <p>Each row's outcome is recorded on its own: the rows the broker acknowledged are marked published even when
 * another row of the batch failed, so a retry never sends them again. A row the broker refuses for good (larger than
 * the topic accepts, an invalid topic) is set aside ({@code failed_at}, {@code failure}) with an ERROR naming it,
 * instead of holding up every event behind it; a transient failure (broker unavailable) is retried with the rest of
 * its batch. The producer takes the service's {@code kafka.*} settings (security, SASL, TLS) as the channels do.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long LOCK_ID = 0x0c0a55L;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    OutboxConfig config;
    @Inject
    MeterRegistry registry;
    @Inject
    KafkaClients kafka;

    /** Broker refusals that sending again cannot cure: the row is set aside. */
    private static final java.util.Set<Class<? extends Throwable>> PERMANENT = java.util.Set.of(
            org.apache.kafka.common.errors.RecordTooLargeException.class,
            org.apache.kafka.common.errors.RecordBatchTooLargeException.class,
            org.apache.kafka.common.InvalidRecordException.class,
            org.apache.kafka.common.errors.InvalidTopicException.class);

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile long backlog;
    private volatile double oldestSeconds;
    private Counter published;
    private Counter setAside;

    void onStart(@Observes StartupEvent event) {
        published = Counter.builder("compass.outbox.published").description("events relayed to Kafka")
                .register(registry);
        Gauge.builder("compass.outbox.backlog", () -> backlog).description("outbox rows waiting to be published")
                .register(registry);
        Gauge.builder("compass.outbox.oldest.seconds", () -> oldestSeconds).description("age of the oldest outbox"
                + " row waiting to be published (0 when none waits): grows while the broker is unreachable")
                .register(registry);
        setAside = Counter.builder("compass.outbox.failed").description("events the broker refused for good, set"
                + " aside in the outbox (failed_at) instead of published").register(registry);
        requestDrain();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }

    /** After a transaction that wrote to the outbox commits, publish without waiting for the next poll. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventPublisher.OutboxWritten written) {
        requestDrain();
    }

    @Scheduled(every = "${compass.outbox.poll-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (ServiceStopping.now()) {
            return; // the pool and the relay's executor are closing: the next start drains what is left
        }
        measureBacklog();
        requestDrain();
    }

    /**
     * The backlog gauges, measured on their own (a drain that waits for an unreachable broker would leave them
     * stale): rows waiting (counted up to 100,000) and the age of the oldest.
     */
    void measureBacklog() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("select (select"
                + " count(*) from (select 1 from outbox_event where published_at is null and failed_at is null limit"
                + " 100000) waiting), (select extract(epoch from now() - created_at) from outbox_event where"
                + " published_at is null and failed_at is null order by seq limit 1)");
                ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                backlog = rs.getLong(1);
                oldestSeconds = Math.max(0, rs.getDouble(2));
            }
        } catch (SQLException e) {
            LOG.debugf("outbox backlog not measured: %s", e.toString());
        }
    }

    /** Asks for a drain; at most one runs at a time and one more is queued behind it. */
    public void requestDrain() {
        if (!config.relayEnabled()) {
            return;
        }
        wanted.set(true);
        if (draining.compareAndSet(false, true)) {
            worker.submit(this::drainLoop);
        }
    }

    private void drainLoop() {
        try {
            do {
                while (wanted.getAndSet(false)) {
                    while (drainBatch() == config.batchSize()) {
                        // full batch: more may be waiting
                    }
                }
                draining.set(false);
                // a commit that asked for a drain after the last check and before the flag was cleared found the
                // flag set and left its request to us: take it, or it would wait for the next poll
            } while (wanted.get() && draining.compareAndSet(false, true));
        } catch (Exception e) {
            draining.set(false);
            LOG.warnf("outbox relay will retry: %s", e.toString());
        }
    }

    /** Publishes one batch in one transaction; returns the number of rows published. */
    int drainBatch() throws Exception {
        return QuarkusTransaction.requiringNew().timeout(60).call(() -> {
            try (Connection c = dataSource.getConnection()) {
                if (!tryLock(c)) {
                    return 0;
                }
                List<Row> rows = unpublished(c);
                if (rows.isEmpty()) {
                    return 0;
                }
                if (config.haltBeforePublish()) {
                    LOG.error("fault injection: halting before publishing the outbox");
                    Runtime.getRuntime().halt(99);
                }
                List<Throwable> outcomes = send(rows);
                List<Row> sent = new ArrayList<>();
                Throwable retry = null;
                for (int i = 0; i < rows.size(); i++) {
                    Throwable failure = outcomes.get(i);
                    if (failure == null) {
                        sent.add(rows.get(i));
                    } else if (PERMANENT.contains(failure.getClass())) {
                        setAside(c, rows.get(i), failure);
                    } else if (retry == null) {
                        retry = failure;
                    }
                }
                markPublished(c, sent);
                published.increment(sent.size());
                if (retry != null) {
                    // commit what was acknowledged (never sent again); the rest is retried on the next drain
                    LOG.warnf("outbox relay will retry %d event(s): %s", rows.size() - sent.size(), retry.toString());
                    return 0;
                }
                return rows.size();
            }
        });
    }

    private void setAside(Connection c, Row row, Throwable failure) throws SQLException {
        LOG.errorf("outbox event %s (%s, %d bytes of payload, to %s) refused by the broker for good and set aside"
                + " in the outbox: %s", row.eventId, row.ceType, row.payload.getBytes(StandardCharsets.UTF_8).length,
                row.topic, failure.toString());
        try (PreparedStatement ps = c.prepareStatement(
                "update outbox_event set failed_at = now(), failure = ? where seq = ?")) {
            ps.setString(1, failure.toString());
            ps.setLong(2, row.seq);
            ps.executeUpdate();
        }
        setAside.increment();
    }

    private boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, LOCK_ID);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private List<Row> unpublished(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select seq, event_id, topic, event_key, ce_type, ce_source,"
                + " ce_subject, correlation_id, causation_id, traceparent, payload, created_at from outbox_event"
                + " where published_at is null and failed_at is null order by seq limit ?")) {
            ps.setInt(1, config.batchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getString(11),
                            rs.getObject(12, java.time.OffsetDateTime.class)));
                }
            }
        }
        return rows;
    }

    /** Sends the rows; returns, for each, null once the broker acknowledged it, else its failure. */
    private List<Throwable> send(List<Row> rows) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        KafkaProducer<String, byte[]> p = producer();
        for (Row row : rows) {
            RecordHeaders headers = new RecordHeaders();
            header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
            header(headers, CloudEventHeaders.ID, row.eventId);
            header(headers, CloudEventHeaders.TYPE, row.ceType);
            header(headers, CloudEventHeaders.SOURCE, row.source);
            header(headers, CloudEventHeaders.TIME, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(row.createdAt));
            header(headers, CloudEventHeaders.SUBJECT, row.subject);
            header(headers, CloudEventHeaders.CORRELATION_ID, row.correlationId);
            header(headers, CloudEventHeaders.CAUSATION_ID, row.causationId);
            header(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
            header(headers, "traceparent", row.traceparent);
            Future<RecordMetadata> ack = p.send(new ProducerRecord<>(row.topic, null, row.key,
                    row.payload.getBytes(StandardCharsets.UTF_8), headers));
            acks.add(ack);
            Throwable early = failedAlready(ack);
            if (early != null && !PERMANENT.contains(early.getClass())) {
                break; // refused before sending (no metadata: the broker is unreachable): the rest would wait as long
            }
        }
        p.flush(); // send now rather than after linger.ms: each hop of a dialogue waits for this batch
        List<Throwable> outcomes = new ArrayList<>(rows.size());
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(30, TimeUnit.SECONDS);
                outcomes.add(null);
            } catch (java.util.concurrent.ExecutionException e) {
                outcomes.add(e.getCause() == null ? e : e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                outcomes.add(e);
            }
        }
        Throwable notSent = new org.apache.kafka.common.errors.TimeoutException("not sent: an earlier event of the"
                + " batch could not be sent");
        while (outcomes.size() < rows.size()) {
            outcomes.add(notSent);
        }
        return outcomes;
    }

    /** The failure of a send that failed before anything went to the broker, else null. */
    private static Throwable failedAlready(Future<RecordMetadata> ack) {
        if (!ack.isDone()) {
            return null;
        }
        try {
            ack.get();
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void markPublished(Connection c, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "update outbox_event set published_at = now() where seq = any(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", rows.stream().map(r -> r.seq).toArray()));
            ps.executeUpdate();
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    Properties props = kafka.properties(ProducerConfig.configNames());
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    // a topic missing from the cluster blocks a send for this long (the default 60 s would hold the
                    // drain's database transaction past its timeout); the row is retried at the next drain
                    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
                    props.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-" + config.source().replace('/', '-'));
                    producer = new KafkaProducer<>(props, new StringSerializer(),
                            new org.apache.kafka.common.serialization.ByteArraySerializer());
                }
            }
        }
        return producer;
    }

    private record Row(long seq, String eventId, String topic, String key, String ceType, String source,
            String subject, String correlationId, String causationId, String traceparent, String payload,
            java.time.OffsetDateTime createdAt) {}
}
