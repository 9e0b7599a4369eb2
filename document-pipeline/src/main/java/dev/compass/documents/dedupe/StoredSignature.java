package dev.compass.documents.dedupe;

/**
 * A registered document's fingerprint.
 *
 * @param documentId  the document's id
 * @param site        source site
 * @param path        path within the site
 * @param contentHash SHA-256 of the original bytes (hex)
 * @param minhash     MinHash signature of its text
 * @param scheme      the {@link MinHasher#SCHEME} that made {@code minhash}: signatures of different schemes are
 *                    not comparable, and {@link DuplicateDetector#check} skips candidates of another scheme
 *                    (1 = the 128-permutation MinHash used until 2026-11, 2 = one-permutation hashing with
 *                    optimal densification)
 */
public record StoredSignature(String documentId, String site, String path, String contentHash, long[] minhash,
                              int scheme) {
}
