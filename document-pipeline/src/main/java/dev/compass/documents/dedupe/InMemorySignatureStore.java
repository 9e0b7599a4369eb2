package dev.compass.documents.dedupe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Thread-safe in-memory {@link SignatureStore}. */
public final class InMemorySignatureStore implements SignatureStore {
    private final Map<String, StoredSignature> byHash = new ConcurrentHashMap<>();
    private final Map<Long, List<StoredSignature>> buckets = new ConcurrentHashMap<>();

    @Override
    public Optional<StoredSignature> findByContentHash(String contentHash) {
        return Optional.ofNullable(byHash.get(contentHash));
    }

    @Override
    public Collection<StoredSignature> findByBuckets(long[] bucketKeys) {
        Map<String, StoredSignature> found = new LinkedHashMap<>();
        for (int band = 0; band < bucketKeys.length; band++) {
            List<StoredSignature> l = buckets.get(key(band, bucketKeys[band]));
            if (l == null) continue;
            synchronized (l) {
                for (StoredSignature s : l) found.putIfAbsent(s.documentId(), s);
            }
        }
        return found.values();
    }

    @Override
    public Optional<StoredSignature> putIfAbsent(StoredSignature signature, long[] bucketKeys) {
        StoredSignature prior = byHash.putIfAbsent(signature.contentHash(), signature);
        if (prior != null) return Optional.of(prior);
        for (int band = 0; band < bucketKeys.length; band++) {
            List<StoredSignature> l = buckets.computeIfAbsent(key(band, bucketKeys[band]), k -> new ArrayList<>(1));
            synchronized (l) {
                l.add(signature);
            }
        }
        return Optional.empty();
    }

    /** Number of registered documents. */
    public int size() { return byHash.size(); }

    private static Long key(int band, long bucket) {
        return bucket * 31 + band;
    }
}
