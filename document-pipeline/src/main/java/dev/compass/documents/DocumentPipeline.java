package dev.compass.documents;

import dev.compass.documents.chunking.Chunk;
import dev.compass.documents.chunking.Chunker;
import dev.compass.documents.dedupe.DuplicateCandidate;
import dev.compass.documents.dedupe.DuplicateCheck;
import dev.compass.documents.dedupe.DuplicateDetector;
import dev.compass.documents.dedupe.StoredSignature;
import dev.compass.documents.metadata.DocumentMetadata;
import dev.compass.documents.metadata.MetadataExtractor;
import dev.compass.documents.metadata.Taxonomy;
import dev.compass.documents.parse.DocumentParser;
import dev.compass.documents.parse.ParseFailure;
import dev.compass.documents.parse.ParsedDocument;
import dev.compass.documents.parse.ParserPool;
import dev.compass.documents.quality.QualityScore;
import dev.compass.documents.quality.QualityScorer;
import org.apache.tika.parser.Parser;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The façade: size checks, exact-duplicate check, isolated Tika parse, metadata, near-duplicate check,
 * quality score and chunks, in that order. Thread-safe: call {@link #process} from any number of
 * threads; at most {@code config.parse().workers()} parses run at once. Never throws for a bad document:
 * every input ends PUBLISHED, DUPLICATE or QUARANTINED. Close it to stop the worker threads.
 */
public final class DocumentPipeline implements AutoCloseable {
    private final PipelineConfig config;
    private final DocumentParser parser;
    private final ParserPool pool;
    private final DuplicateDetector duplicates;
    private final MetadataExtractor metadata;
    private final QualityScorer quality;
    private final Chunker chunker;

    /** Production pipeline. */
    public DocumentPipeline(PipelineConfig config, Taxonomy taxonomy, DuplicateDetector duplicates) {
        this(config, taxonomy, duplicates, null, Clock.systemUTC());
    }

    /**
     * @param tikaParser a replacement top-level parser (tests use stubs), or null for Tika's default parsers
     * @param clock      the clock for staleness
     */
    public DocumentPipeline(PipelineConfig config, Taxonomy taxonomy, DuplicateDetector duplicates, Parser tikaParser,
                            Clock clock) {
        this.config = config;
        this.parser = new DocumentParser(config.parse(), tikaParser);
        this.pool = new ParserPool(parser);
        this.duplicates = duplicates;
        this.metadata = new MetadataExtractor(taxonomy);
        this.quality = new QualityScorer(config.quality(), clock);
        this.chunker = new Chunker(config.chunking());
    }

    /** Processes one document; never throws for bad input (only for a null argument). */
    public PipelineResult process(DocumentInput in) {
        long t0 = System.nanoTime();
        String hash = DuplicateDetector.contentHash(in.bytes());
        String id = in.documentId() != null ? in.documentId() : "sha256:" + hash;
        if (in.bytes().length == 0) {
            return PipelineResult.quarantined(QuarantineReason.EMPTY, "the file is empty (0 bytes)", id, null, hash, null, ms(t0));
        }
        if (in.bytes().length > config.parse().maxBytes()) {
            return PipelineResult.quarantined(QuarantineReason.TOO_LARGE, in.bytes().length + " bytes is over the limit of "
                    + config.parse().maxBytes(), id, null, hash, null, ms(t0));
        }
        Optional<DuplicateCandidate> exact = duplicates.exact(hash);
        if (exact.isPresent()) return duplicate(id, null, hash, null, exact.get(), List.of(), t0);

        ParsedDocument doc;
        try {
            doc = pool.parse(in.bytes(), in.fileName(), in.declaredMediaType());
        } catch (ParseFailure f) {
            String type = f.mediaType() != null ? f.mediaType()
                    : parser.detect(in.bytes(), in.fileName(), in.declaredMediaType()).getBaseType().toString();
            return PipelineResult.quarantined(f.reason(), f.getMessage(), id, type, hash, null, ms(t0));
        } catch (RuntimeException e) {
            return PipelineResult.quarantined(QuarantineReason.CORRUPT, "unexpected parser failure: " + e, id, null, hash,
                    null, ms(t0));
        }
        try {
            return analyse(in, doc, id, hash, t0);
        } catch (RuntimeException | StackOverflowError e) {
            return PipelineResult.quarantined(QuarantineReason.CORRUPT, "analysis failed: " + e, id, doc.mediaType(), hash,
                    doc.warnings(), ms(t0));
        }
    }

    private PipelineResult analyse(DocumentInput in, ParsedDocument doc, String id, String hash, long t0) {
        String text = doc.text();
        if (text.isBlank()) {
            return PipelineResult.quarantined(QuarantineReason.EMPTY, "no extractable text in " + doc.mediaType()
                    + " (scanned images need OCR, which is not enabled)", id, doc.mediaType(), hash, doc.warnings(), ms(t0));
        }
        DocumentMetadata md = metadata.extract(in, doc, text);
        long[] signature = duplicates.signature(text);
        DuplicateCheck check = duplicates.check(hash, signature);
        if (check.exact().isPresent()) return duplicate(id, doc, hash, signature, check.exact().get(), check.near(), t0);
        Optional<DuplicateCandidate> best = check.best();
        if (best.isPresent() && best.get().estimatedJaccard() >= config.dedupe().duplicateThreshold()) {
            return new PipelineResult(Outcome.DUPLICATE, null, String.format(java.util.Locale.ROOT,
                    "near-identical to %s (estimated Jaccard %.2f)", best.get().documentId(), best.get().estimatedJaccard()),
                    id, doc.mediaType(), md, null, List.of(), hash, signature, best.get().documentId(), check.near(),
                    doc.warnings(), ms(t0));
        }
        QualityScore score = quality.score(md, text, check.near(), doc.warnings());
        List<Chunk> chunks = chunker.chunk(doc.blocks());
        if (config.registerPublished()) {
            Optional<StoredSignature> raced = duplicates.register(id, in.site(), in.path(), hash, signature);
            if (raced.isPresent()) {
                return duplicate(id, doc, hash, signature, new DuplicateCandidate(raced.get().documentId(),
                        raced.get().site(), raced.get().path(), 1.0, true), check.near(), t0);
            }
        }
        return new PipelineResult(Outcome.PUBLISHED, null, "parsed: " + chunks.size() + " chunks, "
                + md.wordCount() + " words", id, doc.mediaType(), md, score, chunks, hash, signature, null, check.near(),
                doc.warnings(), ms(t0));
    }

    private PipelineResult duplicate(String id, ParsedDocument doc, String hash, long[] sig, DuplicateCandidate of,
                                     List<DuplicateCandidate> near, long t0) {
        return new PipelineResult(Outcome.DUPLICATE, null, "exact duplicate (same SHA-256) of " + of.documentId()
                + (of.site() == null ? "" : " at " + of.site() + " " + of.path()), id, doc == null ? null : doc.mediaType(),
                null, null, List.of(), hash, sig, of.documentId(), near, doc == null ? List.of() : doc.warnings(), ms(t0));
    }

    /** The duplicate detector this pipeline uses. */
    public DuplicateDetector duplicateDetector() { return duplicates; }

    /** Parse workers abandoned after a timeout that are still running: report as unhealthy when this stays above 0. */
    public int stuckWorkers() { return pool.stuckWorkers(); }

    /** Parses that timed out since start. */
    public long timeouts() { return pool.timeouts(); }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Override
    public void close() {
        pool.close();
    }
}
