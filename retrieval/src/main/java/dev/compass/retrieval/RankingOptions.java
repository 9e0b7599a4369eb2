package dev.compass.retrieval;

/**
 * Ranking knobs of {@link ChunkIndex}.
 *
 * @param candidates            candidates taken from each of BM25 and HNSW before fusion (100 recommended:
 *                              HNSW asked for 10 misses ~10% of the true top 10)
 * @param denseWeight           weight of the normalised vector score in hybrid fusion (0..1)
 * @param titleBoost            extra BM25 weight of a match in the title field (0 = title only inside the text)
 * @param qualityPriorWeight    weight of source quality (0..100 mapped to 0..1) mixed into the final score;
 *                              0 turns the prior off
 * @param feedbackDocs          pseudo-relevance feedback on the query vector (Rocchio): the query vector is
 *                              moved towards the mean vector of this many top fused results and the vector
 *                              search is run again (0 = off)
 * @param feedbackWeight        weight of that mean vector added to the query vector
 * @param normalisation         how each list's scores are normalised before the convex mix in hybrid mode
 * @param scoreUnion            hybrid mode: score every candidate of the union of both lists with both
 *                              methods (exact cosine from the stored vector, exact BM25 score, 0 when no query
 *                              term matches) instead of imputing a missing score as the list minimum
 * @param bm25K1                BM25 term-frequency saturation
 * @param bm25B                 BM25 length normalisation
 * @param lexicalFeedbackDocs   RM3-style pseudo-relevance feedback on the lexical side: the BM25 query is
 *                              expanded with the top terms of this many top fused results and run again
 *                              (0 = off); hybrid and lexical modes
 * @param lexicalFeedbackTerms  number of expansion terms
 * @param lexicalFeedbackWeight weight of the expansion terms against the original query terms (0..1)
 * @param proximityWeight       term proximity on the lexical side (sequential-dependence style): each pair of
 *                              adjacent analysed query terms is also matched as a sloppy phrase, with this
 *                              weight relative to a single query term (0 = off); lexical and hybrid modes
 * @param proximitySlop         the slop of those phrases (Lucene edit distance of positions; removed stop words
 *                              leave position gaps, so 1-2 is already needed for "X of Y")
 */
