package dev.compass.documents.dedupe;

import dev.compass.documents.text.CharClass;

import java.util.Arrays;
import java.util.Locale;

/**
 * MinHash signatures over word shingles of normalised text, by <b>one-permutation hashing with optimal
 * densification</b> (Shrivastava 2017, "Optimal densification for fast and accurate minwise hashing", ICML):
 * each shingle is hashed once to 64 bits; the hash picks one of the {@code numHashes} bins (high bits,
 * multiply-shift) and each bin keeps the minimum hash that fell into it. A bin that no shingle fell into
 * (short texts) borrows the value of a non-empty bin chosen by a hash of (empty bin, attempt) that does not
 * depend on the text, trying attempt 1, 2, ... until it hits a non-empty bin. The fraction of equal
 * positions of two signatures stays an unbiased estimate of the Jaccard similarity of the shingle sets, the
 * signature stays {@code numHashes} longs, and LSH banding works unchanged. Cost: one hash per shingle
 * instead of {@code numHashes}.
 *
 * <p><b>Scheme version.</b> Signatures of this scheme are {@link #SCHEME} 2. Scheme 1 (until 2026-11, one
 * multiply-xor permutation per position per shingle) gives values that are not comparable with these: the
 * equal-slot fraction between a scheme-1 and a scheme-2 signature is ~0 whatever the texts. Each
 * {@link StoredSignature} therefore carries its scheme and {@link DuplicateDetector#check} ignores near-duplicate
 * candidates of another scheme (their LSH band keys practically never collide anyway). Exact duplicates (content
 * hash) are unaffected. A document registered under scheme 1 is found as a near duplicate again once it is
 * re-ingested (re-registered) with the current scheme. Bump {@link #SCHEME} whenever the values change
 * (hashing, shingling, normalisation, densification).
 *
 * <p>Stateless and thread-safe.
 */
public final class MinHasher {
    /** Version of the signature values produced here; see the class comment. */
    public static final int SCHEME = 2;

    private static final long EMPTY = Long.MAX_VALUE;
    /** Attempts of densification per empty bin before falling back to a linear probe (never reached in practice). */
    private static final int MAX_ATTEMPTS = 1 << 16;

    private final DedupeConfig config;
    /** Per-bin seeds of the densification hash (independent of the text). */
    private final long[] binSeeds;

    public MinHasher(DedupeConfig config) {
        this.config = config;
        this.binSeeds = new long[config.numHashes()];
        long s = 0x2545F4914F6CDD1DL;
        for (int i = 0; i < binSeeds.length; i++) binSeeds[i] = mix(s += 0x9E3779B97F4A7C15L);
    }

    /** The signature of a text; a text without words gives a signature of Long.MAX_VALUE values. */
    public long[] signature(String text) {
        int bins = config.numHashes();
        long[] sig = new long[bins];
        Arrays.fill(sig, EMPTY);
        long[] words = wordHashes(text);
        int k = config.shingleWords();
        int n = words.length < k ? (words.length == 0 ? 0 : 1) : words.length - k + 1;
        if (n == 0) return sig;
        int filled = 0;
        for (int i = 0; i < n; i++) {
            long h = 0x84222325CBF29CE4L;
            for (int j = i, end = Math.min(words.length, i + k); j < end; j++) h = (h ^ words[j]) * 0x100000001B3L;
            h = mix(h);
            int bin = bin(h, bins);
            long v = sig[bin];
            if (v == EMPTY) {
                filled++;
                sig[bin] = h == EMPTY ? EMPTY - 1 : h; // keep the EMPTY marker free (a hash of 2^63-1: p = 2^-64)
            } else if (h < v) {
                sig[bin] = h;
            }
        }
        if (filled < bins) densify(sig);
        return sig;
    }

    /** Bin of a shingle hash: multiply-shift of its high 32 bits, uniform over [0, bins). */
    private static int bin(long h, int bins) {
        return (int) (((h >>> 32) * bins) >>> 32);
    }

    /** Optimal densification: every empty bin takes the value of the first non-empty bin its own hash sequence hits. */
    private void densify(long[] sig) {
        int bins = sig.length;
        boolean[] empty = new boolean[bins];
        for (int i = 0; i < bins; i++) empty[i] = sig[i] == EMPTY;
        for (int i = 0; i < bins; i++) {
            if (!empty[i]) continue;
            long seed = binSeeds[i];
            int src = -1;
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                int j = bin(mix(seed + attempt * 0x9E3779B97F4A7C15L), bins);
                if (!empty[j]) {
                    src = j;
                    break;
                }
            }
            if (src < 0) { // only if the hash sequence is degenerate: deterministic fallback
                src = i;
                while (empty[src]) src = (src + 1) % bins;
            }
            sig[i] = sig[src];
        }
    }

    /** Fraction of equal positions: an unbiased estimate of the Jaccard similarity of the shingle sets. */
    public static double estimateJaccard(long[] a, long[] b) {
        if (a.length != b.length || a.length == 0) return 0;
        int eq = 0;
        for (int i = 0; i < a.length; i++) if (a[i] == b[i]) eq++;
        return (double) eq / a.length;
    }

    /** LSH band bucket keys of a signature. */
    public long[] bandKeys(long[] signature) {
        int r = config.rows();
        long[] keys = new long[config.bands()];
        for (int b = 0; b < keys.length; b++) {
            long h = b * 0x632BE59BD9B4E019L;
            for (int i = b * r; i < (b + 1) * r; i++) h = mix(h ^ signature[i]);
            keys[b] = h;
        }
        return keys;
    }

    /**
     * Hashes of the words: maximal runs of {@link Character#isLetterOrDigit(char)} characters, lower-cased with
     * {@link Character#toLowerCase(char)}. Scanned without branches on the characters (words and separators alternate
     * every few characters, so branches there are mispredicted often): every character updates the running hash
     * through masks, the hash is written at the current output slot at every character, and the slot advances at
     * the first character after a word.
     */
    private static long[] wordHashes(String text) {
        final long seed = 0x1234567L;
        final long p = 1_000_003L;
        int len = text.length();
        long[] out = new long[Math.max(16, Math.min(len / 2 + 2, len / 5))];
        int n = 0;
        long h = 0;
        int prev = 0; // 1 when the previous character belongs to a word
        for (int from = 0; from < len; ) {
            int to = Math.min(len, from + 4096);
            if (n + (to - from) / 2 + 2 > out.length) out = Arrays.copyOf(out, Math.max(out.length * 2, n + len / 2 + 2));
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                int a = CharClass.letterOrDigitBit(c);
                long lc = CharClass.toLowerCase(c);
                long cont = -(long) (a & prev);                          // all ones when the word continues
                long next = seed + ((h * p - seed) & cont) + lc;         // cont ? h * p + lc : seed + lc
                h += (next - h) & -(long) a;                             // a ? next : h
                out[n] = h;                                              // kept when this character ends a word
                n += prev & (a ^ 1);
                prev = a;
            }
            from = to;
        }
        out[n] = h; // the text ends inside a word
        n += prev;
        for (int i = 0; i < n; i++) out[i] = mix(out[i]);
        return Arrays.copyOf(out, n);
    }

    /** SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "MinHasher[%d hashes, %d bands]", config.numHashes(), config.bands());
    }
}
