package dev.compass.ingestion.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.schema.EventJson;
import dev.compass.ingestion.connectors.ItemSink;
import dev.compass.kit.paging.Keyset;
import dev.compass.kit.paging.KeysetQuery;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sources, syncs, per-site progress, item state and drive delta links. */
@ApplicationScoped
public class SyncStore {
    /** A named parameter of a {@link KeysetQuery} clause (which holds no {@code ::} casts). */
    private static final Pattern NAMED = Pattern.compile("(?<!:):([A-Za-z_][A-Za-z0-9_]*)");

    @Inject
    AgroalDataSource dataSource;

    public record SourceRecord(String id, String type, String name, JsonNode config, Instant createdAt) {}

    public record SyncRecord(String id, String sourceId, String status, int sitesTotal, boolean enumerationDone,
            boolean fullResync, List<String> errors, Instant startedAt, Instant finishedAt) {}

    public record Progress(int sitesDone, int sitesFailed, long seen, long created, long changed, long deleted,
            long failed, List<String> siteErrors) {}

    public record SiteState(String status, String siteName) {}

    public void insertSource(String id, String type, String name, JsonNode config) {
        update("insert into source (id, type, name, config) values (?, ?, ?, ?::jsonb)", id, type, name,
                config.toString());
    }

    public Optional<SourceRecord> source(String id) {
        return query("select id, type, name, config::text, created_at from source where id = ?", SyncStore::mapSource,
                id).stream().findFirst();
    }

    /**
     * Up to {@code limit} sources, oldest first (by creation time, then id), after the last one of a previous page
     * ({@code after}; null on the first page). One range scan of the index {@code source_created}.
     */
    public List<SourceRecord> sources(Keyset after, int limit) {
        KeysetQuery page = new KeysetQuery("created_at", "id", false).after(after);
        List<Object> args = new ArrayList<>();
        String clause = positional(page.query(), page.params(), args);
        args.add(limit);
        return query("select id, type, name, config::text, created_at from source"
                + (clause.startsWith("order by") ? " " : " where ") + clause + " limit ?", SyncStore::mapSource,
                args.toArray());
    }

    private static SourceRecord mapSource(ResultSet rs) throws SQLException {
        try {
            return new SourceRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                    EventJson.mapper().readTree(rs.getString(4)), rs.getTimestamp(5).toInstant());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A {@link KeysetQuery}'s condition and order for JDBC: each named parameter ({@code :name}) becomes a {@code ?},
     * its value appended to {@code args} in order.
     */
    private static String positional(String clause, Map<String, Object> params, List<Object> args) {
        Matcher m = NAMED.matcher(clause);
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
            if (!params.containsKey(m.group(1))) {
                throw new IllegalStateException("no value for :" + m.group(1) + " in " + clause);
            }
            args.add(params.get(m.group(1)));
            m.appendReplacement(sql, "?");
        }
        m.appendTail(sql);
        return sql.toString();
    }

    /**
     * Records a new running sync of a source; false when the source already has one (at most one runs per source,
     * enforced by the index {@code sync_one_running_per_source}, so two concurrent starts cannot both succeed).
     */
    public boolean insertSync(String id, String sourceId, boolean fullResync) {
        return update("insert into sync (id, source_id, status, full_resync) values (?, ?, 'RUNNING', ?)"
                + " on conflict (source_id) where status = 'RUNNING' do nothing", id, sourceId, fullResync) == 1;
    }

    /** The running sync of a source, if any. */
    public Optional<String> runningSync(String sourceId) {
        return query("select id from sync where source_id = ? and status = 'RUNNING'", rs -> rs.getString(1),
                sourceId).stream().findFirst();
    }

    /** The status of a sync (RUNNING, COMPLETED, COMPLETED_WITH_ERRORS, FAILED, CANCELLED), empty if unknown. */
    public Optional<String> syncStatus(String syncId) {
        return query("select status from sync where id = ?", rs -> rs.getString(1), syncId).stream().findFirst();
    }

