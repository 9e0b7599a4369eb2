package dev.compass.documents.quality;

/**
 * Points deducted per finding, and thresholds.
 *
 * @param stale          deducted when the effective date is older than {@code staleYears}
 * @param staleYears     age in years from which a document is stale
 * @param noDate         no created/modified/study date
 * @param noAuthor       no author
 * @param noMethod       a study without method or sample-size text
 * @param littleText     fewer than {@code minWords} words
 * @param minWords       word count below which LITTLE_TEXT applies
 * @param nearDuplicate  a near duplicate exists
 * @param parseWarnings  the parse reported warnings
 */
public record QualityWeights(int stale, int staleYears, int noDate, int noAuthor, int noMethod, int littleText,
                             int minWords, int nearDuplicate, int parseWarnings) {

    /** STALE 25 (3 years), NO_DATE 15, NO_AUTHOR 10, NO_METHOD 20, LITTLE_TEXT 20 (under 50 words), NEAR_DUPLICATE 15, PARSE_WARNINGS 5. */
    public static QualityWeights defaults() {
        return new QualityWeights(25, 3, 15, 10, 20, 20, 50, 15, 5);
    }
}
