package dev.compass.documents;

import dev.compass.documents.chunking.Chunk;
import dev.compass.documents.dedupe.DuplicateCandidate;
import dev.compass.documents.metadata.DocumentMetadata;
import dev.compass.documents.quality.QualityScore;

import java.util.List;

/**
 * What the pipeline decided for one document.
 *
 * @param outcome       terminal state
 * @param reason        set only when {@code outcome == QUARANTINED}
 * @param detail        human-readable explanation (always set)
 * @param documentId    the id under which the document was (or would be) registered
 * @param mediaType     detected media type, e.g. {@code application/pdf}; may be null for EMPTY/TOO_LARGE input
 * @param metadata      extracted metadata; null when quarantined before/while parsing
 * @param quality       score 0..100 and itemised reasons; null unless parsed
 * @param chunks        chunks in document order; empty unless PUBLISHED
 * @param contentHash   SHA-256 of the original bytes, lowercase hex (always set)
 * @param minhash       MinHash signature of the text; null unless parsed
 * @param duplicateOf   id of the document this one duplicates (DUPLICATE only)
 * @param nearDuplicates near-duplicate candidates with estimated Jaccard, best first
 * @param warnings      non-fatal parse warnings (skipped embedded documents, etc.)
 * @param elapsedMillis wall time spent in {@code process}
 */
public record PipelineResult(Outcome outcome, QuarantineReason reason, String detail, String documentId,
                             String mediaType, DocumentMetadata metadata, QualityScore quality, List<Chunk> chunks,
                             String contentHash, long[] minhash, String duplicateOf,
                             List<DuplicateCandidate> nearDuplicates, List<String> warnings, long elapsedMillis) {

    static PipelineResult quarantined(QuarantineReason reason, String detail, String documentId, String mediaType,
                                      String contentHash, List<String> warnings, long elapsedMillis) {
        return new PipelineResult(Outcome.QUARANTINED, reason, detail, documentId, mediaType, null, null, List.of(),
                contentHash, null, null, List.of(), warnings == null ? List.of() : List.copyOf(warnings), elapsedMillis);
    }
}
