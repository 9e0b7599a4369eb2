package dev.compass.documents;

import dev.compass.documents.chunking.ChunkingConfig;
import dev.compass.documents.dedupe.DedupeConfig;
import dev.compass.documents.parse.ParseLimits;
import dev.compass.documents.quality.QualityWeights;

/**
 * All limits and settings of the pipeline.
 *
 * @param parse             byte/character/embedded/time limits and the worker count
 * @param chunking          chunk size and overlap
 * @param dedupe            MinHash/LSH settings and thresholds
 * @param quality           quality weights
 * @param registerPublished register PUBLISHED documents in the duplicate detector's store
 */
public record PipelineConfig(ParseLimits parse, ChunkingConfig chunking, DedupeConfig dedupe, QualityWeights quality,
                             boolean registerPublished) {

    public static PipelineConfig defaults() {
        return new PipelineConfig(ParseLimits.defaults(), ChunkingConfig.defaults(), DedupeConfig.defaults(),
                QualityWeights.defaults(), true);
    }

    public PipelineConfig withParse(ParseLimits p) {
        return new PipelineConfig(p, chunking, dedupe, quality, registerPublished);
    }
}
