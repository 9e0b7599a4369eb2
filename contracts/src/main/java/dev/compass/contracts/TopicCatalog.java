package dev.compass.contracts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Partitions, retention and clean-up policy of every topic, with the reason for each choice. Strimzi KafkaTopic
 * resources, the local broker and the AsyncAPI document are generated from or checked against this list.
 */
public final class TopicCatalog {
    private TopicCatalog() {}

    /**
     * Configuration of one topic. retention of -1 means kept forever; maxMessageBytes of 0 means the broker's default
     * ({@code message.max.bytes}, 1 MiB).
     */
    public record TopicSpec(String name, int partitions, long retentionMs, String cleanupPolicy, String rationale,
            int maxMessageBytes) {
        public TopicSpec(String name, int partitions, long retentionMs, String cleanupPolicy, String rationale) {
            this(name, partitions, retentionMs, cleanupPolicy, rationale, 0);
        }

        public boolean compacted() {
            return cleanupPolicy.contains("compact");
        }
    }

    /**
     * Dead-letter topics take messages up to 2 MiB: a poison message as large as its topic allows (1 MiB) still fits
     * with the headers that say where it came from and why it was set aside. Their consumers' dead-letter producers
     * are configured for the same size ({@code dead-letter-queue.max.request.size}).
     */
    public static final int DEAD_LETTER_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

    private static final long FOREVER = -1;
    private static final long DLQ_RETENTION = Duration.ofDays(30).toMillis();

    public static final List<TopicSpec> TOPICS = List.of(
            new TopicSpec(Topics.DOCUMENTS, 12, FOREVER, "delete",
                    "keyed by document; 12 partitions let up to 12 indexer instances share millions of documents; kept"
                            + " forever so the search index and audit can be rebuilt by replay"),
            new TopicSpec(Topics.CHUNKS, 24, Duration.ofDays(30).toMillis(), "delete",
                    "the heaviest stream (hundreds of chunks per study); 24 partitions for embedding throughput;"
                            + " 30 days: the chunk record lives in insight-service's database, rebuilds read it there"),
            new TopicSpec(Topics.DATASETS, 3, FOREVER, "delete",
                    "few, small events; kept so that every mix model's lineage can be replayed"),
            new TopicSpec(Topics.CRAWL_WORK, 48, Duration.ofDays(7).toMillis(), "delete",
                    "work items for 180,000 sites; 48 partitions bound the number of ingestion instances that can"
                            + " share a crawl; a week covers the incremental schedule"),
            new TopicSpec(Topics.INSIGHTS, 6, FOREVER, "delete", "syntheses are part of the record"),
            new TopicSpec(Topics.MIX_MODELS, 3, FOREVER, "delete",
                    "keyed by brand|market so versions of one model stay ordered; kept for lineage"),
            new TopicSpec(Topics.QUESTIONS, 6, FOREVER, "delete", "evidence requests are on the audit record"),
            new TopicSpec(Topics.ANSWERS, 6, FOREVER, "delete", "evidence answers are on the audit record"),
            new TopicSpec(Topics.DIALOGUE, 12, FOREVER, "delete",
                    "keyed by conversation so a dialogue is ordered; kept forever: it is the auditable, replayable"
                            + " negotiation"),
            new TopicSpec(Topics.PROPOSALS, 6, FOREVER, "delete", "budget proposals are on the record"),
            new TopicSpec(Topics.DECISIONS, 6, FOREVER, "delete", "decisions are on the record"),
            new TopicSpec(Topics.LEDGER, 6, FOREVER, "delete",
                    "keyed by budget line so moves of one line stay ordered; the financial record"),
            new TopicSpec(Topics.AGENTS, 3, FOREVER, "compact",
                    "compacted: consumers need the latest registry entry of every agent, read from the start"),
            new TopicSpec(Topics.USE_CASES, 3, FOREVER, "delete", "the history of every idea"),
            new TopicSpec(Topics.VIOLATIONS, 3, FOREVER, "delete", "violations are evidence; kept"),
            new TopicSpec(Topics.USAGE, 6, Duration.ofDays(400).toMillis(), "delete",
                    "adoption signals; 400 days covers year-on-year comparisons"));

    /** Dead-letter topics: one per consumed topic and consuming service. */
    public static List<TopicSpec> deadLetterTopics() {
        List<TopicSpec> dlqs = new ArrayList<>();
        for (EventType type : EventType.values()) {
            for (EventType.Service consumer : type.consumers()) {
                dlqs.add(new TopicSpec(Topics.deadLetter(type.topic(), consumer.serviceName()), 1, DLQ_RETENTION,
                        "delete", "poison messages of " + consumer.serviceName() + " from " + type.topic()
                                + ", kept 30 days for inspection and replay; up to 2 MiB, so that the largest message"
                                + " of the topic fits with the headers that say why", DEAD_LETTER_MAX_MESSAGE_BYTES));
            }
        }
        dlqs.add(new TopicSpec(Topics.AUDIT_DEAD_LETTER, 1, DLQ_RETENTION, "delete",
                "records the audit trail could not read (no CloudEvents id, not JSON), kept 30 days; up to 2 MiB, so"
                        + " that the largest message of any topic fits with the headers that say why",
                DEAD_LETTER_MAX_MESSAGE_BYTES));
        return dlqs;
    }

    /** Business topics and dead-letter topics. */
    public static List<TopicSpec> all() {
        List<TopicSpec> all = new ArrayList<>(TOPICS);
        all.addAll(deadLetterTopics());
        return all;
    }

    public static TopicSpec spec(String topic) {
        return all().stream().filter(t -> t.name().equals(topic)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown topic " + topic));
    }
}
