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

    /**
     * Embeds a search query. {@link #embedAll} and {@link #embed} embed documents (passages); models trained
     * with an asymmetric query instruction (BGE) override this; for symmetric models it equals {@link #embed}.
     */
    default float[] embedQuery(String query) {
        return embed(query);
    }

    /** Embeds search queries in order; see {@link #embedQuery}. */
    default List<float[]> embedQueries(List<String> queries) {
        return embedAll(queries);
    }

    /** A short, stable name of the model and window, used to key caches. */
    String name();
}
