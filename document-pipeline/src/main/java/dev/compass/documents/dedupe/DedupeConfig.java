package dev.compass.documents.dedupe;

/**
 * MinHash/LSH settings.
 *
 * @param shingleWords         words per shingle
 * @param numHashes            signature length (must be bands * rows)
 * @param bands                LSH bands; candidate threshold is about (1/bands)^(1/rows)
 * @param nearThreshold        estimated Jaccard from which a document is reported as a near duplicate
 * @param duplicateThreshold   estimated Jaccard from which a near duplicate is treated as a DUPLICATE
 */
public record DedupeConfig(int shingleWords, int numHashes, int bands, double nearThreshold, double duplicateThreshold) {
    public DedupeConfig {
        if (shingleWords < 1 || numHashes < 1 || bands < 1 || numHashes % bands != 0) {
            throw new IllegalArgumentException("numHashes must be a positive multiple of bands");
        }
    }

    /** 5-word shingles, 128 hashes in 32 bands of 4 (candidates from J ~0.42), near at 0.8, duplicate at 0.97. */
    public static DedupeConfig defaults() {
        return new DedupeConfig(5, 128, 32, 0.8, 0.97);
    }

    public int rows() { return numHashes / bands; }
}
