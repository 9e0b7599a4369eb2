package dev.compass.governance.persistence;

import dev.compass.governance.domain.AuditHash;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The append-only, hash-chained audit trail in PostgreSQL. */
@ApplicationScoped
public class AuditStore {
    @Inject
    AgroalDataSource dataSource;

    /** What is appended: one consumed event. */
    public record Entry(String topic, int partition, long offset, String eventId, String eventType, String eventTime,
            String subject, String correlationId, String causationId, String conversationId, String payload) {}

    /** A stored record. */
    public record Record(long seq, String topic, int partition, long offset, String eventId, String eventType,
            String eventTime, String recordedAt, String subject, String correlationId, String causationId,
            String conversationId, String payload, String prevHash, String hash) {}

    /**
     * Appends an entry at the head of the chain, in the caller's transaction. An event id already recorded is not
     * recorded again (redelivery); returns false then.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean append(Entry e) {
        try (Connection c = dataSource.getConnection()) {
            long lastSeq;
            String lastHash;
            try (PreparedStatement ps = c.prepareStatement(
                    "select last_seq, last_hash from audit_chain_head where id = 1 for update");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                lastSeq = rs.getLong(1);
                lastHash = rs.getString(2);
            }
            try (PreparedStatement ps = c.prepareStatement("select 1 from audit_record where event_id = ?")) {
                ps.setString(1, e.eventId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            long seq = lastSeq + 1;
            String hash = AuditHash.of(lastHash, seq, e.topic(), e.partition(), e.offset(), e.eventId(),
                    e.eventType(), e.eventTime(), e.subject(), e.correlationId(), e.causationId(), e.payload());
            try (PreparedStatement ps = c.prepareStatement("insert into audit_record (seq, topic, kafka_partition,"
                    + " kafka_offset, event_id, event_type, event_time, subject, correlation_id, causation_id,"
                    + " conversation_id, payload, prev_hash, hash) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
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
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "update audit_chain_head set last_seq = ?, last_hash = ? where id = 1")) {
                ps.setLong(1, seq);
                ps.setString(2, hash);
                ps.executeUpdate();
            }
            return true;
        } catch (SQLException ex) {
            throw new IllegalStateException("cannot append to the audit trail", ex);
        }
    }

    /** Records of one story, in order: by correlation id, conversation id or subject. */
    public List<Record> story(String correlationId, String conversationId, String subject, int limit) {
        String where;
        String value;
        if (conversationId != null) {
            where = "conversation_id = ? or correlation_id = ?";
            value = conversationId;
        } else if (correlationId != null) {
            where = "correlation_id = ? or correlation_id = ?";
            value = correlationId;
        } else {
            where = "subject = ? or subject = ?";
            value = subject;
        }
        List<Record> records = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select seq, topic, kafka_partition, kafka_offset, event_id, event_type, event_time, recorded_at::text,"
                        + " subject, correlation_id, causation_id, conversation_id, payload, prev_hash, hash"
                        + " from audit_record where " + where + " order by seq limit ?")) {
            ps.setString(1, value);
            ps.setString(2, value);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(new Record(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                            rs.getString(14), rs.getString(15)));
                }
            }
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        return records;
    }

    /** Result of a verification: whether the chain is intact, how many records, and the first broken one. */
    public record Verification(boolean valid, long records, Long firstBrokenSeq, String detail) {}

    /** Recomputes the chain from the first record to the head; streams rows, constant memory. */
    public Verification verify() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long headSeq;
            String headHash;
            try (PreparedStatement ps = c.prepareStatement("select last_seq, last_hash from audit_chain_head where id = 1");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                headSeq = rs.getLong(1);
                headHash = rs.getString(2);
            }
            String prev = AuditHash.GENESIS;
            long expectedSeq = 1;
            long count = 0;
            try (PreparedStatement ps = c.prepareStatement("select seq, topic, kafka_partition, kafka_offset, event_id,"
                    + " event_type, event_time, subject, correlation_id, causation_id, payload, prev_hash, hash"
                    + " from audit_record order by seq")) {
                ps.setFetchSize(5000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        if (seq != expectedSeq) {
                            return new Verification(false, count, expectedSeq, "record " + expectedSeq + " is missing");
                        }
                        String hash = AuditHash.of(prev, seq, rs.getString(2), rs.getInt(3), rs.getLong(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                                rs.getString(10), rs.getString(11));
                        if (!prev.equals(rs.getString(12)) || !hash.equals(rs.getString(13))) {
                            return new Verification(false, count, seq, "record " + seq + " does not match its hash");
                        }
                        prev = hash;
                        expectedSeq++;
                        count++;
                    }
                }
            }
            if (count != headSeq || !prev.equals(headHash)) {
                return new Verification(false, count, count + 1,
                        "the chain ends at " + count + " but its head says " + headSeq + ": records were removed");
            }
            return new Verification(true, count, null, "intact");
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
