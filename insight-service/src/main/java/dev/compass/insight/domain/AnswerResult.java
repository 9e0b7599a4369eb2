package dev.compass.insight.domain;

import java.util.List;

/**
 * A grounded answer: {@code [n]} in the text refers to {@code citations.get(n - 1)}.
 *
 * @param mode {@code extractive} (quoted sentences, no model), {@code generative} (written by the model, every
 *             sentence verified against the cited passages) or {@code extractive-fallback} (the model failed, timed
 *             out or wrote nothing verifiable)
 */
public record AnswerResult(String answer, List<CitationView> citations, double confidence, boolean grounded,
        String mode) {

    /** A cited passage: the quote is an exact substring of the chunk. */
    public record CitationView(String documentId, String chunkId, String title, Integer page, String quote,
            int quality) {}
}
