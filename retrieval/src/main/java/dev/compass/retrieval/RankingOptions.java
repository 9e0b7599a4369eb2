package dev.compass.retrieval;

/**
 * Ranking knobs of {@link ChunkIndex}.
 *
 * @param candidates         candidates taken from each of BM25 and HNSW before fusion (100 recommended:
 *                           HNSW asked for 10 misses ~10% of the true top 10)
 * @param denseWeight        weight of the min-max normalised vector score in hybrid fusion (0..1)
 * @param titleBoost         extra BM25 weight of a match in the title field (0 = title only inside the text)
 * @param qualityPriorWeight weight of source quality (0..100 mapped to 0..1) mixed into the final score;
 *                           0 turns the prior off
 * @param feedbackDocs       pseudo-relevance feedback: the query vector is moved towards the mean vector of
 *                           this many top fused results and the vector search is run again (0 = off)
 * @param feedbackWeight     weight of that mean vector added to the query vector
 */
public record RankingOptions(int candidates, double denseWeight, double titleBoost, double qualityPriorWeight,
                             int feedbackDocs, double feedbackWeight) {

    public RankingOptions {
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be positive");
        }
        if (feedbackDocs < 0 || feedbackWeight < 0) {
            throw new IllegalArgumentException("feedback settings must not be negative");
        }
        if (denseWeight < 0 || denseWeight > 1 || qualityPriorWeight < 0 || qualityPriorWeight > 1) {
            throw new IllegalArgumentException("weights must be in 0..1");
        }
    }

    /** Defaults chosen on the SciFact tuning split (see docs/bench/retrieval.md); quality prior off. */
    public static RankingOptions defaults() {
        return new RankingOptions(100, 0.5, 0.0, 0.0, 0, 0.0);
    }

    /** Copy with a quality prior, e.g. 0.1 for a mild one. */
    public RankingOptions withQualityPrior(double weight) {
        return new RankingOptions(candidates, denseWeight, titleBoost, weight, feedbackDocs, feedbackWeight);
    }

    /** Copy with another dense weight. */
    public RankingOptions withDenseWeight(double weight) {
        return new RankingOptions(candidates, weight, titleBoost, qualityPriorWeight, feedbackDocs, feedbackWeight);
    }

    /** Copy with another title boost. */
    public RankingOptions withTitleBoost(double boost) {
        return new RankingOptions(candidates, denseWeight, boost, qualityPriorWeight, feedbackDocs, feedbackWeight);
    }

    /** Copy with pseudo-relevance feedback on the query vector ({@code docs} = 0 turns it off). */
    public RankingOptions withFeedback(int docs, double weight) {
        return new RankingOptions(candidates, denseWeight, titleBoost, qualityPriorWeight, docs, weight);
    }
}
