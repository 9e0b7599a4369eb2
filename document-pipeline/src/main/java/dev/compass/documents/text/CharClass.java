package dev.compass.documents.text;

/**
 * Table look-ups for the {@link Character} predicates the analysis calls once per character of every document
 * ({@code isLetterOrDigit}, {@code isWhitespace}, {@code isLetter}, {@code toLowerCase} of a {@code char}). The
 * tables are filled from those very methods when the class is loaded, so every answer is the same; a look-up is one
 * array load instead of the Unicode property decoding (which the JIT does not always inline). 192 KB, shared.
 */
public final class CharClass {
    private static final byte LETTER_OR_DIGIT = 1;
    private static final byte WHITESPACE = 2;
    private static final byte LETTER = 4;

    private static final byte[] FLAGS = new byte[65536];
    private static final char[] LOWER = new char[65536];

    static {
        for (int c = 0; c < 65536; c++) {
            char ch = (char) c;
            byte f = 0;
            if (Character.isLetterOrDigit(ch)) f |= LETTER_OR_DIGIT;
            if (Character.isWhitespace(ch)) f |= WHITESPACE;
            if (Character.isLetter(ch)) f |= LETTER;
            FLAGS[c] = f;
            LOWER[c] = Character.toLowerCase(ch);
        }
    }

    private CharClass() {
    }

    /** {@link Character#isLetterOrDigit(char)}. */
    public static boolean isLetterOrDigit(char c) {
        return (FLAGS[c] & LETTER_OR_DIGIT) != 0;
    }

    /** {@link Character#isWhitespace(char)}. */
    public static boolean isWhitespace(char c) {
        return (FLAGS[c] & WHITESPACE) != 0;
    }

    /** 1 when {@link Character#isLetterOrDigit(char)}, else 0 (for branch-free scanning). */
    public static int letterOrDigitBit(char c) {
        return FLAGS[c] & LETTER_OR_DIGIT;
    }

    /** 1 when {@link Character#isWhitespace(char)}, else 0 (for branch-free counting). */
    public static int whitespaceBit(char c) {
        return (FLAGS[c] >> 1) & 1;
    }

    /** {@link Character#isLetter(char)}. */
    public static boolean isLetter(char c) {
        return (FLAGS[c] & LETTER) != 0;
    }

    /** {@link Character#toLowerCase(char)}. */
    public static char toLowerCase(char c) {
        return LOWER[c];
    }
}
