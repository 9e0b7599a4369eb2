package dev.compass.retrieval.answer;

/**
 * A sentence located in a source text.
 *
 * @param text  exact substring {@code source.substring(start, end)}
 * @param start offset of the first character
 * @param end   offset after the last character
 */
public record Sentence(String text, int start, int end) {
}
