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

        /**
         * Whether search queries are embedded with the model's retrieval instruction (bge-small's "Represent this
         * sentence for searching relevant passages: "; models without one embed queries like passages either way).
         * Off by default: on SciFact it makes no difference to hybrid ranking (held-out nDCG@10 0.7419 without,
         * 0.7422 with; docs/bench/retrieval.md), and without it a short query has about half the word pieces, so a
         * never-seen query costs less CPU (docs/bench/insight.md). The extractive answerer's own support scores keep
         * the instruction, with which its confidence threshold was calibrated.
         */
        @WithDefault("false")
        boolean queryInstruction();

        /**
         * Searches and answers whose CPU-bound part (query embedding, index search, scoring an answer's sentences) runs
         * at once; the others wait in arrival order ({@link dev.compass.insight.domain.SearchAdmission}). Unset: the
         * number of processors; 0: no limit.
         */
        java.util.OptionalInt concurrency();

        /**
         * How long a search or answer request may wait for admission before it gets a 503 problem; questions read
         * from the questions topic wait as long as it takes.
         */
        @WithDefault("10s")
        java.time.Duration queueTimeout();
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
        /**
         * Posterior curve draws stored with a fitted model and published with it on {@code insight.mix-models.v1}
         * (behind the expected response of the curves, the optimiser and the agents, and the response-curve
         * intervals); the ROI and contribution intervals use every posterior sample.
         */
        @WithDefault("40")
        int draws();

        /** Fits running at once (each uses a core for seconds). */
        @WithDefault("1")
        int maxConcurrentFits();
    }
}
