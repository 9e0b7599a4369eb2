package dev.compass.retrieval.embedding;

import java.util.Locale;

/** Selects an in-process embedder by name; used by the evaluation programs ({@code -Dembedder=}). */
public final class Embedders {

    private Embedders() {
    }

    /**
     * {@code minilm} (all-MiniLM-L6-v2, the module default) or {@code bge-small} (bge-small-en-v1.5, int8),
     * with the given window in word pieces.
     */
    public static Embedder named(String name, int maxTokens) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "minilm", "all-minilm-l6-v2" -> MiniLmEmbedder.shared(maxTokens);
            case "bge-small", "bge", "bge-small-en-v1.5" -> BgeSmallEmbedder.shared(maxTokens);
            default -> throw new IllegalArgumentException("unknown embedder " + name + " (minilm | bge-small)");
        };
    }

    /** {@link #named(String, int)} with the 256 word-piece window. */
    public static Embedder named(String name) {
        return named(name, 256);
    }

    /** The embedder chosen by {@code -Dembedder} (default {@code minilm}) and {@code -Dwindow} (default 256). */
    public static Embedder fromSystemProperties() {
        return named(System.getProperty("embedder", "minilm"), Integer.getInteger("window", 256));
    }
}
