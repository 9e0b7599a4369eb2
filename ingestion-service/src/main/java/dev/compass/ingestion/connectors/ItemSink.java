package dev.compass.ingestion.connectors;

import java.util.List;

/**
 * What a connector reports while synchronising one site; implemented by the service (each call is its own
 * transaction, so progress survives a crash and a redelivered site resumes cheaply).
 */
public interface ItemSink {
    /** An item as a source shows it. {@code key} is unique within the source. */
    record Item(String key, String siteId, String driveId, String site, String path, String fileName, long size,
            String modified, String versionTag, String mediaType) {}

    /** What was stored for an item at the last sync. */
    record Known(long size, String modified, String versionTag, String contentHash, String documentId) {}

    /** Delta state of one drive. {@code roundId} is set while a full enumeration is in progress. */
    record DeltaState(String deltaLink, String resumeLink, String roundId) {}

    /**
     * Thrown by a sink when the sync was cancelled: the connector stops the site at once (it is not an item's
     * failure, so connectors let it through), saves no delta link and deletes nothing.
     */
    final class Cancelled extends RuntimeException {
        public Cancelled(String syncId) {
            super("sync " + syncId + " was cancelled", null, false, false);
        }
    }

    /** What was stored for an item at the last sync; called first for every item, so a cancellation stops here. */
    Known known(String key);

    /** The item is unchanged; remember it was seen in this round (null round: incremental, nothing to record). */
    void seen(String key, String round);

    /** A new or changed item with its content and access groups. */
    void upsert(Item item, byte[] content, List<String> groups, String round);

    /** The item is gone at the source. */
    void deleted(String key);

    /** The item could not be synchronised this time. */
    void failed(String key, String error);

    /** Keys of this site's (or, with a drive id, this drive's) items not seen in a complete round. */
    List<String> unseen(String siteId, String driveId, String round);

    DeltaState deltaState(String driveId);

    void saveDelta(String driveId, String siteId, DeltaState state);
}