public record RankingOptions(int candidates, double denseWeight, double titleBoost, double qualityPriorWeight,
                             int feedbackDocs, double feedbackWeight, Normalisation normalisation,
                             boolean scoreUnion, double bm25K1, double bm25B, int lexicalFeedbackDocs,
                             int lexicalFeedbackTerms, double lexicalFeedbackWeight, double proximityWeight,
                             int proximitySlop) {

    /** Score normalisation of each candidate list before fusion. */
    public enum Normalisation {
        /** (s - min) / (max - min). */
        MIN_MAX,
        /** (s - mean) / standard deviation. */
        Z_SCORE,
        /**
         * Distribution-based: (s - (mean - 3 sd)) / (6 sd), clipped to 0..1; before clipping an affine map of
         * the z-score with the same factor for both lists, so it ranks like {@link #Z_SCORE} except for
         * scores beyond 3 standard deviations.
         */
        DISTRIBUTION,
        /**
         * No score normalisation: reciprocal rank fusion {@code 1 / (60 + rank)} of the two candidate lists
         * (in their own rank order), weighted by the dense weight ({@code 2w} and {@code 2(1-w)}).
         */
        RECIPROCAL_RANK
    }

    public RankingOptions {
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be positive");
        }
        if (feedbackDocs < 0 || feedbackWeight < 0 || lexicalFeedbackDocs < 0 || lexicalFeedbackTerms < 0) {
            throw new IllegalArgumentException("feedback settings must not be negative");
        }
        if (denseWeight < 0 || denseWeight > 1 || qualityPriorWeight < 0 || qualityPriorWeight > 1
                || lexicalFeedbackWeight < 0 || lexicalFeedbackWeight > 1) {
            throw new IllegalArgumentException("weights must be in 0..1");
        }
        if (!(bm25K1 >= 0) || !(bm25B >= 0 && bm25B <= 1)) {
            throw new IllegalArgumentException("BM25 needs k1 >= 0 and b in 0..1");
        }
        if (!(proximityWeight >= 0) || proximitySlop < 0) {
            throw new IllegalArgumentException("proximity weight and slop must not be negative");
        }
        normalisation = normalisation == null ? Normalisation.MIN_MAX : normalisation;
    }

    /** The thirteen knobs before term proximity existed; proximity off. */
    public RankingOptions(int candidates, double denseWeight, double titleBoost, double qualityPriorWeight,
                          int feedbackDocs, double feedbackWeight, Normalisation normalisation, boolean scoreUnion,
                          double bm25K1, double bm25B, int lexicalFeedbackDocs, int lexicalFeedbackTerms,
                          double lexicalFeedbackWeight) {
        this(candidates, denseWeight, titleBoost, qualityPriorWeight, feedbackDocs, feedbackWeight, normalisation,
                scoreUnion, bm25K1, bm25B, lexicalFeedbackDocs, lexicalFeedbackTerms, lexicalFeedbackWeight, 0.0, 0);
    }

    /**
     * The original six knobs; min-max fusion with missing scores imputed, BM25 k1 1.2 b 0.75, no lexical
     * feedback (the behaviour of this constructor before the other knobs existed).
     */
    public RankingOptions(int candidates, double denseWeight, double titleBoost, double qualityPriorWeight,
                          int feedbackDocs, double feedbackWeight) {
        this(candidates, denseWeight, titleBoost, qualityPriorWeight, feedbackDocs, feedbackWeight,
                Normalisation.MIN_MAX, false, 1.2, 0.75, 0, 0, 0.0);
    }

    /**
     * Defaults chosen on the SciFact tuning split (see docs/bench/retrieval.md): z-score fusion of the exactly
     * scored union of 50 BM25 and 50 HNSW candidates (or as many as the request's limit, when larger), dense
     * weight 0.6, BM25 k1 0.9 b 0.4, no feedback, quality prior off. 50 candidates per side rank the top 10 as well
     * as 100 on SciFact (held-out nDCG@10 0.7432 vs 0.7422) at two thirds of the search's CPU on 100,000 chunks
     * (docs/bench/insight.md); HNSW asked for only 10 would miss about 10% of the true top 10.
     * {@code new RankingOptions(100, 0.5, 0, 0, 0, 0)} gives the first defaults.
     */
    public static RankingOptions defaults() {
        return new RankingOptions(50, 0.6, 0.0, 0.0, 0, 0.0, Normalisation.Z_SCORE, true, 0.9, 0.4, 0, 0, 0.0);
    }

    /** Copy with a quality prior, e.g. 0.1 for a mild one. */
    public RankingOptions withQualityPrior(double weight) {
        return new RankingOptions(candidates, denseWeight, titleBoost, weight, feedbackDocs, feedbackWeight,
                normalisation, scoreUnion, bm25K1, bm25B, lexicalFeedbackDocs, lexicalFeedbackTerms,
                lexicalFeedbackWeight, proximityWeight, proximitySlop);
    }

    /** Copy with another dense weight. */
    public RankingOptions withDenseWeight(double weight) {
        return new RankingOptions(candidates, weight, titleBoost, qualityPriorWeight, feedbackDocs, feedbackWeight,
                normalisation, scoreUnion, bm25K1, bm25B, lexicalFeedbackDocs, lexicalFeedbackTerms,
                lexicalFeedbackWeight, proximityWeight, proximitySlop);
    }

    /** Copy with another title boost. */
    public RankingOptions withTitleBoost(double boost) {
        return new RankingOptions(candidates, denseWeight, boost, qualityPriorWeight, feedbackDocs, feedbackWeight,
                normalisation, scoreUnion, bm25K1, bm25B, lexicalFeedbackDocs, lexicalFeedbackTerms,
                lexicalFeedbackWeight, proximityWeight, proximitySlop);
    }

    /** Copy with pseudo-relevance feedback on the query vector ({@code docs} = 0 turns it off). */
    public RankingOptions withFeedback(int docs, double weight) {
        return new RankingOptions(candidates, denseWeight, titleBoost, qualityPriorWeight, docs, weight,
                normalisation, scoreUnion, bm25K1, bm25B, lexicalFeedbackDocs, lexicalFeedbackTerms,
                lexicalFeedbackWeight, proximityWeight, proximitySlop);
    }

    /** Copy with another fusion: score normalisation and whether the union of candidates is scored exactly. */
    public RankingOptions withFusion(Normalisation n, boolean scoreAllCandidates) {
        return new RankingOptions(candidates, denseWeight, titleBoost, qualityPriorWeight, feedbackDocs,
                feedbackWeight, n, scoreAllCandidates, bm25K1, bm25B, lexicalFeedbackDocs, lexicalFeedbackTerms,
                lexicalFeedbackWeight, proximityWeight, proximitySlop);
    }

    /** Copy with other BM25 parameters. */
    public RankingOptions withBm25(double k1, double b) {
        return new RankingOptions(candidates, denseWeight, titleBoost, qualityPriorWeight, feedbackDocs,
                feedbackWeight, normalisation, scoreUnion, k1, b, lexicalFeedbackDocs, lexicalFeedbackTerms,
                lexicalFeedbackWeight, proximityWeight, proximitySlop);
    }

    /** Copy with RM3-style lexical pseudo-relevance feedback ({@code docs} = 0 turns it off). */
    public RankingOptions withLexicalFeedback(int docs, int terms, double weight) {
        return new RankingOptions(candidates, denseWeight, titleBoost, qualityPriorWeight, feedbackDocs,
                feedbackWeight, normalisation, scoreUnion, bm25K1, bm25B, docs, terms, weight, proximityWeight,
                proximitySlop);
    }

    /** Copy with another number of candidates taken from each of BM25 and HNSW. */
    public RankingOptions withCandidates(int n) {
        return new RankingOptions(n, denseWeight, titleBoost, qualityPriorWeight, feedbackDocs, feedbackWeight,
                normalisation, scoreUnion, bm25K1, bm25B, lexicalFeedbackDocs, lexicalFeedbackTerms,
                lexicalFeedbackWeight, proximityWeight, proximitySlop);
    }

    /** Copy with term proximity on the lexical side ({@code weight} = 0 turns it off). */
    public RankingOptions withProximity(double weight, int slop) {
        return new RankingOptions(candidates, denseWeight, titleBoost, qualityPriorWeight, feedbackDocs,
                feedbackWeight, normalisation, scoreUnion, bm25K1, bm25B, lexicalFeedbackDocs, lexicalFeedbackTerms,
                lexicalFeedbackWeight, weight, slop);
    }
}
