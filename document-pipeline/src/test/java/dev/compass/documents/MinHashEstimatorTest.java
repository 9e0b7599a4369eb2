package dev.compass.documents;

import dev.compass.documents.dedupe.DedupeConfig;
import dev.compass.documents.dedupe.DuplicateDetector;
import dev.compass.documents.dedupe.InMemorySignatureStore;
import dev.compass.documents.dedupe.MinHasher;
import dev.compass.documents.dedupe.SignatureStore;
import dev.compass.documents.dedupe.StoredSignature;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** One-permutation MinHash with optimal densification: the equal-slot fraction tracks the true shingle Jaccard. */
class MinHashEstimatorTest {
    private static final DedupeConfig CFG = DedupeConfig.defaults();
    private static final MinHasher HASHER = new MinHasher(CFG);

    /** Distinct random words, so that shingles of different texts only coincide where the texts share words. */
    private static List<String> words(Random r, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder w = new StringBuilder();
            for (int k = 0, len = 3 + r.nextInt(6); k < len; k++) w.append((char) ('a' + r.nextInt(26)));
            out.add(w.toString());
        }
        return out;
    }

    /** Set of 5-word shingles as MinHasher sees them (lower-case letter/digit words). */
    private static Set<List<String>> shingles(List<String> w) {
        Set<List<String>> s = new HashSet<>();
        int k = CFG.shingleWords();
        if (w.size() < k) {
            if (!w.isEmpty()) s.add(List.copyOf(w));
            return s;
        }
        for (int i = 0; i + k <= w.size(); i++) s.add(List.copyOf(w.subList(i, i + k)));
        return s;
    }

    private static double trueJaccard(List<String> a, List<String> b) {
        Set<List<String>> sa = shingles(a);
        Set<List<String>> sb = shingles(b);
        Set<List<String>> inter = new HashSet<>(sa);
        inter.retainAll(sb);
        Set<List<String>> union = new HashSet<>(sa);
        union.addAll(sb);
        return (double) inter.size() / union.size();
    }

    /** A copy of a with about the given share of words replaced by new random words. */
    private static List<String> edited(Random r, List<String> a, double share) {
        List<String> b = new ArrayList<>(a);
        for (int i = 0; i < b.size(); i++) if (r.nextDouble() < share) b.set(i, words(r, 1).get(0) + "x");
        return b;
    }

    private static double estimate(List<String> a, List<String> b) {
        return MinHasher.estimateJaccard(HASHER.signature(String.join(" ", a)), HASHER.signature(String.join(" ", b)));
    }

    @Test
    void estimateTracksTrueJaccardAcrossTheRange() {
        Random r = new Random(7);
        double sumErr = 0;
        int pairs = 0;
        int within = 0;
        for (int t = 0; t < 400; t++) {
            int len = 200 + r.nextInt(400); // a few hundred words
            List<String> a = words(r, len);
            List<String> b = edited(r, a, 0.01 + r.nextDouble() * 0.2);
            double j = trueJaccard(a, b);
            if (j < 0.3 || j > 0.9) continue;
            double est = estimate(a, b);
            sumErr += est - j;
            pairs++;
            if (Math.abs(est - j) <= 0.1) within++;
        }
        System.out.printf(Locale.ROOT, "OPH estimator: %d pairs with J in 0.3..0.9, %d within 0.1, mean error %.4f%n",
                pairs, within, sumErr / pairs);
        assertTrue(pairs >= 200, "pairs " + pairs);
        // 128 slots: sd of the estimate <= sqrt(0.25/128) = 0.044, so +-0.1 is ~2.3 sd; allow a few outliers
        assertTrue(within >= pairs * 0.97, within + " of " + pairs + " within 0.1");
        // unbiased: mean error near 0 (sd of the mean < 0.044 / sqrt(200) = 0.003)
        assertEquals(0, sumErr / pairs, 0.012, String.format(Locale.ROOT, "mean error %.4f over %d pairs",
                sumErr / pairs, pairs));
    }

    @Test
    void unbiasedForShortTextsWithManyEmptyBins() {
        // 20..60 words: far fewer shingles than 128 bins, so most bins are filled by densification
        Random r = new Random(11);
        double sumErr = 0;
        int pairs = 0;
        for (int t = 0; t < 3000; t++) {
            List<String> a = words(r, 20 + r.nextInt(40));
            List<String> b = edited(r, a, r.nextDouble() * 0.1);
            double j = trueJaccard(a, b);
            sumErr += estimate(a, b) - j;
            pairs++;
        }
        System.out.printf(Locale.ROOT, "OPH estimator, short texts: %d pairs, mean error %.4f%n", pairs, sumErr / pairs);
        assertEquals(0, sumErr / pairs, 0.01, "mean error " + sumErr / pairs);
    }

    @Test
    void identicalDisjointAndEmptyTexts() {
        Random r = new Random(3);
        List<String> a = words(r, 300);
        assertEquals(1.0, estimate(a, new ArrayList<>(a)));
        assertEquals(1.0, estimate(a, a.stream().map(w -> w.toUpperCase(Locale.ROOT)).toList()), "case-insensitive");
        assertTrue(estimate(a, words(r, 300)) < 0.05);
        long[] empty = HASHER.signature(" .,; ");
        assertEquals(CFG.numHashes(), empty.length);
        assertTrue(Arrays.stream(empty).allMatch(v -> v == Long.MAX_VALUE));
        long[] one = HASHER.signature("single");
        assertTrue(Arrays.stream(one).allMatch(v -> v == one[0]), "one shingle fills every bin");
        assertNotEquals(Long.MAX_VALUE, one[0]);
    }

    @Test
    void signaturesOfAnotherSchemeAreIgnored() {
        SignatureStore store = new InMemorySignatureStore();
        DuplicateDetector det = new DuplicateDetector(store, CFG);
        String text = String.join(" ", words(new Random(5), 400));
        long[] sig = det.signature(text);
        // an old-scheme row that happens to share the buckets (as if stored by the previous version)
        SignatureStore old = new SignatureStore() {
            @Override
            public Optional<StoredSignature> findByContentHash(String contentHash) {
                return Optional.empty();
            }

            @Override
            public Collection<StoredSignature> findByBuckets(long[] bucketKeys) {
                return List.of(new StoredSignature("old", "s", "/old", "h-old", sig.clone(), 1),
                        new StoredSignature("new", "s", "/new", "h-new", sig.clone(), MinHasher.SCHEME));
            }

            @Override
            public Optional<StoredSignature> putIfAbsent(StoredSignature signature, long[] bucketKeys) {
                return Optional.empty();
            }
        };
        var near = new DuplicateDetector(old, CFG).check("h", sig).near();
        assertEquals(1, near.size(), near.toString());
        assertEquals("new", near.get(0).documentId());
        // registration records the current scheme
        det.register("a", "s", "/a", "h-a", sig);
        assertEquals(MinHasher.SCHEME, store.findByContentHash("h-a").orElseThrow().scheme());
    }
}