    /**
     * Cancels a running sync: its sites not yet started are cancelled; a site in progress stops at its next item.
     * False when the sync is not running.
     */
    public boolean cancel(String syncId, String by) {
        if (update("update sync set status = 'CANCELLED', finished_at = now(), errors = errors || to_jsonb(?::text)"
                + " where id = ? and status = 'RUNNING'", "cancelled by " + by, syncId) == 0) {
            return false;
        }
        update("update sync_site set status = 'CANCELLED', finished_at = now() where sync_id = ? and status ="
                + " 'PENDING'", syncId);
        return true;
    }

    public Optional<SyncRecord> sync(String id) {
        return query("select id, source_id, status, sites_total, enumeration_done, full_resync, errors::text,"
                + " started_at, finished_at from sync where id = ?", SyncStore::mapSync, id).stream().findFirst();
    }

    public List<SyncRecord> unfinishedEnumerations() {
        return query("select id, source_id, status, sites_total, enumeration_done, full_resync, errors::text,"
                + " started_at, finished_at from sync where status = 'RUNNING' and not enumeration_done",
                SyncStore::mapSync);
    }

    private static SyncRecord mapSync(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp(9);
        return new SyncRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getBoolean(5),
                rs.getBoolean(6), Jdbc.fromJson(rs.getString(7),
                        new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {}),
                rs.getTimestamp(8).toInstant(), finished == null ? null : finished.toInstant());
    }

    /** Adds a site to a sync; true when it is new to this sync (its work item must be published). */
    public boolean addSite(String syncId, String siteId, String siteName) {
        return update("insert into sync_site (sync_id, site_id, site_name) values (?, ?, ?) on conflict do nothing",
                syncId, siteId, siteName) == 1;
    }

    public void sitesEnumerated(String syncId, boolean done) {
        update("update sync set sites_total = (select count(*) from sync_site where sync_id = ?),"
                + " enumeration_done = ? where id = ?", syncId, done, syncId);
    }

    public void failSync(String syncId, String error) {
        update("update sync set status = 'FAILED', finished_at = now(), errors = errors || to_jsonb(?::text)"
                + " where id = ?", error, syncId);
    }

    public Optional<SiteState> site(String syncId, String siteId) {
        return query("select status, site_name from sync_site where sync_id = ? and site_id = ?",
                rs -> new SiteState(rs.getString(1), rs.getString(2)), syncId, siteId).stream().findFirst();
    }

    public void startSite(String syncId, String siteId) {
        update("update sync_site set status = 'RUNNING', attempts = attempts + 1 where sync_id = ? and site_id = ?",
                syncId, siteId);
    }

    public void count(String syncId, String siteId, String column, String error) {
        if (!List.of("items_seen", "items_new", "items_changed", "items_deleted", "items_failed").contains(column)) {
            throw new IllegalArgumentException(column);
        }
        if (error == null) {
            update("update sync_site set " + column + " = " + column + " + 1 where sync_id = ? and site_id = ?",
                    syncId, siteId);
        } else {
            update("update sync_site set " + column + " = " + column + " + 1, errors = case when"
                    + " jsonb_array_length(errors) < 100 then errors || to_jsonb(?::text) else errors end"
                    + " where sync_id = ? and site_id = ?", error, syncId, siteId);
        }
    }

    /** Ends a site (DONE or FAILED) and, when it was the last one, the sync; serialised on the sync row. */
    public void finishSite(String syncId, String siteId, String status, String error) {
        query("select id from sync where id = ? for update", rs -> rs.getString(1), syncId);
        if (error == null) {
            update("update sync_site set status = ?, finished_at = now() where sync_id = ? and site_id = ?", status,
                    syncId, siteId);
        } else {
            update("update sync_site set status = ?, finished_at = now(), errors = errors || to_jsonb(?::text)"
                    + " where sync_id = ? and site_id = ?", status, error, syncId, siteId);
        }
        completeIfDone(syncId);
    }

    public void completeIfDone(String syncId) {
        update("update sync set status = case when exists (select 1 from sync_site where sync_id = ? and status ="
                + " 'FAILED') or exists (select 1 from sync_site where sync_id = ? and items_failed > 0)"
                + " then 'COMPLETED_WITH_ERRORS' else 'COMPLETED' end, finished_at = now()"
                + " where id = ? and status = 'RUNNING' and enumeration_done and not exists (select 1 from sync_site"
                + " where sync_id = ? and status not in ('DONE', 'FAILED'))", syncId, syncId, syncId, syncId);
    }

    public Progress progress(String syncId) {
        return query("select count(*) filter (where status = 'DONE'), count(*) filter (where status = 'FAILED'),"
                + " coalesce(sum(items_seen), 0), coalesce(sum(items_new), 0), coalesce(sum(items_changed), 0),"
                + " coalesce(sum(items_deleted), 0), coalesce(sum(items_failed), 0),"
                + " coalesce((select jsonb_agg(e) from (select site_id || ': ' || (x #>> '{}') as e from sync_site,"
                + " jsonb_array_elements(errors) x where sync_id = ? limit 100) t), '[]')::text"
                + " from sync_site where sync_id = ?", rs -> new Progress(rs.getInt(1), rs.getInt(2), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), Jdbc.fromJson(rs.getString(8),
                                new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {})),
                syncId, syncId).get(0);
    }

    // --- items ---

    public ItemSink.Known item(String sourceId, String key) {
        return query("select size_bytes, modified, version_tag, content_hash, document_id from source_item"
                + " where source_id = ? and item_key = ?", rs -> new ItemSink.Known(rs.getLong(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getString(5)), sourceId, key).stream().findFirst()
                .orElse(null);
    }

    public void seen(String sourceId, String key, String round) {
        update("update source_item set seen_round = ? where source_id = ? and item_key = ?", round, sourceId, key);
    }

    public void upsertItem(String sourceId, ItemSink.Item item, String contentHash, String documentId, String round) {
        update("insert into source_item (source_id, item_key, site_id, drive_id, path, size_bytes, modified,"
                + " version_tag, content_hash, document_id, seen_round) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (source_id, item_key) do update set path = excluded.path, size_bytes ="
                + " excluded.size_bytes, modified = excluded.modified, version_tag = excluded.version_tag,"
                + " content_hash = excluded.content_hash, document_id = excluded.document_id,"
                + " seen_round = coalesce(excluded.seen_round, source_item.seen_round)", sourceId, item.key(),
                item.siteId(), item.driveId(), item.path(), item.size(), item.modified(), item.versionTag(),
                contentHash, documentId, round);
    }

    public void removeItem(String sourceId, String key) {
        update("delete from source_item where source_id = ? and item_key = ?", sourceId, key);
    }

    public List<String> unseen(String sourceId, String siteId, String driveId, String round) {
        if (driveId != null) {
            return query("select item_key from source_item where source_id = ? and drive_id = ? and"
                    + " (seen_round is null or seen_round <> ?)", rs -> rs.getString(1), sourceId, driveId, round);
        }
        return query("select item_key from source_item where source_id = ? and site_id = ? and"
                + " (seen_round is null or seen_round <> ?)", rs -> rs.getString(1), sourceId, siteId, round);
    }

    public ItemSink.DeltaState delta(String sourceId, String driveId) {
        return query("select delta_link, resume_link, round_id from drive_delta where source_id = ? and drive_id = ?",
                rs -> new ItemSink.DeltaState(rs.getString(1), rs.getString(2), rs.getString(3)), sourceId, driveId)
                .stream().findFirst().orElse(null);
    }

    public void saveDelta(String sourceId, String driveId, String siteId, ItemSink.DeltaState s) {
        update("insert into drive_delta (source_id, drive_id, site_id, delta_link, resume_link, round_id)"
                + " values (?, ?, ?, ?, ?, ?) on conflict (source_id, drive_id) do update set delta_link ="
                + " excluded.delta_link, resume_link = excluded.resume_link, round_id = excluded.round_id,"
                + " updated_at = now()", sourceId, driveId, siteId, s.deltaLink(), s.resumeLink(), s.roundId());
    }

    // --- helpers ---

    private interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw Jdbc.fail("sync store update failed", e);
        }
    }

    private <T> List<T> query(String sql, Mapper<T> mapper, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw Jdbc.fail("sync store query failed", e);
        }
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            // the driver takes no Instant: a point in time goes as a timestamp with time zone
            ps.setObject(i + 1, args[i] instanceof Instant at ? OffsetDateTime.ofInstant(at, ZoneOffset.UTC) : args[i]);
        }
    }

    static Map<String, Object> none() {
        return Map.of();
    }
}
