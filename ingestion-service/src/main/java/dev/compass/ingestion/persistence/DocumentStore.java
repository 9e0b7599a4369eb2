package dev.compass.ingestion.persistence;

import dev.compass.contracts.events.DocumentMetadata;
import dev.compass.contracts.events.Quality;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Documents and their originals. Every method joins the caller's transaction when there is one (Agroal enlists the
 * connection), so a state change and the outbox rows announcing it commit together.
 */
@ApplicationScoped
public class DocumentStore {
    private static final String COLUMNS = "id, site, path, title, file_name, declared_type, media_type, groups, tags,"
            + " content_hash, size_bytes, status, reason, detail, duplicate_of, metadata, quality, chunk_count,"
            + " source_id, attempts, correlation_id, created_at, updated_at";

    @Inject
    AgroalDataSource dataSource;

    /** Stores an original once per content hash. */
    public void putBlob(String contentHash, byte[] bytes, String mediaType) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into blob (content_hash, size_bytes, media_type, data) values (?, ?, ?, ?)"
                        + " on conflict (content_hash) do nothing")) {
            ps.setString(1, contentHash);
            ps.setLong(2, bytes.length);
            ps.setString(3, mediaType);
            ps.setBytes(4, bytes);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw Jdbc.fail("cannot store the original", e);
        }
    }

    /** The original bytes of a content hash. */
    public byte[] blob(String contentHash) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select data from blob where content_hash = ?")) {
            ps.setString(1, contentHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw Jdbc.fail("cannot read the original", e);
        }
    }

    /** Streams the original to a consumer without holding it twice (the driver hands out the column's stream). */
    public boolean streamBlob(String contentHash, java.io.OutputStream out) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select data from blob where content_hash = ?")) {
            ps.setString(1, contentHash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                try (InputStream in = rs.getBinaryStream(1)) {
                    in.transferTo(out);
                }
                return true;
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot stream the original: " + e.getMessage(), e);
        }
    }

    /** The live (not deleted) document with these bytes at this site and path, if any. */
    public Optional<DocumentRecord> findUpload(String site, String path, String contentHash) {
        return one("select " + COLUMNS + " from document where site = ? and path = ? and content_hash = ?"
                + " and status <> 'DELETED'", site, path, contentHash);
    }

    /** Inserts a RECEIVED document; false when the same upload exists already (concurrent duplicate request). */
    public boolean insertReceived(DocumentRecord d) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into document (id, site, path, title, file_name, declared_type, groups, tags, content_hash,"
                        + " size_bytes, status, source_id, correlation_id) values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?,"
                        + " 'RECEIVED', ?, ?) on conflict do nothing")) {
            ps.setString(1, d.id());
            ps.setString(2, d.site());
            ps.setString(3, d.path());
            ps.setString(4, d.title());
            ps.setString(5, d.fileName());
            ps.setString(6, d.declaredType());
            ps.setArray(7, Jdbc.texts(c, d.groups()));
            ps.setString(8, Jdbc.json(d.tags() == null ? Map.of() : d.tags()));
            ps.setString(9, d.contentHash());
            ps.setLong(10, d.sizeBytes());
            ps.setString(11, d.sourceId());
            ps.setString(12, d.correlationId());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw Jdbc.fail("cannot store the document", e);
        }
    }

    public Optional<DocumentRecord> find(String id) {
        return one("select " + COLUMNS + " from document where id = ?", id);
    }

    /** A page of documents after {@code cursor} (an id), in id (= arrival) order. */
    public List<DocumentRecord> list(String status, String site, int limit, String cursor) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from document where true");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            sql.append(" and status = ?");
            args.add(status);
        }
        if (site != null) {
            sql.append(" and site = ?");
            args.add(site);
        }
        if (cursor != null) {
            sql.append(" and id > ?");
            args.add(cursor);
        }
        sql.append(" order by id limit ").append(limit);
        return many(sql.toString(), args.toArray());
    }

    /**
     * Claims a RECEIVED document for processing: a lease owned by this instance. Returns the attempt number, or -1 when
     * the document is not RECEIVED or another live lease holds it.
     */
    public int claim(String id, String owner, Duration lease, boolean reclaimOwn) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update document set lease_owner = ?, lease_until = now() + (? * interval '1 millisecond'),"
                        + " attempts = attempts + 1 where id = ? and status = 'RECEIVED' and (lease_until is null"
                        + " or lease_until < now()" + (reclaimOwn ? " or lease_owner = ?" : "") + ") returning attempts")) {
            ps.setString(1, owner);
            ps.setLong(2, lease.toMillis());
            ps.setString(3, id);
            if (reclaimOwn) {
                ps.setString(4, owner);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        } catch (SQLException e) {
            throw Jdbc.fail("cannot claim " + id, e);
        }
    }

    /** RECEIVED documents nobody holds a live claim on (or, at startup, that this instance held when it stopped). */
    public List<String> claimable(String owner, boolean includeOwn, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select id from document where status = 'RECEIVED' and (lease_until is null or lease_until < now()"
                        + (includeOwn ? " or lease_owner = ?" : "") + ") order by created_at limit " + limit)) {
            if (includeOwn) {
                ps.setString(1, owner);
            }
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw Jdbc.fail("cannot list RECEIVED documents", e);
        }
    }

    /** Records a terminal outcome; false when the document is no longer RECEIVED (deleted or done elsewhere). */
    public boolean complete(String id, String status, String reason, String detail, String duplicateOf,
            String mediaType, String title, DocumentMetadata metadata, Quality quality, int chunkCount) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update document set status = ?, reason = ?, detail = ?, duplicate_of = ?, media_type = ?,"
                        + " title = coalesce(title, ?), metadata = ?::jsonb, quality = ?::jsonb, chunk_count = ?,"
                        + " lease_owner = null, lease_until = null, updated_at = now()"
                        + " where id = ? and status = 'RECEIVED'")) {
            ps.setString(1, status);
            ps.setString(2, reason);
            ps.setString(3, detail);
            ps.setString(4, duplicateOf);
            ps.setString(5, mediaType);
            ps.setString(6, title);
            ps.setString(7, Jdbc.json(metadata));
            ps.setString(8, Jdbc.json(quality));
            ps.setInt(9, chunkCount);
            ps.setString(10, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw Jdbc.fail("cannot complete " + id, e);
        }
    }

    /** Marks a document DELETED; false when it already was. Its near-duplicate fingerprint goes with it. */
    public boolean markDeleted(String id) {
        try (Connection c = dataSource.getConnection()) {
            int n;
            try (PreparedStatement ps = c.prepareStatement("update document set status = 'DELETED',"
                    + " lease_owner = null, lease_until = null, updated_at = now() where id = ? and status <> 'DELETED'")) {
                ps.setString(1, id);
                n = ps.executeUpdate();
            }
            if (n == 1) {
                try (PreparedStatement ps = c.prepareStatement("delete from doc_signature where document_id = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
            }
            return n == 1;
        } catch (SQLException e) {
            throw Jdbc.fail("cannot delete " + id, e);
        }
    }

    /**
     * Takes, until the caller's transaction ends, the lock that serialises the registration, deletion and duplicates
     * of documents with these bytes ({@link PgSignatureStore#lockContent}).
     */
    public void lockContent(String contentHash) {
        try (Connection c = dataSource.getConnection()) {
            PgSignatureStore.lockContent(c, contentHash);
        } catch (SQLException e) {
            throw Jdbc.fail("cannot lock the content " + contentHash, e);
        }
    }

    /** True while the document is a live original: PUBLISHED, with its fingerprint registered. */
    public boolean isOriginal(String id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select 1 from doc_signature s join document d on d.id = s.document_id"
                        + " where s.document_id = ? and d.status = 'PUBLISHED'")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw Jdbc.fail("cannot read the signature of " + id, e);
        }
    }

    /**
     * Under the lock on these bytes ({@link #lockContent}), just after {@code originalId} was registered with
     * {@code groups}: the other live originals of the same bytes whose groups its own include (all their readers may
     * read it) become its DUPLICATEs, their fingerprints go, and their duplicates now point at it. Returns the ids of
     * the documents changed (demoted originals first), for their events.
     */
    public List<String> demoteNarrowerOriginals(String contentHash, List<String> groups, String originalId,
            Quality quality) {
        try (Connection c = dataSource.getConnection()) {
            List<String> demoted = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select s.document_id from doc_signature s join document d"
                    + " on d.id = s.document_id where s.content_hash = ? and s.document_id <> ? and ?::text[] @> s.groups"
                    + " and d.status = 'PUBLISHED' order by d.created_at, d.id")) {
                ps.setString(1, contentHash);
                ps.setString(2, originalId);
                ps.setArray(3, Jdbc.texts(c, groups));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        demoted.add(rs.getString(1));
                    }
                }
            }
            List<String> changed = new ArrayList<>(demoted);
            for (String id : demoted) {
                try (PreparedStatement ps = c.prepareStatement("delete from doc_signature where document_id = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("update document set status = 'DUPLICATE',"
                        + " duplicate_of = ?, detail = ?, quality = ?::jsonb, chunk_count = 0, updated_at = now()"
                        + " where id = ? and status = 'PUBLISHED'")) {
                    ps.setString(1, originalId);
                    ps.setString(2, "exact duplicate (same SHA-256) of " + originalId
                            + ", shared with groups that include all of its own");
                    ps.setString(3, Jdbc.json(quality));
                    ps.setString(4, id);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("update document set duplicate_of = ?,"
                        + " detail = replace(detail, ?, ?), updated_at = now() where duplicate_of = ?"
                        + " and status = 'DUPLICATE' and id <> all(?::text[]) returning id")) {
                    ps.setString(1, originalId);
                    ps.setString(2, id);
                    ps.setString(3, originalId);
                    ps.setString(4, id);
                    ps.setArray(5, Jdbc.texts(c, demoted));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            changed.add(rs.getString(1));
                        }
                    }
                }
            }
            return changed;
        } catch (SQLException e) {
            throw Jdbc.fail("cannot hand the originals of " + contentHash + " on to " + originalId, e);
        }
    }

    /**
     * Sends the duplicates of a document back to RECEIVED, to be processed again as if new (its original is being
     * deleted): returns their ids, oldest first.
     */
    public List<String> requeueDuplicatesOf(String id, String correlationId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update document set status = 'RECEIVED', reason = null, detail = null, duplicate_of = null,"
                        + " quality = null, chunk_count = null, attempts = 0, lease_owner = null, lease_until = null,"
                        + " correlation_id = coalesce(?, correlation_id), updated_at = now()"
                        + " where duplicate_of = ? and status = 'DUPLICATE' returning id, created_at")) {
            ps.setString(1, correlationId);
            ps.setString(2, id);
            List<Map.Entry<Timestamp, String>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(Map.entry(rs.getTimestamp(2), rs.getString(1)));
                }
            }
            rows.sort(Map.Entry.<Timestamp, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
            return rows.stream().map(Map.Entry::getValue).toList();
        } catch (SQLException e) {
            throw Jdbc.fail("cannot requeue the duplicates of " + id, e);
        }
    }

    private Optional<DocumentRecord> one(String sql, Object... args) {
        List<DocumentRecord> rows = many(sql, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private List<DocumentRecord> many(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<DocumentRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw Jdbc.fail("cannot read documents", e);
        }
    }

    private static DocumentRecord map(ResultSet rs) throws SQLException {
        Timestamp created = rs.getTimestamp("created_at");
        Timestamp updated = rs.getTimestamp("updated_at");
        int chunks = rs.getInt("chunk_count");
        Integer chunkCount = rs.wasNull() ? null : chunks;
        return new DocumentRecord(rs.getString("id"), rs.getString("site"), rs.getString("path"),
                rs.getString("title"), rs.getString("file_name"), rs.getString("declared_type"),
                rs.getString("media_type"), Jdbc.texts(rs, "groups"), Jdbc.stringMap(rs.getString("tags")),
                rs.getString("content_hash"), rs.getLong("size_bytes"), rs.getString("status"),
                rs.getString("reason"), rs.getString("detail"), rs.getString("duplicate_of"),
                Jdbc.fromJson(rs.getString("metadata"), DocumentMetadata.class),
                Jdbc.fromJson(rs.getString("quality"), Quality.class), chunkCount, rs.getString("source_id"),
                rs.getInt("attempts"), rs.getString("correlation_id"),
                created == null ? null : created.toInstant(), updated == null ? null : updated.toInstant());
    }
}
