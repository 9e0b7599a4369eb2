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
            String eventTime, java.time.Instant recordedAt, String subject, String correlationId,
            String causationId, String conversationId, String payload, String prevHash, String hash) {}

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
     * Up to {@code limit} records with a sequence number above {@code afterSeq}, in order, that satisfy every filter
     * given (at least one): the story of the conversation, the story of the correlation, and the subject. A
     * conversation id's story holds the records that carry it (the payload's conversationId, or as correlation id), a
     * correlation id's story the records that carry it; each is widened to the records sharing their correlation ids
     * and, transitively, to the records caused by any of them (a decision caused by a proposal, a ledger change caused
     * by a decision). A subject matches the records of that subject.
     */
    public List<Record> story(String correlationId, String conversationId, String subject, long afterSeq, int limit) {
        List<String> ctes = new ArrayList<>();
        List<String> where = new ArrayList<>();
        List<String> params = new ArrayList<>();
        if (conversationId != null) {
            ctes.add(storyOf("conversation", "conversation_id = ? or correlation_id = ?"));
            where.add("seq in (select seq from conversation_story)");
            params.add(conversationId);
            params.add(conversationId);
        }
        if (correlationId != null) {
            ctes.add(storyOf("correlation", "correlation_id = ?"));
            where.add("seq in (select seq from correlation_story)");
            params.add(correlationId);
        }
        if (subject != null) {
            where.add("subject = ?");
            params.add(subject);
        }
        if (where.isEmpty()) {
            throw new IllegalArgumentException("a story needs a conversation id, a correlation id or a subject");
        }
        String sql = (ctes.isEmpty() ? "" : "with recursive " + String.join(",\n", ctes) + "\n")
                + "select " + COLUMNS + " from audit_record where " + String.join(" and ", where)
                + " and seq > ? order by seq limit ?";
        List<Record> records = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
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

    /** The common table expressions of one story ({@code <name>_story}), seeded by the records matching {@code seed}. */
    private static String storyOf(String name, String seed) {
        return """
                %1$s_seed as (select * from audit_record where %2$s),
                %1$s_widened as (select * from %1$s_seed union
                    select r.* from audit_record r where r.correlation_id in
                      (select correlation_id from %1$s_seed where correlation_id is not null)),
                %1$s_story as (select * from %1$s_widened union
                    select r.* from audit_record r join %1$s_story s on r.causation_id = s.event_id)\
                """.formatted(name, seed);
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
            + " recorded_at, subject, correlation_id, causation_id, conversation_id, payload, prev_hash, hash";

    private static Record record(ResultSet rs) throws SQLException {
        return new Record(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), recordedAt(rs), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15));
    }

    /** When the record was appended: an instant (the API writes it ISO-8601 in UTC, as its other times). */
    private static java.time.Instant recordedAt(ResultSet rs) throws SQLException {
        java.time.OffsetDateTime at = rs.getObject(8, java.time.OffsetDateTime.class);
        return at == null ? null : at.toInstant();
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
