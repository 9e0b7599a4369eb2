package dev.compass.documents.chunking;

/**
 * Approximates BERT word-piece counts without a vocabulary: 1.3 per ordinary word, one per CJK
 * character, one per 4 characters of long words (URLs, codes), one per punctuation run.
 * Deliberately pessimistic so a 200-token chunk fits a 256 word-piece window.
 */
public final class TokenEstimator {
    private TokenEstimator() {
    }

    /** Estimated word pieces of a text. */
    public static int estimate(CharSequence text) {
        Running r = new Running();
        r.append(text, 0, text.length());
        return r.value();
    }

    /**
     * The estimate of a growing text: {@code append} pieces, then {@link #value()} equals
     * {@link #estimate} of their concatenation exactly (same additions in the same order), without
     * re-reading what was appended before.
     */
    static final class Running {
        private double tokens;
        private int wordLen;
        private boolean punct;

        Running copy() {
            Running r = new Running();
            r.tokens = tokens;
            r.wordLen = wordLen;
            r.punct = punct;
            return r;
        }

        void set(Running o) {
            tokens = o.tokens;
            wordLen = o.wordLen;
            punct = o.punct;
        }

        void reset() {
            tokens = 0;
            wordLen = 0;
            punct = false;
        }

        Running append(CharSequence text) {
            append(text, 0, text.length());
            return this;
        }

        void append(CharSequence text, int from, int to) {
            double tokens = this.tokens;
            int wordLen = this.wordLen;
            boolean punct = this.punct;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (c < 0x80) { // ASCII: never CJK; letters and digits are [A-Za-z0-9]
                    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                        wordLen++;
                        punct = false;
                        continue;
                    }
                } else if (isCjk(c)) {
                    tokens += word(wordLen) + 1;
                    wordLen = 0;
                    punct = false;
                    continue;
                } else if (Character.isLetterOrDigit(c)) {
                    wordLen++;
                    punct = false;
                    continue;
                }
                tokens += word(wordLen);
                wordLen = 0;
                boolean ws = Character.isWhitespace(c);
                if (!ws && !punct) {
                    tokens += 1;
                    punct = true;
                } else if (ws) {
                    punct = false;
                }
            }
            this.tokens = tokens;
            this.wordLen = wordLen;
            this.punct = punct;
        }

        /** The estimate of everything appended (the end of the text closes the last word). */
        int value() {
            return (int) Math.ceil(tokens + word(wordLen));
        }
    }

    private static double word(int len) {
        if (len == 0) return 0;
        return len <= 12 ? 1.3 : Math.ceil(len / 4.0);
    }

    static boolean isCjk(char c) {
        return (c >= '\u3040' && c <= '\u30FF') || (c >= '\u3400' && c <= '\u9FFF') || (c >= '\uAC00' && c <= '\uD7AF')
                || (c >= '\uF900' && c <= '\uFAFF');
    }
}
