package dev.compass.insight.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.compass.kit.paging.Keyset;
import dev.compass.mixmodel.FittedModel;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Data sets (as CSV) and fitted mix models (the whole fitted model as JSON, one row per version). */
@ApplicationScoped
public class MixModelStore {
    /**
     * Plain Jackson, as the mix-model module's round-trip test uses (NaN parameters are written as "NaN"); fields
     * that a later version dropped or renamed (e.g. lineage.bootstrapDraws before mix-model 2.0) are ignored, so
     * stored models of every version stay readable.
     */
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Inject
    AgroalDataSource dataSource;

    public record DatasetRow(String datasetId, String brand, String market, String kpi, String dateColumn,
            List<String> controls, List<String> ignored, String csv, String origin, String fitStatus) {}

    public record ModelRow(String modelId, String brand, String market, String kpi, int version, String datasetId,
            String parentId, FittedModel model, String createdBy, Instant createdAt) {}

    @Transactional(Transactional.TxType.MANDATORY)
    /** Stores a data set once; returns false when one with its id was stored before (the row is left as it was). */
    public boolean saveDataset(DatasetRow d) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into dataset (dataset_id, brand, market, kpi, date_column, controls, ignored, csv, origin)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (dataset_id) do nothing")) {
            ps.setString(1, d.datasetId());
            ps.setString(2, d.brand());
            ps.setString(3, d.market());
            ps.setString(4, d.kpi());
            ps.setString(5, d.dateColumn());
            ps.setString(6, String.join(",", d.controls()));
            ps.setString(7, String.join(",", d.ignored()));
            ps.setString(8, d.csv());
            ps.setString(9, d.origin());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<DatasetRow> dataset(String id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select dataset_id, brand, market, kpi, date_column, controls, ignored, csv, origin, fit_status"
                        + " from dataset where dataset_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DatasetRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), split(rs.getString(6)), split(rs.getString(7)), rs.getString(8),
                        rs.getString(9), rs.getString(10)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Data sets received from events whose fit has not happened yet (e.g. the service stopped meanwhile). */
    public List<String> unfittedEventDatasets() {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select dataset_id from dataset where fit_status = 'PENDING' and origin = 'event' order by received_at");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void datasetFitStatus(String id, String status, String error) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update dataset set fit_status = ?, fit_error = ? where dataset_id = ?")) {
            ps.setString(1, status);
            ps.setString(2, error);
            ps.setString(3, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores a model as the next version of its brand and market; returns the version. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int saveModel(FittedModel m, String datasetId, String parentId, String createdBy) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, m.brand() + "|" + m.market());
                lock.execute();
            }
            int version;
            try (PreparedStatement ps = c.prepareStatement(
                    "select coalesce(max(version), 0) + 1 from mix_model where brand = ? and market = ?")) {
                ps.setString(1, m.brand());
                ps.setString(2, m.market());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    version = rs.getInt(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("insert into mix_model (model_id, brand, market, kpi,"
                    + " version, dataset_id, parent_id, model_json, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, m.id());
                ps.setString(2, m.brand());
                ps.setString(3, m.market());
                ps.setString(4, m.kpi());
                ps.setInt(5, version);
                ps.setString(6, datasetId);
                ps.setString(7, parentId);
                ps.setString(8, JSON.writeValueAsString(m));
                ps.setString(9, createdBy);
                ps.executeUpdate();
            }
            return version;
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<ModelRow> model(String id) {
        List<ModelRow> rows = query("where model_id = ?", id);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Versions of a brand and market (either may be null: no filter), newest first. */
    /** A model version without its fitted model: what a listing shows. */
    public record ModelSummaryRow(String modelId, String brand, String market, String kpi, int version,
            String datasetId, String parentId, Double r2, Instant createdAt) {}

    /**
     * Up to {@code limit} model versions, newest first, optionally of one brand and market, after the last one of a
     * previous page ({@code after}; null on the first page). The R² is read from the stored JSON by the database, so
     * a listing does not deserialise models.
     */
    public List<ModelSummaryRow> list(String brand, String market, Keyset after, int limit) {
        String sql = "select model_id, brand, market, kpi, version, dataset_id, parent_id,"
                + " (model_json::jsonb #>> '{fit,r2}')::float8, created_at from mix_model"
                + " where (?::text is null or brand = ?) and (?::text is null or market = ?)"
                + (after == null ? "" : " and created_at <= ? and (created_at < ? or model_id < ?)")
                + " order by created_at desc, model_id desc limit ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, brand);
            ps.setString(i++, brand);
            ps.setString(i++, market);
            ps.setString(i++, market);
            if (after != null) {
                java.sql.Timestamp at = java.sql.Timestamp.from(after.at());
                ps.setTimestamp(i++, at);
                ps.setTimestamp(i++, at);
                ps.setString(i++, after.id());
            }
            ps.setInt(i, limit);
            List<ModelSummaryRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double fit = rs.getDouble(8);
                    // wasNull() right away: it reports the last column read (parent_id, null for a first version)
                    Double r2 = rs.wasNull() ? null : fit;
                    out.add(new ModelSummaryRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), rs.getString(6), rs.getString(7), r2,
                            rs.getTimestamp(9).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ModelRow> query(String where, String... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select model_id, brand, market, kpi, version, dataset_id, parent_id, model_json, created_by,"
                        + " created_at from mix_model " + where)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<ModelRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ModelRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), rs.getString(6), rs.getString(7),
                            JSON.readValue(rs.getString(8), FittedModel.class), rs.getString(9),
                            rs.getTimestamp(10).toInstant()));
                }
            }
            return out;
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isBlank() ? List.of() : List.of(csv.split(","));
    }
}
