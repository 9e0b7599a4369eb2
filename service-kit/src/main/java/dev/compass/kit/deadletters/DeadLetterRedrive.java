package dev.compass.kit.deadletters;

import dev.compass.contracts.TopicCatalog.TopicSpec;
import dev.compass.contracts.TopicCatalog;
import dev.compass.contracts.Topics;
import dev.compass.kit.events.DeadLetters;
import dev.compass.kit.events.KafkaClients;
import dev.compass.kit.events.OutboxConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The dead-letter topics of this service, for operations: how many records each holds and how many wait to be
 * re-driven, what they are and why they were set aside, and re-driving them to the topic they came from once their
 * cause is mended (a fixed bug, a raised limit). Re-driving is safe for every consumer of that topic: each one applies
 * an event id once, so the consumers that had applied it skip the copy, and the audit trail records an event id once.
 * The audit trail's own dead-letter topic is listed but not re-driven (see {@code DeadLetterResource}).
 *
 * <p>Progress is kept as the committed offset of the consumer group {@code <service>-dead-letter-redrive} on each
 * dead-letter topic, committed only after the broker has acknowledged the copies: a failure part-way re-drives the
 * rest next time, and a record may be re-driven twice (harmless, as above), never skipped. Re-drives of one instance
 * run one at a time; two instances re-driving the same topic at once may each copy a record.
 */
