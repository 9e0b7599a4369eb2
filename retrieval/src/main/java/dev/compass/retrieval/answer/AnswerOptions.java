package dev.compass.retrieval.answer;

/**
 * Knobs of {@link ExtractiveAnswerer}.
 *
 * @param maxSentences    most sentences in an answer
 * @param minConfidence   below this support score the answerer declines to answer
 * @param lexicalWeight   weight of question-term coverage against embedding similarity (0..1)
 * @param maxRedundancy   a sentence more similar than this to an already chosen one is skipped
 * @param embedCandidates how many lexically best sentences are embedded and rescored
 */
public record AnswerOptions(int maxSentences, double minConfidence, double lexicalWeight, double maxRedundancy,
                            int embedCandidates) {

    /** Defaults: 3 sentences, confidence threshold 0.45. */
    public static AnswerOptions defaults() {
        return new AnswerOptions(3, 0.45, 0.4, 0.85, 24);
    }
}
