package dev.compass.documents;

/** Terminal state of one document in the pipeline. */
public enum Outcome {
    /** Parsed, scored and chunked; ready to index. */
    PUBLISHED,
    /** Exact (or above-duplicate-threshold near) duplicate of an already registered document. */
    DUPLICATE,
    /** Not indexable; see {@link QuarantineReason} and the human-readable detail. */
    QUARANTINED
}
