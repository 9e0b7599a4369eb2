package dev.compass.documents.dedupe;

/**
 * A registered document similar to the one being checked.
 *
 * @param documentId        the registered document
 * @param site              its site
 * @param path              its path
 * @param estimatedJaccard  MinHash estimate of shingle-set Jaccard similarity, 0..1 (1.0 for exact duplicates)
 * @param exact             true when the content hashes are equal
 */
public record DuplicateCandidate(String documentId, String site, String path, double estimatedJaccard, boolean exact) {
}
