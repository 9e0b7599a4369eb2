package dev.compass.ingestion.processing;

import dev.compass.documents.DocumentPipeline;
import dev.compass.documents.PipelineConfig;
import dev.compass.documents.dedupe.DedupeConfig;
import dev.compass.documents.dedupe.DuplicateDetector;
import dev.compass.documents.metadata.Taxonomy;
import dev.compass.documents.parse.ParseLimits;
import dev.compass.ingestion.config.IngestionConfig;
import dev.compass.ingestion.persistence.PgSignatureStore;
import io.agroal.api.AgroalDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The document pipeline of this instance, with near-duplicate fingerprints in PostgreSQL. Fingerprints are registered
 * by {@link DocumentService#complete} in the outcome's transaction (not by the pipeline), so that a crash cannot leave
 * a fingerprint for a document that never reached PUBLISHED.
 */
@ApplicationScoped
public class PipelineHolder {
    @Inject
    IngestionConfig config;
    @Inject
    AgroalDataSource dataSource;

    private volatile DocumentPipeline pipeline;

    public DocumentPipeline get() {
        if (pipeline == null) {
            synchronized (this) {
                if (pipeline == null) {
                    ParseLimits d = ParseLimits.defaults();
                    ParseLimits limits = new ParseLimits(config.maxBytes(), d.maxChars(), d.maxEmbeddedDepth(),
                            d.maxEmbeddedCount(), config.parseTimeout(), config.parseWorkers(), d.abandonGrace(),
                            d.maxZipEntryBytes(), d.minInflateRatio(), d.respectPdfPermissions(),
                            d.encryptedWrapperMaxChars());
                    PipelineConfig defaults = PipelineConfig.defaults();
                    PipelineConfig pc = new PipelineConfig(limits, defaults.chunking(), defaults.dedupe(),
                            defaults.quality(), false);
                    pipeline = new DocumentPipeline(pc, Taxonomy.defaults(),
                            new DuplicateDetector(new PgSignatureStore(dataSource), DedupeConfig.defaults()));
                }
            }
        }
        return pipeline;
    }

    @PreDestroy
    void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }
}
