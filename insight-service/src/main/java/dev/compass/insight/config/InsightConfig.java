package dev.compass.insight.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Type-safe configuration of insight-service ({@code compass.insight.*}). */
@ConfigMapping(prefix = "compass.insight")
public interface InsightConfig {
    Index index();

    Embedding embedding();

    Mix mix();

    Search search();

    Answer answer();

    interface Index {
        /** Directory of the Lucene index (derived state, rebuilt from PostgreSQL when missing). */
        String directory();

        /** Chunks embedded and indexed per batch (one embedding call, one transaction, one Lucene commit each). */
        @WithDefault("64")
        int embedBatch();
    }

    interface Search {
        /** Query vectors kept in memory (LRU by normalised query text); 0 turns the cache off. */
        @WithDefault("10000")
        int queryVectorCache();
    }

    interface Answer {
        /**
         * Support score below which the extractive answerer says the sources do not answer. Unset: the default of
         * the embedding model (its cosine scale differs: 0.45 for MiniLM and OpenAI-compatible models, 0.53 for
         * bge-small; see {@code SearchComponents}).
         */
        java.util.Optional<Double> minConfidence();
    }

    interface Embedding {
        /**
         * {@code bge-small} (in-process bge-small-en-v1.5, int8), {@code minilm} (in-process all-MiniLM-L6-v2) or
         * {@code openai} (any OpenAI-compatible embeddings endpoint). Vectors stored by another model are computed
         * again at start-up.
         */
        @WithDefault("bge-small")
        String provider();

        String baseUrl();

        String apiKey();

        String model();

        @WithDefault("384")
        int dimension();
    }

    interface Mix {
        /** Bootstrap refits behind the intervals of a fitted model. */
        @WithDefault("40")
        int bootstrapDraws();

        /** Fits running at once (each uses a core for seconds). */
        @WithDefault("1")
        int maxConcurrentFits();
    }
}
