package dev.compass.documents.chunking;

/**
 * @param maxTokens      upper bound per chunk, in estimated word pieces (all-MiniLM-L6-v2 window is 256)
 * @param overlapRatio   share of maxTokens repeated from the previous chunk (whole sentences only)
 * @param minTokens      a chunk smaller than this is not closed at a heading change (tiny sections merge)
 */
public record ChunkingConfig(int maxTokens, double overlapRatio, int minTokens) {
    public ChunkingConfig {
        if (maxTokens < 8 || overlapRatio < 0 || overlapRatio >= 0.5 || minTokens < 0 || minTokens > maxTokens) {
            throw new IllegalArgumentException("invalid chunking config");
        }
    }

    /** 200 tokens, 15% overlap, merge sections under 40 tokens. */
    public static ChunkingConfig defaults() {
        return new ChunkingConfig(200, 0.15, 40);
    }
}
