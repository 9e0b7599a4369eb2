package dev.compass.ingestion.persistence;

import dev.compass.documents.dedupe.SignatureStore;
import dev.compass.documents.dedupe.StoredSignature;
import io.agroal.api.AgroalDataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The pipeline's signature store in PostgreSQL: {@code doc_signature} (unique content hash) and the LSH band table
 * {@code doc_signature_band (band, bucket) -> document}, whose primary key is the candidate-lookup index. Thread-safe
 * (a connection per call); joins the caller's transaction when there is one.
 *
 * <p>Each row carries the MinHash {@code scheme} that made it ({@link StoredSignature#scheme()}, migration V2; rows
 * from before V2 are scheme 1). Rows of every scheme are returned; the pipeline's {@code DuplicateDetector} ignores
 * near-duplicate candidates whose scheme is not the current one, since their values are not comparable.
 *
 * <p>Access: each row carries its document's groups (migration V5), and every lookup is made for the groups of the
 * document being processed (its {@linkplain #within scope}): only fingerprints of documents whose groups include all
 * of those are returned, so a document is never set aside as a duplicate of (nor scored or described as a near
 * duplicate of) a document that some of its readers may not read. The same bytes are registered once per set of
 * groups. A lookup outside a scope is an error, never a lookup across all groups.
 */
public class PgSignatureStore implements SignatureStore {
    private static final ThreadLocal<List<String>> SCOPE = new ThreadLocal<>();
    /** The canonical form of a set of groups, as stored: distinct, in byte order. */
    private static final String CANONICAL = "array(select distinct g collate \"C\" from unnest(?::text[]) g order by 1)";

    private final AgroalDataSource dataSource;

    public PgSignatureStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work} with lookups and registrations on this thread made for a document shared with these groups.
     */
    public static <T> T within(Collection<String> groups, java.util.function.Supplier<T> work) {
        List<String> previous = SCOPE.get();
        SCOPE.set(List.copyOf(groups));
        try {
            return work.get();
        } finally {
            if (previous == null) {
                SCOPE.remove();
            } else {
                SCOPE.set(previous);
            }
        }
    }

    private static String[] scope() {
        List<String> groups = SCOPE.get();
        if (groups == null) {
            throw new IllegalStateException("a duplicate lookup needs the groups of the document it is made for");
        }
        return groups.toArray(String[]::new);
    }

    /**
     * Serialises, until the caller's transaction ends, the registrations and deletions of documents with these bytes
     * (and the completion of their duplicates): so that two copies processed at once never both become originals
     * where one may be the other's duplicate, and a duplicate is never recorded of an original being deleted.
     */
    public static void lockContent(Connection c, String contentHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            ps.setString(1, "doc_signature:" + contentHash);
            ps.execute();
        }
    }

    @Override
    public Optional<StoredSignature> findByContentHash(String contentHash) {
        String[] groups = scope();
        List<StoredSignature> found = query("select document_id, site, path, content_hash, minhash, scheme from doc_signature"
                + " where content_hash = ? and groups @> ?::text[] order by document_id limit 1", ps -> {
                    ps.setString(1, contentHash);
                    ps.setArray(2, ps.getConnection().createArrayOf("text", groups));
                });
        return found.stream().findFirst();
    }

    @Override
    public Collection<StoredSignature> findByBuckets(long[] bucketKeys) {
        Integer[] bands = new Integer[bucketKeys.length];
        Long[] buckets = new Long[bucketKeys.length];
        for (int i = 0; i < bucketKeys.length; i++) {
            bands[i] = i;
            buckets[i] = bucketKeys[i];
        }
        String[] groups = scope();
        return query("select s.document_id, s.site, s.path, s.content_hash, s.minhash, s.scheme from doc_signature s"
                + " where s.document_id in (select b.document_id from doc_signature_band b"
                + " join unnest(?::int[], ?::bigint[]) as q(band, bucket) on b.band = q.band and b.bucket = q.bucket)"
                + " and s.groups @> ?::text[] order by s.document_id", ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("int", bands));
                    ps.setArray(2, ps.getConnection().createArrayOf("bigint", buckets));
                    ps.setArray(3, ps.getConnection().createArrayOf("text", groups));
                });
    }

    /**
     * Registers a fingerprint for the groups in scope unless a document with the same bytes, shared with groups that
     * include all of them, is registered already (then returns that one). Call it in a transaction: the advisory lock
     * on the bytes ({@link #lockContent}) is held until it ends, so a concurrent registration of the same bytes waits
     * for this one and sees it.
     */
    @Override
    public Optional<StoredSignature> putIfAbsent(StoredSignature s, long[] bucketKeys) {
        String[] groups = scope();
        try (Connection c = dataSource.getConnection()) {
            lockContent(c, s.contentHash());
            Optional<StoredSignature> covering = findByContentHash(s.contentHash());
            if (covering.isPresent()) {
                return covering;
            }
            int n;
            try (PreparedStatement ps = c.prepareStatement("insert into doc_signature (document_id, content_hash, site,"
                    + " path, minhash, scheme, groups) values (?, ?, ?, ?, ?, ?, " + CANONICAL + ") on conflict do nothing")) {
                ps.setString(1, s.documentId());
                ps.setString(2, s.contentHash());
                ps.setString(3, s.site());
                ps.setString(4, s.path());
                ps.setArray(5, c.createArrayOf("bigint", box(s.minhash())));
                ps.setInt(6, s.scheme());
                ps.setArray(7, c.createArrayOf("text", groups));
                n = ps.executeUpdate();
            }
            if (n == 0) {
                return findByContentHash(s.contentHash()).or(() -> Optional.of(s));
            }
            try (PreparedStatement ps = c.prepareStatement("insert into doc_signature_band (band, bucket, document_id)"
                    + " values (?, ?, ?) on conflict do nothing")) {
                for (int band = 0; band < bucketKeys.length; band++) {
                    ps.setInt(1, band);
                    ps.setLong(2, bucketKeys[band]);
                    ps.setString(3, s.documentId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw Jdbc.fail("cannot register the signature of " + s.documentId(), e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<StoredSignature> query(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<StoredSignature> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array a = rs.getArray(5);
                    Long[] boxed = (Long[]) a.getArray();
                    long[] minhash = new long[boxed.length];
                    for (int i = 0; i < boxed.length; i++) {
                        minhash[i] = boxed[i];
                    }
                    out.add(new StoredSignature(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            minhash, rs.getInt(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw Jdbc.fail("cannot read signatures", e);
        }
    }

    private static Long[] box(long[] values) {
        Long[] out = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
