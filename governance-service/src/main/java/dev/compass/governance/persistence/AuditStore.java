package dev.compass.governance.persistence;

import dev.compass.contracts.Topics;
import dev.compass.governance.config.GovernanceConfig;
import dev.compass.governance.domain.CheckpointSigner;
import io.agroal.api.AgroalDataSource;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The append-only, hash-chained audit trail in PostgreSQL, with signed checkpoints. */
@ApplicationScoped
public class AuditStore {
    @Inject
    AgroalDataSource dataSource;
    @Inject
    GovernanceConfig config;

    private CheckpointSigner signer;

    /** A stored record. */
    public record Record(long seq, String topic, int partition, long offset, String eventId, String eventType,
            String eventTime, String recordedAt, String subject, String correlationId, String causationId,
            String conversationId, String payload, String prevHash, String hash) {}

    @PostConstruct
    void init() {
        signer = new CheckpointSigner(config.audit().checkpointKeyId(), config.audit().checkpointKey());
    }

    /** Appends entries at the head of the chain in the caller's transaction; redelivered event ids are skipped. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int append(List<AuditChain.Entry> entries) {
        try (Connection c = dataSource.getConnection()) {
            return AuditChain.append(c, entries, signer, config.audit().checkpointEvery());
        } catch (SQLException ex) {
            throw new IllegalStateException("cannot append to the audit trail", ex);
        }
    }

    /** Signs the head of the chain if it moved since the latest checkpoint. */
    @Transactional
    public long checkpoint() {
        try (Connection c = dataSource.getConnection()) {
            return AuditChain.checkpointHead(c, signer);
        } catch (SQLException ex) {
            throw new IllegalStateException("cannot write an audit checkpoint", ex);
        }
    }

    /**
     * Records of one story, in order. A conversation id matches records that carry it (header subject/correlation or
     * the payload's conversationId), records sharing their correlation ids, and, transitively, records caused by any
     * of them (a decision caused by a proposal, a ledger change caused by a decision).
     */
    /** Up to {@code limit} records of a story with a sequence number above {@code afterSeq}, in order. */
    public List<Record> story(String correlationId, String conversationId, String subject, long afterSeq, int limit) {
        String seed;
        List<String> params = new ArrayList<>();
        if (conversationId != null) {
            seed = "conversation_id = ? or correlation_id = ?";
            params.add(conversationId);
            params.add(conversationId);
        } else if (correlationId != null) {
            seed = "correlation_id = ?";
            params.add(correlationId);
        } else {
            seed = "subject = ?";
            params.add(subject);
        }
        String sql = subject != null && conversationId == null && correlationId == null
                ? "select * from audit_record where " + seed + " and seq > " + afterSeq
                : """
                with recursive seed as (select * from audit_record where %s),
                  widened as (select * from seed union
                      select r.* from audit_record r where r.correlation_id in
                        (select correlation_id from seed where correlation_id is not null)),
                  story as (select * from widened union
                      select r.* from audit_record r join story s on r.causation_id = s.event_id)
                select * from story
                """.formatted(seed);
        List<Record> records = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select " + COLUMNS + " from (" + sql + ") s where seq > ? order by seq limit ?")) {
            int i = 1;
            for (String p : params) {
                ps.setString(i++, p);
            }
            ps.setLong(i++, afterSeq);
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(record(rs));
                }
            }
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        return records;
    }

    /**
     * The audited {@code ingestion.documents.v1} payloads of these documents, in sequence order (found by subject, the
     * document id, and kept only when the payload names the same document).
     */
    public List<String> documentPayloads(Collection<String> documentIds) {
        if (documentIds.isEmpty()) {
            return List.of();
        }
        List<String> payloads = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select payload from audit_record where subject = any(?) and topic = ? order by seq")) {
            ps.setArray(1, c.createArrayOf("text", documentIds.toArray()));
            ps.setString(2, Topics.DOCUMENTS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    payloads.add(rs.getString(1));
                }
            }
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        return payloads;
    }

    /** The audited {@code insight.questions.v1} records of these conversations or with these event ids, in order. */
    public List<Record> questions(Collection<String> conversationIds, Collection<String> eventIds) {
        if (conversationIds.isEmpty() && eventIds.isEmpty()) {
            return List.of();
        }
        List<Record> records = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select " + COLUMNS + " from audit_record where topic = ? and (conversation_id = any(?)"
                        + " or event_id = any(?)) order by seq")) {
            ps.setString(1, Topics.QUESTIONS);
            ps.setArray(2, c.createArrayOf("text", conversationIds.toArray()));
            ps.setArray(3, c.createArrayOf("text", eventIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(record(rs));
                }
            }
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        return records;
    }

    private static final String COLUMNS = "seq, topic, kafka_partition, kafka_offset, event_id, event_type, event_time,"
            + " recorded_at::text, subject, correlation_id, causation_id, conversation_id, payload, prev_hash, hash";

    private static Record record(ResultSet rs) throws SQLException {
        return new Record(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15));
    }

    /** Recomputes the chain and checks the signed checkpoints. */
    public AuditChain.Verification verify() {
        int threads = config.audit().verifyThreads() > 0 ? config.audit().verifyThreads()
                : Runtime.getRuntime().availableProcessors();
        try (Connection c = dataSource.getConnection()) {
            return AuditChain.verify(c, signer, threads);
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
