package dev.compass.ingestion.processing;

import dev.compass.contracts.EventType;
import dev.compass.contracts.events.ChunkEvent;
import dev.compass.contracts.events.DocumentEvent;
import dev.compass.contracts.events.DocumentMetadata;
import dev.compass.contracts.events.Quality;
import dev.compass.documents.Outcome;
import dev.compass.documents.PipelineResult;
import dev.compass.documents.chunking.Chunk;
import dev.compass.documents.dedupe.DuplicateDetector;
import dev.compass.documents.dedupe.StoredSignature;
import dev.compass.ingestion.domain.Outcomes;
import dev.compass.ingestion.persistence.DocumentRecord;
import dev.compass.ingestion.persistence.DocumentStore;
import dev.compass.ingestion.persistence.Ids;
import dev.compass.ingestion.persistence.PgSignatureStore;
import dev.compass.kit.events.EventPublisher;
import dev.compass.kit.observability.Correlation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The document lifecycle: RECEIVED (original stored, same transaction), then one terminal outcome announced through
 * the outbox together with its chunks, or DELETED.
 */
@ApplicationScoped
public class DocumentService {
    @Inject
    DocumentStore store;
    @Inject
    EventPublisher events;
    @Inject
    Event<DocumentReceived> received;

    /** Fired inside the receiving transaction; observed after commit to start processing. */
    public record DocumentReceived(String id) {}

    /** The outcome of a receive: the document's id and whether it is new. */
    public record Received(String id, String status, boolean created) {}

    /**
     * Stores the original and a RECEIVED document in the caller's transaction. The same upload again is a no-op; the
     * same bytes at the same site and path with other groups are a new version, which replaces the old one (deleted,
     * so the index drops it), since access is what changed.
     */
    @Transactional
    public Received receive(ReceiveRequest r) {
        String hash = DuplicateDetector.contentHash(r.bytes());
        Optional<DocumentRecord> same = store.findUpload(r.site(), r.path(), hash);
        List<String> groups = r.groups() == null ? List.of() : r.groups();
        if (same.isPresent()) {
            if (Set.copyOf(same.get().groups()).equals(Set.copyOf(groups))) {
                return new Received(same.get().id(), same.get().status(), false);
            }
            delete(same.get().id());
        }
        store.putBlob(hash, r.bytes(), r.declaredType());
        String id = Ids.next();
        boolean inserted = store.insertReceived(new DocumentRecord(id, r.site(), r.path(), blankToNull(r.title()),
                r.fileName(), r.declaredType(), null, groups, r.tags(), hash,
                r.bytes().length, "RECEIVED", null, null, null, null, null, null, r.sourceId(), 0,
                Correlation.current(), null, null));
        if (!inserted) {
            DocumentRecord raced = store.findUpload(r.site(), r.path(), hash).orElseThrow();
            return new Received(raced.id(), raced.status(), false);
        }
        received.fire(new DocumentReceived(id));
        return new Received(id, "RECEIVED", true);
    }

    /** How a completion went. */
    public enum Completion {
        /** The outcome is recorded and announced. */
        DONE,
        /** The document is no longer RECEIVED (deleted, or completed elsewhere): nothing was recorded. */
        GONE,
        /**
         * The pipeline found an original that has been deleted since (or is no longer one): nothing was recorded;
         * process the document again.
         */
        STALE
    }

