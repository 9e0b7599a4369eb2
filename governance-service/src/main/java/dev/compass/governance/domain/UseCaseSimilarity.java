package dev.compass.governance.domain;

import dev.compass.governance.config.GovernanceConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;

/**
 * The duplicate detector of the registry, configured: embedding weight 0.6 and thresholds measured on the labelled
 * ideas (see docs/bench/governance.md).
 */
@ApplicationScoped
public class UseCaseSimilarity {
    public static final double SEMANTIC_WEIGHT = 0.6;

    @Inject
    GovernanceConfig config;

    private DuplicateDetector detector;

    @PostConstruct
    void init() {
        boolean embeddings = config.useCases().embeddingsEnabled().orElse(true);
        detector = new DuplicateDetector(config.useCases().glossary(), embeddings ? MiniLm::embed : null,
                SEMANTIC_WEIGHT);
    }

    public DuplicateDetector detector() {
        return detector;
    }

    public boolean embeddings() {
        return config.useCases().embeddingsEnabled().orElse(true);
    }

    public float[] embed(DuplicateDetector.Idea idea) {
        return embeddings() ? MiniLm.embed(detector.embeddingText(idea)) : null;
    }

    public double similarThreshold() {
        return config.useCases().similarThreshold();
    }

    public double duplicateThreshold() {
        return config.useCases().duplicateThreshold();
    }

    public static byte[] toBytes(float[] v) {
        if (v == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(v.length * 4);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    public static float[] fromBytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        float[] v = new float[bytes.length / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getFloat();
        }
        return v;
    }
}
