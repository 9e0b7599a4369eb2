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
        double tokens = 0;
        int wordLen = 0;
        boolean punct = false;
        for (int i = 0, n = text.length(); i <= n; i++) {
            char c = i < n ? text.charAt(i) : ' ';
            if (isCjk(c)) {
                tokens += word(wordLen) + 1;
                wordLen = 0;
                punct = false;
            } else if (Character.isLetterOrDigit(c)) {
                wordLen++;
                punct = false;
            } else {
                tokens += word(wordLen);
                wordLen = 0;
                if (!Character.isWhitespace(c) && !punct) {
                    tokens += 1;
                    punct = true;
                } else if (Character.isWhitespace(c)) {
                    punct = false;
                }
            }
        }
        return (int) Math.ceil(tokens);
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
