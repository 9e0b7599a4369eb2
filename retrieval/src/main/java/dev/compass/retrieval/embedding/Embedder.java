package dev.compass.retrieval.embedding;

import java.util.List;

/**
 * Turns texts into L2-normalised vectors. Implementations must be thread-safe.
 */
public interface Embedder {

    /** Number of dimensions of every vector returned. */
    int dimension();

    /** Embeds the texts in order; each returned vector has unit length. */
    List<float[]> embedAll(List<String> texts);

    /** Embeds one text. */
    default float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    /** A short, stable name of the model and window, used to key caches. */
    String name();
}
