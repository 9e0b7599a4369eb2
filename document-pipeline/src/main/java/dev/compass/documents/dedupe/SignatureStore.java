package dev.compass.documents.dedupe;

import java.util.Collection;
import java.util.Optional;

/**
 * Where fingerprints live. The in-memory implementation serves tests and single-process use;
 * the ingestion service backs it with PostgreSQL (a signatures table with a unique content hash,
 * and a {@code (band, bucket) -> document id} table indexed on {@code (band, bucket)}).
 * Implementations must be thread-safe.
 */
public interface SignatureStore {

    /** The document registered with this exact content hash, if any. */
    Optional<StoredSignature> findByContentHash(String contentHash);

    /** Documents sharing at least one LSH bucket; {@code bucketKeys[i]} is the key of band {@code i}. */
    Collection<StoredSignature> findByBuckets(long[] bucketKeys);

    /**
     * Registers a fingerprint unless one with the same content hash exists.
     *
     * @return the already registered signature with this content hash, or empty when this one was stored
     */
    Optional<StoredSignature> putIfAbsent(StoredSignature signature, long[] bucketKeys);
}
