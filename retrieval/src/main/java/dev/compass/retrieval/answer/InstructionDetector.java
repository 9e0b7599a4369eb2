package dev.compass.retrieval.answer;

import java.util.regex.Pattern;

/**
 * Flags sentences in documents that address an AI system with instructions (prompt injection). Such a
 * sentence is never used as evidence; document text stays data either way.
 */
public final class InstructionDetector {

    private static final Pattern INSTRUCTION = Pattern.compile(
            "(?i)\\b(ignore|disregard|forget|override)\\b.{0,40}\\b(instruction|prompt|rule|direction|context)s?\\b"
                    + "|\\b(you are now|act as|pretend to be|new instructions?|system prompt)\\b"
                    + "|\\b(answer|respond|reply|say|output)\\s+(only\\s+)?(with\\s+)?['\"“]");

    private InstructionDetector() {
    }

    /** True when the text reads like an instruction aimed at a language model. */
    public static boolean looksLikeInstruction(String text) {
        return text != null && INSTRUCTION.matcher(text).find();
    }
}
