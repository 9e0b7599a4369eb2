package dev.compass.documents.parse;

import java.time.Duration;

/**
 * Limits applied to every parse.
 *
 * @param maxBytes              input larger than this is TOO_LARGE without parsing
 * @param maxChars              extracted characters beyond this end the parse as TOO_LARGE
 * @param maxEmbeddedDepth      embedded documents nested deeper are skipped (with a warning)
 * @param maxEmbeddedCount      embedded documents beyond this count are skipped (with a warning)
 * @param timeout               per-document parse time limit (TIMEOUT)
 * @param workers               parses running at once
 * @param abandonGrace          after the timeout, how long a worker may take to stop before it is abandoned
 * @param maxZipEntryBytes      largest uncompressed zip entry POI accepts (OOXML zip bombs end as TOO_LARGE)
 * @param minInflateRatio       POI's zip-bomb ratio check (compressed/uncompressed), JVM-global
 * @param respectPdfPermissions quarantine PDFs whose permissions forbid extraction as ENCRYPTED
 * @param encryptedWrapperMaxChars a document with an encrypted embedded payload and less text than this is
 *                              ENCRYPTED (DRM/IRM wrappers), otherwise it is parsed with a warning
 */
public record ParseLimits(long maxBytes, long maxChars, int maxEmbeddedDepth, int maxEmbeddedCount,
                          Duration timeout, int workers, Duration abandonGrace, long maxZipEntryBytes,
                          double minInflateRatio, boolean respectPdfPermissions,
                          long encryptedWrapperMaxChars) {

    /** 50 MB, 5 M characters, depth 3, 100 embedded, 30 s, 2 workers, 2 s grace, 512 MB entries. */
    public static ParseLimits defaults() {
        return new ParseLimits(50L << 20, 5_000_000, 3, 100, Duration.ofSeconds(30), 2, Duration.ofSeconds(2),
                512L << 20, 0.01, true, 2000);
    }

    public ParseLimits withTimeout(Duration t) {
        return new ParseLimits(maxBytes, maxChars, maxEmbeddedDepth, maxEmbeddedCount, t, workers, abandonGrace,
                maxZipEntryBytes, minInflateRatio, respectPdfPermissions, encryptedWrapperMaxChars);
    }

    public ParseLimits withMaxChars(long c) {
        return new ParseLimits(maxBytes, c, maxEmbeddedDepth, maxEmbeddedCount, timeout, workers, abandonGrace,
                maxZipEntryBytes, minInflateRatio, respectPdfPermissions, encryptedWrapperMaxChars);
    }

    public ParseLimits withMaxBytes(long b) {
        return new ParseLimits(b, maxChars, maxEmbeddedDepth, maxEmbeddedCount, timeout, workers, abandonGrace,
                maxZipEntryBytes, minInflateRatio, respectPdfPermissions, encryptedWrapperMaxChars);
    }
}
