package dev.compass.retrieval.answer;

import java.util.List;

/**
 * An answer assembled from sources.
 *
 * @param text       answer text with citation markers {@code [n]}, or {@link ExtractiveAnswerer#NOT_ANSWERED}
 * @param citations  citations in marker order (empty when not grounded)
 * @param confidence 0..1, the support score of the best sentence
 * @param grounded   true when every sentence of {@code text} is a quote from a cited source
 */
public record Answer(String text, List<Citation> citations, double confidence, boolean grounded) {
}
