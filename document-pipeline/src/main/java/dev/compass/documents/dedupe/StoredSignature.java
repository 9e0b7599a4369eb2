package dev.compass.documents.dedupe;

/**
 * A registered document's fingerprint.
 *
 * @param documentId  the document's id
 * @param site        source site
 * @param path        path within the site
 * @param contentHash SHA-256 of the original bytes (hex)
 * @param minhash     MinHash signature of its text
 */
public record StoredSignature(String documentId, String site, String path, String contentHash, long[] minhash) {
}
