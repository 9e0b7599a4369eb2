package dev.compass.governance.persistence;

import dev.compass.governance.domain.AuditHash;
import dev.compass.governance.domain.CheckpointSigner;
import java.security.MessageDigest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The hash-chained audit trail on plain JDBC (used by {@link AuditStore} inside the service and by the benchmark):
 * appending batches at the head of the chain, signed checkpoints, and verification that hashes in parallel while it
 * streams the rows.
 */
public final class AuditChain {
    private AuditChain() {}

    /** What is appended: one consumed event. */
    public record Entry(String topic, int partition, long offset, String eventId, String eventType, String eventTime,
            String subject, String correlationId, String causationId, String conversationId, String payload) {}

    /** Result of a verification: whether the chain is intact, how many records, and the first broken one. */
    public record Verification(boolean valid, long records, Long firstBrokenSeq, long checkpoints, String detail) {}

    private static String onTopic(String topic, String eventId) {
        return topic + '\u0000' + eventId;
    }

    /**
     * Appends entries at the head of the chain in the connection's transaction (the head row is locked until commit,
     * so records are chained in one order). Event ids already recorded, or repeated in the batch, are skipped.
     * Writes a signed checkpoint whenever the head crosses a multiple of {@code checkpointEvery}.
     *
     * @return how many records were appended
     */
    public static int append(Connection c, List<Entry> entries, CheckpointSigner signer, long checkpointEvery)
            throws SQLException {
        if (entries.isEmpty()) {
            return 0;
        }
        long lastSeq;
        String lastHash;
        try (PreparedStatement ps = c.prepareStatement(
                "select last_seq, last_hash from audit_chain_head where id = 1 for update");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            lastSeq = rs.getLong(1);
            lastHash = rs.getString(2);
        }
        Set<String> seen = new HashSet<>();
        Array ids = c.createArrayOf("text", entries.stream().map(Entry::eventId).toArray());
        // once per topic: an event id is unique for its producer, not across the suite
        try (PreparedStatement ps = c.prepareStatement("select topic, event_id from audit_record"
                + " where event_id = any(?)")) {
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seen.add(onTopic(rs.getString(1), rs.getString(2)));
                }
            }
        }
        long startSeq = lastSeq;
        MessageDigest digest = AuditHash.sha256();
        int appended = 0;
        try (PreparedStatement ps = c.prepareStatement("insert into audit_record (seq, topic, kafka_partition,"
                + " kafka_offset, event_id, event_type, event_time, subject, correlation_id, causation_id,"
                + " conversation_id, payload, prev_hash, hash) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (Entry e : entries) {
                if (!seen.add(onTopic(e.topic(), e.eventId()))) {
                    continue;
                }
                long seq = lastSeq + 1;
                String hash = AuditHash.of(digest, lastHash, seq, e.topic(), e.partition(), e.offset(), e.eventId(),
                        e.eventType(), e.eventTime(), e.subject(), e.correlationId(), e.causationId(), e.payload());
                ps.setLong(1, seq);
                ps.setString(2, e.topic());
                ps.setInt(3, e.partition());
                ps.setLong(4, e.offset());
                ps.setString(5, e.eventId());
                ps.setString(6, e.eventType());
                ps.setString(7, e.eventTime());
                ps.setString(8, e.subject());
                ps.setString(9, e.correlationId());
                ps.setString(10, e.causationId());
                ps.setString(11, e.conversationId());
                ps.setString(12, e.payload());
                ps.setString(13, lastHash);
                ps.setString(14, hash);
                ps.addBatch();
                lastSeq = seq;
                lastHash = hash;
                appended++;
            }
            if (appended == 0) {
                return 0;
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "update audit_chain_head set last_seq = ?, last_hash = ? where id = 1")) {
            ps.setLong(1, lastSeq);
            ps.setString(2, lastHash);
            ps.executeUpdate();
        }
        if (checkpointEvery > 0 && startSeq / checkpointEvery < lastSeq / checkpointEvery) {
            insertCheckpoint(c, signer, lastSeq, lastHash);
        }
        return appended;
    }

    /** Signs the head if it moved since the latest checkpoint (called on a timer). Returns the seq signed or -1. */
    public static long checkpointHead(Connection c, CheckpointSigner signer) throws SQLException {
        long headSeq;
        String headHash;
        try (PreparedStatement ps = c.prepareStatement(
                "select last_seq, last_hash from audit_chain_head where id = 1 for update");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            headSeq = rs.getLong(1);
            headHash = rs.getString(2);
        }
        long latest = 0;
        try (PreparedStatement ps = c.prepareStatement("select coalesce(max(seq), 0) from audit_checkpoint");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            latest = rs.getLong(1);
        }
        if (headSeq <= latest) {
            return -1;
        }
        insertCheckpoint(c, signer, headSeq, headHash);
        return headSeq;
    }

    private static void insertCheckpoint(Connection c, CheckpointSigner signer, long seq, String hash)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into audit_checkpoint (seq, hash, key_id, signature) values (?,?,?,?) on conflict do nothing")) {
            ps.setLong(1, seq);
            ps.setString(2, hash);
            ps.setString(3, signer.keyId());
            ps.setString(4, signer.sign(seq, hash));
            ps.executeUpdate();
        }
    }

    private record Row(long seq, String topic, int partition, long offset, String eventId, String eventType,
            String eventTime, String subject, String correlationId, String causationId, String payload,
            String prevHash, String hash) {}

    private record Checkpoint(String hash, String keyId, String signature) {}

    /**
     * Recomputes the chain from the first record: the reader streams rows and checks the links (seq continuity, each
     * prev_hash equals the previous stored hash, stored hashes at signed checkpoints) while a pool recomputes the
     * hashes of chunks in parallel. Then the head and the latest signed checkpoint must be covered by the chain.
     */
    public static Verification verify(Connection c, CheckpointSigner signer, int threads) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            return doVerify(c, signer, Math.max(1, threads));
        } finally {
            c.commit();
            c.setAutoCommit(autoCommit);
        }
    }

    private static Verification doVerify(Connection c, CheckpointSigner signer, int threads) throws SQLException {
        c.createStatement().execute("set transaction isolation level repeatable read");
        long headSeq;
        String headHash;
        try (PreparedStatement ps = c.prepareStatement("select last_seq, last_hash from audit_chain_head where id = 1");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            headSeq = rs.getLong(1);
            headHash = rs.getString(2);
        }
        TreeMap<Long, Checkpoint> checkpoints = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("select seq, hash, key_id, signature from audit_checkpoint");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                checkpoints.put(rs.getLong(1), new Checkpoint(rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        Long broken = null;
        String detail = null;
        for (Map.Entry<Long, Checkpoint> cp : checkpoints.entrySet()) {
            if (!signer.verify(cp.getKey(), cp.getValue().hash(), cp.getValue().signature())) {
                broken = cp.getKey();
                detail = "checkpoint " + cp.getKey() + " has an invalid signature";
                break;
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "audit-verify");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<Long>> inFlight = new ArrayDeque<>();
        String prev = AuditHash.GENESIS;
        long expectedSeq = 1;
        long count = 0;
        Long linkBroken = null;
        String linkDetail = null;
        Long hashBroken = null;
        try (PreparedStatement ps = c.prepareStatement("select seq, topic, kafka_partition, kafka_offset, event_id,"
                + " event_type, event_time, subject, correlation_id, causation_id, payload, prev_hash, hash"
                + " from audit_record order by seq")) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                List<Row> chunk = new ArrayList<>(4096);
                while (rs.next()) {
                    Row row = new Row(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                            rs.getString(11), rs.getString(12), rs.getString(13));
                    if (row.seq() != expectedSeq) {
                        linkBroken = expectedSeq;
                        linkDetail = "record " + expectedSeq + " is missing";
                        break;
                    }
                    if (!prev.equals(row.prevHash())) {
                        linkBroken = row.seq();
                        linkDetail = "record " + row.seq() + " does not link to its predecessor";
                        break;
                    }
                    Checkpoint cp = checkpoints.get(row.seq());
                    if (cp != null && !cp.hash().equals(row.hash())) {
                        Long before = checkpoints.lowerKey(row.seq());
                        linkBroken = before == null ? 1 : before + 1;
                        linkDetail = "records between " + linkBroken + " and " + row.seq()
                                + " were rewritten: the chain no longer matches the signed checkpoint " + row.seq();
                        break;
                    }
                    chunk.add(row);
                    if (chunk.size() == 4096) {
                        inFlight.add(submit(pool, chunk));
                        chunk = new ArrayList<>(4096);
                        if (inFlight.size() > threads * 4) {
                            hashBroken = firstOf(hashBroken, join(inFlight.poll()));
                        }
                    }
                    prev = row.hash();
                    expectedSeq++;
                    count++;
                }
                if (!chunk.isEmpty()) {
                    inFlight.add(submit(pool, chunk));
                }
                while (!inFlight.isEmpty()) {
                    hashBroken = firstOf(hashBroken, join(inFlight.poll()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // the earliest problem wins
        Map<Long, String> problems = new LinkedHashMap<>();
        if (broken != null) {
            problems.put(broken, detail);
        }
        if (linkBroken != null) {
            problems.putIfAbsent(linkBroken, linkDetail);
        }
        if (hashBroken != null) {
            problems.putIfAbsent(hashBroken, "record " + hashBroken + " does not match its hash");
        }
        if (linkBroken == null) {
            Long latest = checkpoints.isEmpty() ? null : checkpoints.lastKey();
            if (latest != null && latest > count) {
                problems.putIfAbsent(count + 1, "the chain ends at " + count + " but checkpoint " + latest
                        + " was signed: records were removed");
            }
            if (count != headSeq || !prev.equals(headHash)) {
                problems.putIfAbsent(count + 1, "the chain ends at " + count + " but its head says " + headSeq
                        + ": records were removed");
            }
        }
        if (problems.isEmpty()) {
            return new Verification(true, count, null, checkpoints.size(), "intact");
        }
        long first = problems.keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
        return new Verification(false, count, first, checkpoints.size(), problems.get(first));
    }

    private static Long firstOf(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.min(a, b);
    }

    private static Future<Long> submit(ExecutorService pool, List<Row> rows) {
        return pool.submit(() -> {
            MessageDigest digest = AuditHash.sha256();
            for (Row r : rows) {
                String hash = AuditHash.of(digest, r.prevHash(), r.seq(), r.topic(), r.partition(), r.offset(),
                        r.eventId(), r.eventType(), r.eventTime(), r.subject(), r.correlationId(), r.causationId(),
                        r.payload());
                if (!hash.equals(r.hash())) {
                    return r.seq();
                }
            }
            return null;
        });
    }

    private static Long join(Future<Long> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
