package dev.compass.documents.chunking;

import dev.compass.documents.text.CharClass;

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
                } else if (CharClass.isLetterOrDigit(c)) {
                    wordLen++;
                    punct = false;
                    continue;
                }
                tokens += word(wordLen);
                wordLen = 0;
                boolean ws = CharClass.isWhitespace(c);
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

    /**
     * The additions {@link Running} makes to its sum, recorded in order, so that the estimate of a concatenation of
     * already scanned texts separated by whitespace can be recomputed exactly (the same floating-point additions in
     * the same order) by {@link #sum} without re-reading the characters: a whitespace separator closes the last word
     * (the addition {@code word(len)} that ends each recorded text) and resets the state, so every text starts as
     * if alone. Additions of 0 are not recorded ({@code x + 0.0 == x} for the non-negative sums here).
     */
    static final class Additions {
        private double[] values = new double[256];
        private int size;

        /** Number of recorded additions (the start of the next scan). */
        int size() { return size; }

        /** Drops the additions from {@code from} on. */
        void truncate(int from) { size = from; }

        /**
         * Scans {@code text[from, to)} as {@link TokenEstimator#estimate} does (from an empty state), recording its
         * additions; returns the same estimate.
         */
        int scan(CharSequence text, int from, int to) {
            double tokens = 0;
            int wordLen = 0;
            boolean punct = false;
            double[] v = values;
            int n = size;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (c < 0x80) { // ASCII: never CJK; letters and digits are [A-Za-z0-9]
                    if (ASCII_WORD[c]) {
                        // the rest of an ASCII word in a tight loop (same effect as one iteration per character)
                        int j = i + 1;
                        while (j < to) {
                            char d = text.charAt(j);
                            if (d >= 0x80 || !ASCII_WORD[d]) break;
                            j++;
                        }
                        wordLen += j - i;
                        punct = false;
                        i = j - 1;
                        continue;
                    }
                } else if (isCjk(c)) {
                    double add = word(wordLen) + 1;
                    if (n + 2 > v.length) v = values = java.util.Arrays.copyOf(v, v.length * 2);
                    v[n++] = add;
                    tokens += add;
                    wordLen = 0;
                    punct = false;
                    continue;
                } else if (CharClass.isLetterOrDigit(c)) {
                    wordLen++;
                    punct = false;
                    continue;
                }
                if (n + 2 > v.length) v = values = java.util.Arrays.copyOf(v, v.length * 2);
                if (wordLen > 0) {
                    double add = word(wordLen);
                    v[n++] = add;
                    tokens += add;
                    wordLen = 0;
                }
                boolean ws = CharClass.isWhitespace(c);
                if (!ws && !punct) {
                    v[n++] = 1;
                    tokens += 1;
                    punct = true;
                } else if (ws) {
                    punct = false;
                }
            }
            if (wordLen > 0) {
                if (n + 1 > v.length) v = values = java.util.Arrays.copyOf(v, v.length * 2);
                double add = word(wordLen);
                v[n++] = add;
                tokens += add;
            }
            size = n;
            return (int) Math.ceil(tokens);
        }

        /** Adds the recorded additions {@code [from, to)} to {@code tokens}, in order. */
        double sum(double tokens, int from, int to) {
            double[] v = values;
            for (int i = from; i < to; i++) tokens += v[i];
            return tokens;
        }
    }

    /** ASCII letters and digits. */
    private static final boolean[] ASCII_WORD = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) ASCII_WORD[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
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