    /**
     * Records the pipeline's outcome and publishes the document event (and the chunks of a published document) in one
     * transaction. A published document's fingerprint is registered in the same transaction, so a crash never leaves a
     * fingerprint without its document. The pipeline's duplicate lookups must have been made for the document's
     * groups ({@link PgSignatureStore#within}): a document is a duplicate only of an original whose groups include all
     * of its own. Registering, and recording a duplicate, hold the lock on the original's bytes, which deleting an
     * original takes too: a duplicate is never recorded of an original deleted meanwhile ({@link Completion#STALE}).
     */
    @Transactional
    public Completion complete(DocumentRecord doc, PipelineResult r, DuplicateDetector detector) {
        Outcome outcome = r.outcome();
        String duplicateOf = r.duplicateOf();
        String detail = r.detail();
        if (outcome == Outcome.PUBLISHED && r.minhash() != null) {
            Optional<StoredSignature> raced = PgSignatureStore.within(doc.groups(), () -> detector.register(doc.id(),
                    doc.site(), doc.path(), r.contentHash(), r.minhash()));
            if (raced.isPresent() && !raced.get().documentId().equals(doc.id())) {
                outcome = Outcome.DUPLICATE;
                duplicateOf = raced.get().documentId();
                detail = "exact duplicate (same SHA-256) of " + duplicateOf + ", registered concurrently";
            } else {
                // the lock on the bytes is held (register took it): copies published before this one whose readers
                // may all read this one are now its duplicates, as if this one had been published first
                Quality dup = new Quality(0, List.of(new Quality.QualityReason("DUPLICATE", 100,
                        "exact duplicate (same SHA-256) of " + doc.id())));
                for (String changed : store.demoteNarrowerOriginals(doc.contentHash(), doc.groups(), doc.id(), dup)) {
                    announce(store.find(changed).orElseThrow());
                }
            }
        } else if (outcome == Outcome.DUPLICATE) {
            DocumentRecord original = duplicateOf == null ? null : store.find(duplicateOf).orElse(null);
            if (original == null) {
                return Completion.STALE;
            }
            store.lockContent(original.contentHash());
            if (!store.isOriginal(original.id()) || !Set.copyOf(original.groups()).containsAll(doc.groups())) {
                return Completion.STALE;
            }
        }
        Quality quality;
        List<Chunk> chunks;
        if (outcome == Outcome.PUBLISHED) {
            quality = Outcomes.quality(r);
            chunks = r.chunks();
        } else if (outcome == Outcome.DUPLICATE) {
            quality = new Quality(0, List.of(new Quality.QualityReason("DUPLICATE", 100, detail)));
            chunks = List.of();
        } else {
            quality = Outcomes.quality(r);
            chunks = List.of();
        }
        DocumentMetadata metadata = Outcomes.metadata(r.metadata(), doc.tags());
        String title = doc.title() != null ? doc.title() : r.metadata() != null ? r.metadata().title() : null;
        String reason = outcome == Outcome.QUARANTINED && r.reason() != null ? r.reason().name() : null;
        if (!store.complete(doc.id(), outcome.name(), reason, detail, duplicateOf, r.mediaType(), title, metadata,
                quality, chunks.size())) {
            return Completion.GONE;
        }
        String correlation = doc.correlationId() != null ? doc.correlationId() : Correlation.current();
        Instant now = Instant.now();
        String eventId = events.publish(EventType.DOCUMENT, doc.id(), doc.id(), new DocumentEvent(doc.id(),
                outcome.name(), reason, detail, duplicateOf, doc.site(), doc.path(), title, r.mediaType(),
                r.contentHash(), doc.sizeBytes(), doc.groups(), metadata, quality, correlation, null, now),
                correlation, null);
        int total = chunks.size();
        for (Chunk c : chunks) {
            events.publish(EventType.CHUNK, doc.id(), doc.id() + "#" + c.ordinal(), new ChunkEvent(doc.id(),
                    doc.id() + "#" + c.ordinal(), c.ordinal(), total, title, doc.site(),
                    c.pageStart() > 0 ? c.pageStart() : null, c.pageEnd() > 0 ? c.pageEnd() : null,
                    c.headingPath().isEmpty() ? null : c.headingPath(), c.text(), c.tokens(), doc.groups(),
                    quality.score(), metadata, correlation, eventId, now), correlation, eventId);
        }
        return Completion.DONE;
    }

    /** Announces the current DUPLICATE state of a document whose original changed. */
    private void announce(DocumentRecord d) {
        String correlation = d.correlationId() != null ? d.correlationId() : Correlation.current();
        events.publish(EventType.DOCUMENT, d.id(), d.id(), new DocumentEvent(d.id(), d.status(), null, d.detail(),
                d.duplicateOf(), d.site(), d.path(), d.title(), d.mediaType(), d.contentHash(), d.sizeBytes(),
                d.groups(), d.metadata(), d.quality(), correlation, null, Instant.now()), correlation, null);
    }

    /** True when the document is shared with exactly these groups (in any order). */
    public boolean sameGroups(String id, List<String> groups) {
        return store.find(id).map(d -> Set.copyOf(d.groups()).equals(Set.copyOf(groups))).orElse(false);
    }

    /**
     * Deletes a document (its original stays); emits DELETED once. Returns false when it already was deleted. Its
     * duplicates are not left pointing at it: in the same transaction they go back to RECEIVED and are processed again
     * as new documents (oldest first), so that one of them becomes the original (PUBLISHED, its chunks published) and
     * the others duplicates of it or, where the access rule says so, documents of their own. The lock on the bytes
     * keeps a duplicate from being recorded of this document meanwhile.
     */
    @Transactional
    public boolean delete(String id) {
        DocumentRecord doc = store.find(id).orElse(null);
        if (doc == null) {
            return false;
        }
        store.lockContent(doc.contentHash());
        if (!store.markDeleted(id)) {
            return false;
        }
        String correlation = Correlation.current();
        for (String copy : store.requeueDuplicatesOf(id, correlation)) {
            received.fire(new DocumentReceived(copy));
        }
        Quality quality = doc.quality() != null ? doc.quality()
                : new Quality(0, List.of(new Quality.QualityReason("DELETED", 100, "deleted before processing")));
        events.publish(EventType.DOCUMENT, id, id, new DocumentEvent(id, "DELETED", null, "deleted", null, doc.site(),
                doc.path(), doc.title(), doc.mediaType(), doc.contentHash(), doc.sizeBytes(), doc.groups(),
                doc.metadata(), quality, correlation, null, Instant.now()), correlation, null);
        return true;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
