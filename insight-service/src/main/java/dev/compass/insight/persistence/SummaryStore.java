package dev.compass.insight.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.compass.contracts.schema.EventJson;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Executive summaries of fully indexed documents. */
@ApplicationScoped
public class SummaryStore {
    @Inject
    AgroalDataSource dataSource;

    /** A key finding: a quoted sentence, its page, the pages of related sentences and its chunk. */
    public record StoredFinding(String text, int page, List<Integer> pages, String chunkId) {}

    public record StoredSummary(String documentId, String summary, List<StoredFinding> findings, String method) {}

    @Transactional(Transactional.TxType.MANDATORY)
    public void save(StoredSummary s) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into document_summary (document_id, summary, findings, method) values (?, ?, ?, ?)"
                        + " on conflict (document_id) do update set summary = excluded.summary,"
                        + " findings = excluded.findings, method = excluded.method, created_at = now()")) {
            ps.setString(1, s.documentId());
            ps.setString(2, s.summary());
            ps.setString(3, EventJson.mapper().writeValueAsString(s.findings()));
            ps.setString(4, s.method());
            ps.executeUpdate();
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Indexed documents whose synthesis an earlier summarizer got wrong, after {@code afterId} (by id, a page of at
     * most {@code limit}): an empty extractive or generative summary (text without sentence punctuation gave none),
     * or a synthesis citing page 0, which a document without page numbers does not have. A synthesis saying there is
     * nothing to summarise is not one of them.
     */
    public List<String> stale(String afterId, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select s.document_id from document_summary s join document d on d.document_id = s.document_id"
                        + " where d.status = 'INDEXED' and s.document_id > ? and s.method <> ?"
                        + " and (s.summary = '' or s.summary like '%(p. 0)%' or s.findings like '%\"pages\":[0]%')"
                        + " order by s.document_id limit ?")) {
            ps.setString(1, afterId);
            ps.setString(2, dev.compass.insight.domain.Summaries.NOTHING_TO_SUMMARISE);
            ps.setInt(3, limit);
            List<String> ids = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<StoredSummary> find(String documentId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select summary, findings, method from document_summary where document_id = ?")) {
            ps.setString(1, documentId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<StoredFinding> findings = EventJson.mapper().readValue(rs.getString(2),
                        new TypeReference<List<StoredFinding>>() {});
                return Optional.of(new StoredSummary(documentId, rs.getString(1), findings, rs.getString(3)));
            }
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
