package dev.compass.documents.dedupe;

import java.util.Arrays;
import java.util.Locale;

/** MinHash signatures over word shingles of normalised text. Stateless and thread-safe. */
public final class MinHasher {
    private final DedupeConfig config;
    private final long[] seeds;

    public MinHasher(DedupeConfig config) {
        this.config = config;
        this.seeds = new long[config.numHashes()];
        long s = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < seeds.length; i++) seeds[i] = mix(s += 0x9E3779B97F4A7C15L);
    }

    /** The signature of a text; an empty text gives a signature of Long.MAX_VALUE values. */
    public long[] signature(String text) {
        long[] sig = new long[seeds.length];
        Arrays.fill(sig, Long.MAX_VALUE);
        long[] perm = new long[seeds.length];
        long[] words = wordHashes(text);
        int k = config.shingleWords();
        int n = words.length < k ? (words.length == 0 ? 0 : 1) : words.length - k + 1;
        for (int i = 0; i < n; i++) {
            long h = 0x84222325CBF29CE4L;
            for (int j = i; j < Math.min(words.length, i + k); j++) h = mix(h ^ words[j]) * 31;
            h = mix(h);
            long[] sd = seeds;
            // one multiply per permutation: (h xor seed) * odd constant, high bits folded (a universal-style hash);
            // computed in a branch-free loop the JIT can vectorise, then folded into the minima
            for (int s = 0; s < sd.length; s++) {
                long v = (h ^ sd[s]) * 0x9E3779B97F4A7C15L;
                perm[s] = v ^ (v >>> 29);
            }
            for (int s = 0; s < sd.length; s++) {
                long v = perm[s];
                if (v < sig[s]) sig[s] = v;
            }
        }
        return sig;
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

    private static long[] wordHashes(String text) {
        long[] out = new long[Math.max(16, text.length() / 5)];
        int n = 0;
        long h = 0;
        boolean in = false;
        for (int i = 0, len = text.length(); i <= len; i++) {
            char c = i < len ? text.charAt(i) : ' ';
            boolean letterOrDigit;
            if (c < 0x80) { // ASCII fast path, same answers as Character.isLetterOrDigit / toLowerCase
                letterOrDigit = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
                if (c >= 'A' && c <= 'Z') c += 32;
            } else {
                letterOrDigit = Character.isLetterOrDigit(c);
                if (letterOrDigit) c = Character.toLowerCase(c);
            }
            if (letterOrDigit) {
                h = in ? h * 1_000_003L + c : 0x1234567L + c;
                in = true;
            } else if (in) {
                if (n == out.length) out = Arrays.copyOf(out, n * 2);
                out[n++] = mix(h);
                in = false;
            }
        }
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
