package dev.compass.documents.dedupe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Exact (SHA-256 of the bytes) and near (MinHash + LSH banding) duplicate detection across sites.
 * Thread-safe when its {@link SignatureStore} is.
 *
 * <p>Signatures are registered with the current {@link MinHasher#SCHEME}; stored signatures of another scheme
 * (made by an older version of {@link MinHasher}) are never near-duplicate candidates, since their values are not
 * comparable with the current ones. Exact duplicates (same content hash) are found whatever the scheme.
 */
public final class DuplicateDetector {
    private final SignatureStore store;
    private final DedupeConfig config;
    private final MinHasher hasher;

    public DuplicateDetector(SignatureStore store, DedupeConfig config) {
        this.store = store;
        this.config = config;
        this.hasher = new MinHasher(config);
    }

    /** In-memory store, default settings. */
    public static DuplicateDetector inMemory() {
        return new DuplicateDetector(new InMemorySignatureStore(), DedupeConfig.defaults());
    }

    public DedupeConfig config() { return config; }

    /** SHA-256 of the bytes, lowercase hex. */
    public static String contentHash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of a text (UTF-8), for callers that only have text. */
    public static String textHash(String text) {
        return contentHash(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The MinHash signature of a text. */
    public long[] signature(String text) {
        return hasher.signature(text);
    }

    /** Finds the exact duplicate by content hash only (cheap; before parsing). */
    public Optional<DuplicateCandidate> exact(String contentHash) {
        return store.findByContentHash(contentHash)
                .map(s -> new DuplicateCandidate(s.documentId(), s.site(), s.path(), 1.0, true));
    }

    /** Exact and near duplicates of a document with this content hash and signature. */
    public DuplicateCheck check(String contentHash, long[] signature) {
        Optional<DuplicateCandidate> exact = exact(contentHash);
        List<DuplicateCandidate> near = new ArrayList<>();
        for (StoredSignature s : store.findByBuckets(hasher.bandKeys(signature))) {
            if (s.contentHash().equals(contentHash)) continue;
            if (s.scheme() != MinHasher.SCHEME) continue; // values of another MinHash scheme are not comparable
            double j = MinHasher.estimateJaccard(signature, s.minhash());
            if (j >= config.nearThreshold()) near.add(new DuplicateCandidate(s.documentId(), s.site(), s.path(), j, false));
        }
        near.sort(Comparator.comparingDouble(DuplicateCandidate::estimatedJaccard).reversed()
                .thenComparing(DuplicateCandidate::documentId));
        return new DuplicateCheck(exact, List.copyOf(near));
    }

    /** Convenience: check a text that has no original bytes (content hash of the text). */
    public DuplicateCheck checkText(String text) {
        return check(textHash(text), signature(text));
    }

    /**
     * Registers a document. Returns the already registered document with the same content hash if
     * another thread (or process, with a database store) registered it first.
     */
    public Optional<StoredSignature> register(String documentId, String site, String path, String contentHash,
                                              long[] signature) {
        return store.putIfAbsent(new StoredSignature(documentId, site, path, contentHash, signature.clone(),
                MinHasher.SCHEME),
                hasher.bandKeys(signature));
    }
}
