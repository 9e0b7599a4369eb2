package dev.compass.governance.bench;

import dev.compass.contracts.CloudEventHeaders;
import dev.compass.contracts.EventType;
import dev.compass.governance.domain.AuditHash;
import dev.compass.governance.domain.CheckpointSigner;
import dev.compass.governance.messaging.AuditConsumer;
import dev.compass.governance.persistence.AuditChain;
import dev.compass.localstack.LocalPostgres;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Audit trail benchmark against a real PostgreSQL (embedded, or DB_URL/DB_USER/DB_PASSWORD of an empty database):
 * (1) the append path (CloudEvent record → entry → hash chain → insert), per poll of 500 records and per record;
 * (2) verification of a chain of N records (default 1,000,000) bulk-generated with COPY.
 * <pre>mvn -f governance-service/pom.xml test-compile exec:java -Dexec.mainClass=dev.compass.governance.bench.AuditBenchmark [-Dexec.args="1000000"]</pre>
 */
public final class AuditBenchmark {
    public static void main(String[] args) throws Exception {
        long verifyRecords = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int ingest = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int threads = Runtime.getRuntime().availableProcessors();
        CheckpointSigner signer = new CheckpointSigner("bench", "bench-checkpoint-key-0123456789");
        LocalPostgres pg = null;
        String url = System.getenv("DB_URL");
        String user = Optional.ofNullable(System.getenv("DB_USER")).orElse(LocalPostgres.USER);
        String password = Optional.ofNullable(System.getenv("DB_PASSWORD")).orElse(LocalPostgres.PASSWORD);
        if (url == null) {
            pg = LocalPostgres.startEphemeral();
            pg.ensureDatabase("audit_ingest");
            pg.ensureDatabase("audit_verify");
        }
        System.out.printf(Locale.ROOT, "processors %d, java %s%n", threads, System.getProperty("java.version"));
        try {
            // (1) ingestion
            try (Connection c = DriverManager.getConnection(url != null ? url : pg.jdbcUrl("audit_ingest"), user, password)) {
                schema(c);
                List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
                for (int i = 0; i < ingest + 2000; i++) {
                    records.add(record(i));
                }
                c.setAutoCommit(false);
                // warm-up, then measure per poll of 500 and per record
                appendInBatches(c, signer, records.subList(0, 2000), 500);
                long t0 = System.nanoTime();
                int appended = appendInBatches(c, signer, records.subList(2000, 2000 + ingest / 2), 500);
                double batched = appended / ((System.nanoTime() - t0) / 1e9);
                t0 = System.nanoTime();
                int single = appendInBatches(c, signer, records.subList(2000 + ingest / 2, 2000 + ingest), 1);
                double perRecord = single / ((System.nanoTime() - t0) / 1e9);
                int again = appendInBatches(c, signer, records.subList(0, 500), 500);
                System.out.printf(Locale.ROOT, "ingestion: %d events in polls of 500: %.0f events/s; %d events one per"
                        + " transaction: %.0f events/s; redelivered 500 -> %d appended%n", appended, batched, single,
                        perRecord, again);
                System.out.println("verification of the ingested chain: " + AuditChain.verify(c, signer, threads));
            }
            if (url != null) {
                return;
            }
            // (2) verification
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("audit_verify"), user, password)) {
                schema(c);
                long t0 = System.nanoTime();
                generate(c, signer, verifyRecords);
                System.out.printf(Locale.ROOT, "generated %d chained records with COPY in %.1f s%n", verifyRecords,
                        (System.nanoTime() - t0) / 1e9);
                try (Statement s = c.createStatement()) {
                    s.execute("vacuum analyze audit_record");
                }
                for (int run = 1; run <= 3; run++) {
                    t0 = System.nanoTime();
                    AuditChain.Verification v = AuditChain.verify(c, signer, threads);
                    System.out.printf(Locale.ROOT, "verification run %d (%d hashing threads): %s in %.2f s%n", run,
                            threads, v, (System.nanoTime() - t0) / 1e9);
                }
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    static int appendInBatches(Connection c, CheckpointSigner signer, List<ConsumerRecord<String, byte[]>> records,
            int batch) throws Exception {
        int appended = 0;
        for (int i = 0; i < records.size(); i += batch) {
            List<AuditChain.Entry> entries = new ArrayList<>(batch);
            for (ConsumerRecord<String, byte[]> r : records.subList(i, Math.min(records.size(), i + batch))) {
                entries.add(AuditConsumer.entry(r));
            }
            appended += AuditChain.append(c, entries, signer, 1000);
            c.commit();
        }
        return appended;
    }

    static String payload(long i) {
        return "{\"messageId\":\"m-" + i + "\",\"conversationId\":\"conv-" + (i / 12) + "\",\"correlationId\":\"corr-"
                + (i / 12) + "\",\"from\":\"commercial-agent\",\"to\":\"finance-agent\",\"performative\":\"PROPOSE\","
                + "\"taskState\":\"working\",\"text\":\"Move 40,000 EUR from TV to digital: marginal ROI 1.9 vs 0.7 over"
                + " the last 52 weeks.\",\"provenance\":{\"model\":\"deterministic\"},\"sentAt\":\"2025-06-01T10:00:00Z\"}";
    }

    static ConsumerRecord<String, byte[]> record(long i) {
        RecordHeaders h = new RecordHeaders();
        h.add(CloudEventHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        h.add(CloudEventHeaders.TYPE, EventType.AGENT_MESSAGE.ceType().getBytes(StandardCharsets.UTF_8));
        h.add(CloudEventHeaders.TIME, "2025-06-01T10:00:00Z".getBytes(StandardCharsets.UTF_8));
        h.add(CloudEventHeaders.SUBJECT, ("conv-" + (i / 12)).getBytes(StandardCharsets.UTF_8));
        h.add(CloudEventHeaders.CORRELATION_ID, ("corr-" + (i / 12)).getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>("agent.dialogue.v1", (int) (i % 3), i, 0L, TimestampType.CREATE_TIME, 0, 0,
                "conv-" + (i / 12), payload(i).getBytes(StandardCharsets.UTF_8), h, Optional.empty());
    }

    static void schema(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            for (String file : List.of("/db/migration/V1__audit_and_agents.sql", "/db/migration/V2__governance.sql")) {
                try (InputStream in = AuditBenchmark.class.getResourceAsStream(file)) {
                    s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** Writes a valid chain of n records with COPY (in chunks), a checkpoint every 1,000 and the head. */
    static void generate(Connection c, CheckpointSigner signer, long n) throws Exception {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        MessageDigest digest = AuditHash.sha256();
        String prev = AuditHash.GENESIS;
        StringBuilder rows = new StringBuilder(1 << 22);
        StringBuilder checkpoints = new StringBuilder();
        for (long seq = 1; seq <= n; seq++) {
            String eventId = UUID.randomUUID().toString();
            String conv = "conv-" + (seq / 12);
            String corr = "corr-" + (seq / 12);
            String payload = payload(seq);
            String hash = AuditHash.of(digest, prev, seq, "agent.dialogue.v1", (int) (seq % 3), seq, eventId,
                    EventType.AGENT_MESSAGE.ceType(), "2025-06-01T10:00:00Z", conv, corr, null, payload);
            rows.append(seq).append('\t').append("agent.dialogue.v1").append('\t').append(seq % 3).append('\t')
                    .append(seq).append('\t').append(eventId).append('\t').append(EventType.AGENT_MESSAGE.ceType())
                    .append('\t').append("2025-06-01T10:00:00Z").append('\t').append(conv).append('\t').append(corr)
                    .append('\t').append("\\N").append('\t').append(conv).append('\t').append(payload).append('\t')
                    .append(prev).append('\t').append(hash).append('\n');
            if (seq % 1000 == 0) {
                checkpoints.append(seq).append('\t').append(hash).append('\t').append(signer.keyId()).append('\t')
                        .append(signer.sign(seq, hash)).append('\n');
            }
            prev = hash;
            if (seq % 50_000 == 0 || seq == n) {
                copy.copyIn("copy audit_record (seq, topic, kafka_partition, kafka_offset, event_id, event_type,"
                        + " event_time, subject, correlation_id, causation_id, conversation_id, payload, prev_hash, hash)"
                        + " from stdin", new StringReader(rows.toString()));
                rows.setLength(0);
            }
        }
        copy.copyIn("copy audit_checkpoint (seq, hash, key_id, signature) from stdin",
                new StringReader(checkpoints.toString()));
        try (Statement s = c.createStatement()) {
            s.executeUpdate("update audit_chain_head set last_seq = " + n + ", last_hash = '" + prev + "'");
        }
    }
}
