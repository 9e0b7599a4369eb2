package dev.compass.insight.domain;

/** CDI events fired inside a transaction and observed after its commit. */
public final class IndexEvents {
    private IndexEvents() {}

    /** Chunks were recorded and wait for their vectors. */
    public record ChunksRecorded() {}

    /** A document was deleted or set aside as a duplicate; its chunks must leave the search index. */
    public record DocumentDeleted(String documentId) {}
}
