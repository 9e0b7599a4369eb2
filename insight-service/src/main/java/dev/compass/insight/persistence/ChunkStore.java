package dev.compass.insight.persistence;

import dev.compass.contracts.events.ChunkEvent;
import dev.compass.contracts.events.DocumentMetadata;
import dev.compass.retrieval.IndexedChunk;
import dev.compass.retrieval.summary.PageText;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The record of documents and chunks in PostgreSQL: chunk text, facets, access groups and embedding vectors
 * (little-endian float32 in {@code bytea}). The search index is derived from it.
 */
@ApplicationScoped
public class ChunkStore {
    @Inject
    AgroalDataSource dataSource;

    /** A document as the index knows it. */
    public record DocumentRow(String documentId, String title, String site, List<String> groups, int totalChunks,
            String status, int quality, int receivedChunks, int embeddedChunks, String duplicateOf) {}

    /** A chunk waiting for its vector. */
    public record Pending(long seq, IndexedChunk chunk) {}

    public Optional<DocumentRow> document(String documentId) {
        String sql = "select d.document_id, d.title, d.site, d.access_groups, d.total_chunks, d.status, d.quality,"
                + " (select count(*) from chunk c where c.document_id = d.document_id),"
                + " (select count(*) from chunk c where c.document_id = d.document_id and c.vector is not null),"
                + " d.duplicate_of from document d where d.document_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, documentId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DocumentRow(rs.getString(1), rs.getString(2), rs.getString(3),
                        strings(rs.getArray(4)), rs.getInt(5), rs.getString(6), rs.getInt(7), rs.getInt(8),
                        rs.getInt(9), rs.getString(10)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Records a batch of chunk events in the caller's transaction, once per event id: the event ids go to the
     * processed-event table of {@code consumer} (a redelivered event is skipped), each document is upserted once and
     * every chunk of a live document is upserted (an earlier version of the same chunk id is replaced and its vector
     * recomputed). Chunks of deleted documents are ignored, and so are chunks a document published before it was set
     * aside as a duplicate (read late: the chunk and document topics are read independently); chunks of a later
     * publication of it are recorded. Four statements per batch, whatever its size.
     *
     * @param events event id and chunk, in the order they were read (a later version of a document wins)
     * @return the number of chunks recorded (0 when every event was a redelivery or of a deleted document)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int recordAll(String consumer, List<Map.Entry<String, ChunkEvent>> events) {
        if (events.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection()) {
            // one statement: the ids inserted now are first deliveries; a redelivered id (or a second copy of an
            // id within the batch) inserts nothing and is skipped
            Set<String> firstTime = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("insert into processed_event (consumer, event_id)"
                    + " select ?, unnest(?) on conflict do nothing returning event_id")) {
                ps.setString(1, consumer);
                ps.setArray(2, c.createArrayOf("text", events.stream().map(Map.Entry::getKey).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        firstTime.add(rs.getString(1));
                    }
                }
            }
            List<ChunkEvent> fresh = new ArrayList<>(events.size());
            for (Map.Entry<String, ChunkEvent> e : events) {
                if (firstTime.remove(e.getKey())) {
                    fresh.add(e.getValue());
                }
            }
            if (fresh.isEmpty()) {
                return 0;
            }
            // lock the documents in a stable order (no deadlock with another writer locking several)
            Map<String, ChunkEvent> documents = new TreeMap<>();
            fresh.forEach(e -> documents.put(e.documentId(), e));
            Set<String> deleted = new HashSet<>();
            Map<String, Instant> superseded = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("select document_id, status, superseded_at from document"
                    + " where document_id = any(?) order by document_id for update")) {
                ps.setArray(1, c.createArrayOf("text", documents.keySet().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if ("DELETED".equals(rs.getString(2))) {
                            deleted.add(rs.getString(1));
                        }
                        Timestamp at = rs.getTimestamp(3);
                        if (at != null) {
                            superseded.put(rs.getString(1), at.toInstant());
                        }
                    }
                }
            }
            fresh.removeIf(e -> deleted.contains(e.documentId()) || publishedBefore(e, superseded.get(e.documentId())));
            documents.clear();
            fresh.forEach(e -> documents.put(e.documentId(), e));
            if (documents.isEmpty()) {
                return 0;
            }
            try (PreparedStatement ps = c.prepareStatement(UPSERT_DOCUMENT)) {
                for (ChunkEvent e : documents.values()) {
                    setDocument(c, ps, e);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(UPSERT_CHUNK)) {
                for (ChunkEvent e : fresh) {
                    setChunk(c, ps, e);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return fresh.size();
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A chunk published no later than its document was set aside as a duplicate (one without a time, too). */
    private static boolean publishedBefore(ChunkEvent e, Instant supersededAt) {
        return supersededAt != null && (e.occurredAt() == null || !e.occurredAt().isAfter(supersededAt));
    }

    private static final String UPSERT_DOCUMENT = "insert into document (document_id, title, site,"
            + " access_groups, total_chunks, status, quality) values (?, ?, ?, ?, ?, 'PENDING', ?)"
            + " on conflict (document_id) do update set title = excluded.title, site = excluded.site,"
            + " access_groups = excluded.access_groups, total_chunks = excluded.total_chunks,"
            + " quality = excluded.quality, status = 'PENDING', duplicate_of = null, updated_at = now()";

    private static final String UPSERT_CHUNK = "insert into chunk (chunk_id, document_id, ordinal, page,"
            + " title, text, access_groups, site, product, country, therapeutic_area, document_date, quality)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (chunk_id) do update set"
            + " document_id = excluded.document_id, ordinal = excluded.ordinal, page = excluded.page,"
            + " title = excluded.title, text = excluded.text, access_groups = excluded.access_groups,"
            + " site = excluded.site, product = excluded.product, country = excluded.country,"
            + " therapeutic_area = excluded.therapeutic_area, document_date = excluded.document_date,"
            + " quality = excluded.quality, vector = null, embedder = null, seq = nextval('chunk_seq_seq'),"
            + " indexed_seq = null, indexed_at = null, indexed_by = null, claimed_by = null, claimed_until = null";

    private static void setDocument(Connection c, PreparedStatement ps, ChunkEvent e) throws SQLException {
        ps.setString(1, e.documentId());
        ps.setString(2, e.title());
        ps.setString(3, e.site());
        ps.setArray(4, c.createArrayOf("text", groupsOf(e).toArray()));
        ps.setInt(5, e.totalChunks());
        ps.setInt(6, e.qualityScore());
    }

    private static void setChunk(Connection c, PreparedStatement ps, ChunkEvent e) throws SQLException {
        DocumentMetadata m = e.metadata();
        ps.setString(1, e.chunkId());
        ps.setString(2, e.documentId());
        ps.setInt(3, e.ordinal());
        ps.setInt(4, e.pageStart() == null ? 0 : e.pageStart());
        ps.setString(5, e.title());
        ps.setString(6, e.text());
        ps.setArray(7, c.createArrayOf("text", groupsOf(e).toArray()));
        ps.setString(8, e.site());
        ps.setString(9, m == null ? null : first(m.products()));
        ps.setString(10, m == null ? null : first(m.countries()));
        ps.setString(11, m == null ? null : first(m.therapeuticAreas()));
        ps.setDate(12, m == null || m.documentDate() == null ? null : Date.valueOf(m.documentDate()));
        ps.setInt(13, Math.max(0, Math.min(100, e.qualityScore())));
    }

    /** Documents still PENDING although every chunk has its vector (e.g. the process stopped before completing them). */
    public List<String> completablePending() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select d.document_id from document d where d.status = 'PENDING' and d.total_chunks = (select count(*)"
                        + " from chunk c where c.document_id = d.document_id and c.vector is not null)");
             ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the database answers (tells a record-specific failure from an unreachable database). */
    public boolean reachable() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("select 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Marks a document deleted and forgets its chunks and summary.
     *
     * @return true when the document had been seen before
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markDeleted(String documentId, String title, List<String> groups) {
        try (Connection c = dataSource.getConnection()) {
            int updated;
            try (PreparedStatement ps = c.prepareStatement("insert into document (document_id, title, access_groups,"
                    + " total_chunks, status) values (?, ?, ?, 0, 'DELETED') on conflict (document_id) do update set"
                    + " status = 'DELETED', updated_at = now()")) {
                ps.setString(1, documentId);
                ps.setString(2, title);
                ps.setArray(3, c.createArrayOf("text", (groups == null ? List.<String>of() : groups).toArray()));
                updated = ps.executeUpdate();
            }
            execute(c, "delete from document_summary where document_id = ?", documentId);
            int chunks = execute(c, "delete from chunk where document_id = ?", documentId);
            execute(c, "insert into index_removal (document_id) values (?)", documentId); // for every instance's index
            return updated > 0 && chunks >= 0;
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Takes a document ingestion set aside as a duplicate of {@code duplicateOf} out of the index, as a deletion does
     * (its chunks and summary forgotten, every instance's index told), remembering when, so that chunks it published
     * before are not indexed again when read late. Chunks of a later publication of it (its original deleted) are.
     *
     * @return true when it had chunks, which the search index must now drop
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markDuplicate(String documentId, String duplicateOf, String title, List<String> groups,
            Instant at) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("insert into document (document_id, title, access_groups,"
                    + " total_chunks, status, duplicate_of, superseded_at) values (?, ?, ?, 0, 'DUPLICATE', ?, ?)"
                    + " on conflict (document_id) do update set status = case when document.status = 'DELETED'"
                    + " then 'DELETED' else 'DUPLICATE' end, duplicate_of = excluded.duplicate_of, total_chunks = 0,"
                    + " superseded_at = greatest(document.superseded_at, excluded.superseded_at), updated_at = now()")) {
                ps.setString(1, documentId);
                ps.setString(2, title);
                ps.setArray(3, c.createArrayOf("text", (groups == null ? List.<String>of() : groups).toArray()));
                ps.setString(4, duplicateOf);
                ps.setTimestamp(5, Timestamp.from(at));
                ps.executeUpdate();
            }
            execute(c, "delete from document_summary where document_id = ?", documentId);
            if (execute(c, "delete from chunk where document_id = ?", documentId) == 0) {
                return false;
            }
            execute(c, "insert into index_removal (document_id) values (?)", documentId); // for every instance's index
            return true;
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Claims chunks without a vector after sequence number {@code afterSeq} (0: all), oldest first, for this instance
     * for a minute: instances embed different chunks (one that stops leaves its claims to the others after a minute),
     * and an instance may take its own claims again.
     */
    public List<Pending> unembedded(int limit, long afterSeq, String instance) {
        String sql = "update chunk set claimed_by = ?, claimed_until = now() + interval '60 seconds' where chunk_id in"
                + " (select chunk_id from chunk where vector is null and seq > ? and (claimed_until is null or"
                + " claimed_until < now() or claimed_by = ?) order by seq limit ? for update skip locked)"
                + " returning seq, " + CHUNK_COLUMNS;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, instance);
            ps.setLong(2, afterSeq);
            ps.setString(3, instance);
            ps.setInt(4, limit);
            List<Pending> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pending(rs.getLong(1), chunk(rs, 2)));
                }
            }
            out.sort(java.util.Comparator.comparingLong(Pending::seq));
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stores vectors of chunks still at the given sequence number (a chunk replaced or deleted meanwhile is skipped).
     *
     * @return the chunks whose vector was stored
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<IndexedChunk> storeVectors(List<Pending> pending, List<float[]> vectors, String embedder,
            String instance) {
        List<IndexedChunk> stored = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update chunk set vector = ?, embedder = ?, indexed_seq = nextval('chunk_indexed_seq'),"
                        + " indexed_at = now(), indexed_by = ? where chunk_id = ? and seq = ? and vector is null")) {
            for (int i = 0; i < pending.size(); i++) {
                ps.setBytes(1, bytes(vectors.get(i)));
                ps.setString(2, embedder);
                ps.setString(3, instance);
                ps.setString(4, pending.get(i).chunk().chunkId());
                ps.setLong(5, pending.get(i).seq());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    stored.add(pending.get(i).chunk().withVector(vectors.get(i)));
                }
            }
            return stored;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Documents among {@code ids} whose every chunk now has a vector become INDEXED; returns those. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> completeDocuments(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update document d set status = 'INDEXED', updated_at = now() where d.document_id = any(?)"
                        + " and d.status = 'PENDING' and d.total_chunks = (select count(*) from chunk c"
                        + " where c.document_id = d.document_id and c.vector is not null) returning d.document_id")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A page of embedded chunks after {@code afterSeq}, in sequence order (for rebuilds). */
    public List<Pending> embeddedPage(long afterSeq, int limit) {
        String sql = "select seq, " + CHUNK_COLUMNS + ", vector from chunk where vector is not null and seq > ?"
                + " order by seq limit ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, afterSeq);
            ps.setInt(2, limit);
            ps.setFetchSize(limit);
            List<Pending> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pending(rs.getLong(1), chunk(rs, 2).withVector(floats(rs.getBytes(14)))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Forgets the vectors that another model (or window) computed: {@code embedder} is the name of the current
     * model ({@code Embedder.name()}, stored with every vector). The chunks are embedded again by the indexer; until
     * then they are not searchable by vector, which beats mixing two vector spaces of the same dimension.
     *
     * @return the number of chunks whose vector was dropped
     */
    public int resetVectorsNotFrom(String embedder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update chunk set vector = null, embedder = null, indexed_seq = null, indexed_at = null,"
                        + " indexed_by = null where vector is not null and embedder is distinct from ?")) {
            ps.setString(1, embedder);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One entry of the index feed: a chunk whose vector was stored ({@code documentId} null, {@code by} the instance
     * that stored it) or a removed document ({@code by} null); {@code settled} once older than the feed's window.
     */
    public record FeedEntry(long seq, boolean settled, String by, String documentId) {}

    /** Chunks whose vector was stored after {@code afterSeq}, in feed order (light: no text, no vector). */
    public List<FeedEntry> indexedSince(long afterSeq, int windowSeconds, int limit) {
        return feed("select indexed_seq, indexed_at < now() - make_interval(secs => ?), indexed_by, null from chunk"
                + " where indexed_seq > ? order by indexed_seq limit ?", afterSeq, windowSeconds, limit);
    }

    /** Documents removed after {@code afterSeq}, in order. */
    public List<FeedEntry> removedSince(long afterSeq, int windowSeconds, int limit) {
        return feed("select seq, removed_at < now() - make_interval(secs => ?), null, document_id from index_removal"
                + " where seq > ? order by seq limit ?", afterSeq, windowSeconds, limit);
    }

    private List<FeedEntry> feed(String sql, long afterSeq, int windowSeconds, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, windowSeconds);
            ps.setLong(2, afterSeq);
            ps.setInt(3, limit);
            List<FeedEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FeedEntry(rs.getLong(1), rs.getBoolean(2), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The chunks (with their vectors) at these feed positions that still have them. */
    public List<IndexedChunk> indexedChunks(List<Long> seqs) {
        String sql = "select " + CHUNK_COLUMNS + ", vector from chunk where indexed_seq = any(?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("bigint", seqs.toArray()));
            List<IndexedChunk> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(chunk(rs, 1).withVector(floats(rs.getBytes(13))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The feed positions every entry up to which is older than the window: {chunks, removals}. */
    public long[] settledFeedPositions(int windowSeconds) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select (select coalesce(max(indexed_seq), 0) from chunk where indexed_at < now() - make_interval(secs"
                        + " => ?)), (select coalesce(max(seq), 0) from index_removal where removed_at < now()"
                        + " - make_interval(secs => ?))")) {
            ps.setInt(1, windowSeconds);
            ps.setInt(2, windowSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stored vectors by the model that computed them (name, count). */
    public Map<String, Long> vectorsByEmbedder() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select coalesce(embedder, ''), count(*) from chunk where vector is not null group by 1");
             ResultSet rs = ps.executeQuery()) {
            Map<String, Long> out = new TreeMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long countEmbedded() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from chunk where vector is not null"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The chunks of a document in reading order. */
    public List<PageText> pages(String documentId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select chunk_id, page, text from chunk where document_id = ? order by ordinal")) {
            ps.setString(1, documentId);
            List<PageText> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PageText(rs.getString(1), rs.getInt(2), rs.getString(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String CHUNK_COLUMNS = "document_id, chunk_id, title, page, text, access_groups, site,"
            + " product, country, therapeutic_area, document_date, quality";

    private static IndexedChunk chunk(ResultSet rs, int from) throws SQLException {
        Date date = rs.getDate(from + 10);
        return new IndexedChunk(rs.getString(from), rs.getString(from + 1), rs.getString(from + 2),
                rs.getInt(from + 3), rs.getString(from + 4), strings(rs.getArray(from + 5)), rs.getString(from + 6),
                rs.getString(from + 7), rs.getString(from + 8), rs.getString(from + 9),
                date == null ? null : date.toLocalDate(), rs.getInt(from + 11), null);
    }

    private static int execute(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            return ps.executeUpdate();
        }
    }

    static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    private static List<String> groupsOf(ChunkEvent e) {
        return e.groups() == null ? List.of() : e.groups();
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public static byte[] bytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    public static float[] floats(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.length / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getFloat();
        }
        return v;
    }
}
