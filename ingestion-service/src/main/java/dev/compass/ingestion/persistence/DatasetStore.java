package dev.compass.ingestion.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Data sets: every one kept (USABLE or REJECTED) with its issues and its original file. */
@ApplicationScoped
public class DatasetStore {
    @Inject
    AgroalDataSource dataSource;

    public record DatasetRecord(String id, String brand, String market, String kpi, String dateColumn,
            List<String> channels, List<String> controls, String status, int weeks, List<Map<String, Object>> issues,
            String mediaType, String contentHash, String createdBy, Instant createdAt) {}

    public void insert(DatasetRecord d) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into dataset (id, brand, market, kpi, date_column, channels, controls, status, weeks, issues,"
                        + " media_type, content_hash, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)")) {
            ps.setString(1, d.id());
            ps.setString(2, d.brand());
            ps.setString(3, d.market());
            ps.setString(4, d.kpi());
            ps.setString(5, d.dateColumn());
            ps.setArray(6, Jdbc.texts(c, d.channels()));
            ps.setArray(7, Jdbc.texts(c, d.controls()));
            ps.setString(8, d.status());
            ps.setInt(9, d.weeks());
            ps.setString(10, Jdbc.json(d.issues()));
            ps.setString(11, d.mediaType());
            ps.setString(12, d.contentHash());
            ps.setString(13, d.createdBy());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw Jdbc.fail("cannot store the data set", e);
        }
    }

    /**
     * The usable data set stored from the same bytes with the same brand, market, KPI, date column, channels and
     * controls, if any. Takes a transaction-scoped advisory lock on that content and brand first, so that two identical
     * submissions in flight at once are answered one after the other (the second finds the first).
     */
    public Optional<String> findUsableCopy(String contentHash, String brand, String market, String kpi,
            String dateColumn, List<String> channels, List<String> controls) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                lock.setString(1, "dataset|" + contentHash + "|" + brand + "|" + market);
                lock.execute();
            }
            try (PreparedStatement ps = c.prepareStatement("select id from dataset where content_hash = ? and brand = ?"
                    + " and market = ? and kpi = ? and date_column = ? and channels = ? and controls = ?"
                    + " and status = 'USABLE' order by created_at limit 1")) {
                ps.setString(1, contentHash);
                ps.setString(2, brand);
                ps.setString(3, market);
                ps.setString(4, kpi);
                ps.setString(5, dateColumn);
                ps.setArray(6, Jdbc.texts(c, channels));
                ps.setArray(7, Jdbc.texts(c, controls));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        } catch (SQLException e) {
            throw Jdbc.fail("cannot look up the data set", e);
        }
    }

    public Optional<DatasetRecord> find(String id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select id, brand, market, kpi, date_column, channels, controls, status, weeks, issues, media_type,"
                        + " content_hash, created_by, created_at from dataset where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DatasetRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), Jdbc.texts(rs, "channels"), Jdbc.texts(rs, "controls"),
                        rs.getString(8), rs.getInt(9), Jdbc.fromJson(rs.getString(10),
                                new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() {}),
                        rs.getString(11), rs.getString(12), rs.getString(13), rs.getTimestamp(14).toInstant()));
            }
        } catch (SQLException e) {
            throw Jdbc.fail("cannot read the data set", e);
        }
    }
}