@ApplicationScoped
public class DeadLetterRedrive {
    private static final Logger LOG = Logger.getLogger(DeadLetterRedrive.class);
    /** Header on a re-driven copy naming where it was kept: {@code <dead-letter topic>/<partition>/<offset>}. */
    public static final String REDRIVEN_FROM = "redriven-from";
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);
    private static final int PREVIEW_CHARS = 2000;

    @Inject
    OutboxConfig outbox;
    @Inject
    KafkaClients kafka;

    private final ReentrantLock redrives = new ReentrantLock();

    /** A dead-letter topic of this service and its counts (summed over its partitions). */
    public record Summary(String topic, String sourceTopic, long held, long pending, long redriven) {}

    /** A record waiting to be re-driven. */
    public record Entry(int partition, long offset, String key, String sourceTopic, Integer sourcePartition,
            Long sourceOffset, String reason, String exceptionClass, String cause, String eventId, String eventType,
            String setAsideAt, int valueBytes, String valuePreview) {}

    /** The outcome of a re-drive: records copied to their source topic, records that name no topic they may go to. */
    public record Outcome(String topic, int redriven, List<Entry> skipped, long pending) {}

    /** This service's name, from the CloudEvents source of its events ({@code /compass/insight-service}). */
    public String service() {
        String source = outbox.source();
        return source.substring(source.lastIndexOf('/') + 1);
    }

    /** The dead-letter topics of this service, in catalogue order. */
    public List<String> topics() {
        String suffix = ".dlq." + service();
        return TopicCatalog.deadLetterTopics().stream().map(TopicSpec::name).filter(t -> t.endsWith(suffix)).toList();
    }

    public boolean isOurs(String topic) {
        return topics().contains(topic);
    }

    public List<Summary> summaries() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<Summary> all = new ArrayList<>();
            for (String topic : topics()) {
                all.add(summary(consumer, topic));
            }
            return all;
        }
    }

    /** A dead-letter topic's counts and its first {@code limit} waiting records, partition by partition. */
    public Waiting waiting(String topic, int limit) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            Summary summary = summary(consumer, topic);
            List<Entry> entries = new ArrayList<>();
            read(consumer, topic, limit, record -> entries.add(entry(record)));
            return new Waiting(summary, entries);
        }
    }

    /** A topic's counts and the records read from its waiting ones. */
    public record Waiting(Summary summary, List<Entry> entries) {}

    /**
     * Copies up to {@code limit} waiting records to their source topic: key, value (a tombstone stays one) and the
     * original headers, without the {@code dead-letter-*} ones and with {@value #REDRIVEN_FROM}. A record whose source
     * is not a topic this dead-letter topic may feed is skipped and reported, not copied anywhere.
     */
    public Outcome redrive(String topic, int limit) {
        redrives.lock();
        try (KafkaConsumer<String, byte[]> consumer = consumer(); KafkaProducer<String, byte[]> producer = producer()) {
            List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
            read(consumer, topic, limit, batch::add);
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            List<Entry> skipped = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : batch) {
                Optional<String> target = target(topic, record);
                if (target.isEmpty()) {
                    skipped.add(entry(record));
                    sends.add(null);
                    continue;
                }
                RecordHeaders headers = new RecordHeaders();
                for (Header h : record.headers()) {
                    if (!h.key().startsWith("dead-letter-") && !h.key().equals(REDRIVEN_FROM)) {
                        headers.add(h);
                    }
                }
                headers.add(REDRIVEN_FROM, (record.topic() + "/" + record.partition() + "/" + record.offset())
                        .getBytes(StandardCharsets.UTF_8));
                sends.add(producer.send(new ProducerRecord<>(target.get(), null, record.key(), record.value(), headers)));
            }
            producer.flush();
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            Set<TopicPartition> failed = new HashSet<>();
            int redriven = 0;
            RuntimeException failure = null;
            for (int i = 0; i < batch.size(); i++) {
                ConsumerRecord<String, byte[]> record = batch.get(i);
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (failed.contains(tp)) {
                    continue; // a partition's progress stops at its first failed copy
                }
                try {
                    if (sends.get(i) != null) {
                        sends.get(i).get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                        redriven++;
                    }
                    done.put(tp, new OffsetAndMetadata(record.offset() + 1));
                } catch (ExecutionException | TimeoutException e) {
                    failed.add(tp);
                    failure = new IllegalStateException("re-driving " + record.topic() + "/" + record.partition() + "/"
                            + record.offset() + " failed: " + (e.getCause() != null ? e.getCause() : e).getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while re-driving", e);
                }
            }
            if (!done.isEmpty()) {
                consumer.commitSync(done, KAFKA_TIMEOUT);
            }
            if (redriven > 0 || !skipped.isEmpty()) {
                LOG.infof("re-drove %d record(s) of %s to their source topic; %d skipped", redriven, topic,
                        skipped.size());
            }
            if (failure != null) {
                throw failure;
            }
            return new Outcome(topic, redriven, skipped, summary(consumer, topic).pending());
        } finally {
            redrives.unlock();
        }
    }

    /**
     * Where a record of {@code topic} goes back to: its {@code dead-letter-topic} header (the last one: a record
     * set aside twice names its latest source), which for {@code <source>.dlq.<service>} must be that source, and for
     * the audit trail's dead-letter topic any business topic.
     */
    static Optional<String> target(String topic, ConsumerRecord<String, byte[]> record) {
        String named = header(record, DeadLetters.TOPIC);
        if (topic.equals(Topics.AUDIT_DEAD_LETTER)) {
            return Optional.ofNullable(named).filter(Topics.ALL::contains);
        }
        String source = topic.substring(0, topic.lastIndexOf(".dlq."));
        return named == null || named.equals(source) ? Optional.of(source) : Optional.empty();
    }

    private Summary summary(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<TopicPartition> partitions = partitions(consumer, topic);
        consumer.assign(partitions); // offsets of assigned partitions only: else the client warns for each
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, KAFKA_TIMEOUT);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions),
                KAFKA_TIMEOUT);
        long held = 0;
        long pending = 0;
        long redriven = 0;
        for (TopicPartition tp : partitions) {
            long from = position(committed.get(tp), begin.get(tp));
            held += end.get(tp) - begin.get(tp);
            pending += end.get(tp) - from;
            redriven += committed.get(tp) == null ? 0 : committed.get(tp).offset();
        }
        return new Summary(topic, topic.equals(Topics.AUDIT_DEAD_LETTER) ? null
                : topic.substring(0, topic.lastIndexOf(".dlq.")), held, pending, redriven);
    }

    /** Reads up to {@code limit} records after the committed position of every partition, without committing. */
    private void read(KafkaConsumer<String, byte[]> consumer, String topic, int limit,
            java.util.function.Consumer<ConsumerRecord<String, byte[]>> sink) {
        List<TopicPartition> partitions = partitions(consumer, topic);
        consumer.assign(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, KAFKA_TIMEOUT);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions),
                KAFKA_TIMEOUT);
        consumer.pause(partitions); // read one partition at a time, in order
        int left = limit;
        for (TopicPartition tp : partitions) {
            long from = position(committed.get(tp), begin.get(tp));
            long to = end.get(tp);
            if (left == 0 || from >= to) {
                continue;
            }
            consumer.seek(tp, from);
            consumer.resume(List.of(tp));
            Instant deadline = Instant.now().plus(KAFKA_TIMEOUT);
            long next = from;
            while (next < to && left > 0) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("timed out reading " + tp + " at offset " + next);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (left > 0 && r.offset() < to) {
                        sink.accept(r);
                        left--;
                    }
                    next = r.offset() + 1;
                }
            }
            consumer.pause(List.of(tp));
        }
    }

    private static long position(OffsetAndMetadata committed, long begin) {
        // records deleted by retention before they were re-driven are gone: start at the oldest one kept
        return committed == null ? begin : Math.max(committed.offset(), begin);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, KAFKA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            return List.of();
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    private static Entry entry(ConsumerRecord<String, byte[]> r) {
        byte[] value = r.value();
        String preview = null;
        if (value != null) {
            String text = new String(value, StandardCharsets.UTF_8);
            preview = text.length() > PREVIEW_CHARS ? text.substring(0, PREVIEW_CHARS) + "…" : text;
        }
        return new Entry(r.partition(), r.offset(), r.key(), header(r, DeadLetters.TOPIC), integer(header(r, DeadLetters.PARTITION)), longValue(header(r, DeadLetters.OFFSET)),
                header(r, DeadLetters.REASON), header(r, DeadLetters.EXCEPTION_CLASS_NAME), header(r, DeadLetters.CAUSE),
                header(r, "ce_id"), header(r, "ce_type"), Instant.ofEpochMilli(r.timestamp()).toString(),
                value == null ? 0 : value.length, preview);
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Integer integer(String s) {
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longValue(String s) {
        try {
            return s == null ? null : Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties props = kafka.properties(ConsumerConfig.configNames());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, service() + "-dead-letter-redrive");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, service() + "-dead-letter-redrive");
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(4 * TopicCatalog.DEAD_LETTER_MAX_MESSAGE_BYTES));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                Integer.toString(TopicCatalog.DEAD_LETTER_MAX_MESSAGE_BYTES));
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties props = kafka.properties(ProducerConfig.configNames());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, service() + "-dead-letter-redrive");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "9000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "8000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(TopicCatalog.DEAD_LETTER_MAX_MESSAGE_BYTES));
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
