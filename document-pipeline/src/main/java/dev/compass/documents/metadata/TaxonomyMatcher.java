package dev.compass.documents.metadata;

import dev.compass.documents.text.CharClass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recognises taxonomy terms in text: whole words, case-insensitive (short all-caps synonyms such as "UK" or
 * "COPD" must match in capitals). The text is split into words once per call and the three categories
 * look up word n-grams in hash maps. Immutable and thread-safe.
 */
public final class TaxonomyMatcher {

    /** What was recognised: ids ordered by number of mentions, most first. */
    public record Matches(List<String> products, List<String> countries, List<String> therapeuticAreas) {
    }

    private final Category products;
    private final Category countries;
    private final Category areas;
    private final Map<String, String> productArea = new HashMap<>();
    /** Hashes of every word (as written and lower-cased) of every term key and prefix. */
    private final HashFilter termWordHashes;

    public TaxonomyMatcher(Taxonomy taxonomy) {
        Map<String, String> p = new LinkedHashMap<>();
        for (Taxonomy.Product x : taxonomy.products()) {
            p.put(x.name(), x.id());
            for (String s : x.synonyms()) p.put(s, x.id());
            if (x.therapeuticArea() != null) productArea.put(x.id(), x.therapeuticArea());
        }
        Map<String, String> c = new LinkedHashMap<>();
        for (Taxonomy.Country x : taxonomy.countries()) for (String s : x.names()) c.put(s, x.id());
        Map<String, String> a = new LinkedHashMap<>();
        for (Taxonomy.TherapeuticArea x : taxonomy.therapeuticAreas()) {
            a.put(x.id(), x.id());
            for (String s : x.synonyms()) a.put(s, x.id());
        }
        products = new Category(p);
        countries = new Category(c);
        areas = new Category(a);
        java.util.Set<String> termWords = new java.util.HashSet<>();
        for (Category cat : List.of(products, countries, areas)) cat.addTermWords(termWords);
        termWordHashes = new HashFilter(termWords);
    }

    /** Matches in a text (search the title, path and body together). */
    public Matches match(String text) {
        return match(new String[] {text});
    }

    /**
     * Matches in several texts searched as one (title, path, body): the same result as {@link #match(String)}
     * on the texts joined by line breaks, without building the joined copy. Words never span a line break,
     * so the texts are tokenised one by one, once for all three categories.
     */
    public Matches match(String... texts) {
        Words w = new Words(termWordHashes);
        for (String t : texts) if (t != null) w.add(t);
        List<String> prods = products.find(w);
        Map<String, Integer> areaCounts = areas.count(w);
        for (String prod : prods) {
            String area = productArea.get(prod);
            if (area != null) areaCounts.merge(area, 1, Integer::sum);
        }
        return new Matches(prods, countries.find(w), ranked(areaCounts));
    }

    private static List<String> ranked(Map<String, Integer> counts) {
        List<Map.Entry<String, Integer>> e = new ArrayList<>(counts.entrySet());
        e.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<String> out = new ArrayList<>(e.size());
        for (Map.Entry<String, Integer> x : e) out.add(x.getKey());
        return out;
    }

    /**
     * The words of the searched texts (as {@link Category#words}) and their lower-cased forms, computed once per
     * match. A word that is no word of any term can be part of no match: only the others ("hits") are kept, with
     * their position in the word sequence, and only they are copied into Strings. A word is a hit when the hash of
     * its lower-cased form is in {@code termWordHashes}: that set holds every term word both as stored and
     * lower-cased, so a word equal to a term word in either form has its lower-cased form in the set. The hash is
     * computed while scanning, lower-casing each character with {@link Character#toLowerCase(char)}, which is what
     * {@code String.toLowerCase(Locale.ROOT)} does to a word's characters except to capital sigma (final form) and
     * dotted capital I (two characters); words with those are always hits (words never contain surrogates).
     * (A hash collision only makes a non-term word a hit, which matches nothing.)
     */
    private static final class Words {
        private final HashFilter termWordHashes;
        /** Position of each hit in the sequence of all words. */
        int[] index = new int[64];
        String[] original = new String[64];
        String[] lower = new String[64];
        /** Number of hits. */
        int hits;
        /** Number of words (hits or not). */
        int size;

        Words(HashFilter termWordHashes) {
            this.termWordHashes = termWordHashes;
        }

        void add(String text) {
            int start = -1;
            int lowerHash = 0;  // String.hashCode of the lower-case form of the word so far
            boolean special = false; // a character String.toLowerCase lower-cases differently (see above)
            for (int i = 0, n = text.length(); i <= n; i++) {
                char c = i < n ? text.charAt(i) : ' ';
                boolean part = letterOrDigit(c)
                        || (start >= 0 && (c == '\'' || c == '\u2019' || c == '/' || c == '-') && i + 1 < n
                        && letterOrDigit(text.charAt(i + 1)));
                if (part) {
                    if (start < 0) {
                        start = i;
                        lowerHash = 0;
                        special = false;
                    }
                    if (c < 0x80) {
                        lowerHash = 31 * lowerHash + (c >= 'A' && c <= 'Z' ? c + 32 : c);
                    } else {
                        lowerHash = 31 * lowerHash + Character.toLowerCase(c);
                        special |= c == '\u03A3' || c == '\u0130';
                    }
                    // the following ASCII letters and digits in a tight loop (each is a part of the word, as above)
                    while (i + 1 < n) {
                        char d = text.charAt(i + 1);
                        if (d >= 0x80 || !ASCII_WORD[d]) break;
                        lowerHash = 31 * lowerHash + (d >= 'A' && d <= 'Z' ? d + 32 : d);
                        i++;
                    }
                } else if (start >= 0) {
                    if (special || termWordHashes.mayContain(lowerHash)) {
                        if (hits == index.length) {
                            index = Arrays.copyOf(index, hits * 2);
                            original = Arrays.copyOf(original, hits * 2);
                            lower = Arrays.copyOf(lower, hits * 2);
                        }
                        String w = text.substring(start, i);
                        index[hits] = size;
                        original[hits] = w;
                        lower[hits] = Category.lowerAscii(w);
                        hits++;
                    }
                    size++;
                    start = -1;
                }
            }
        }

        /** The lower-cased word at position {@code pos} if the hit {@code h} is there, else null (no term word). */
        String lowerAt(int h, int pos) {
            return h < hits && index[h] == pos ? lower[h] : null;
        }
    }

    /** ASCII letters and digits. */
    private static final boolean[] ASCII_WORD = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) ASCII_WORD[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** {@link Character#isLetterOrDigit(char)} with an ASCII fast path. */
    private static boolean letterOrDigit(char c) {
        if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
        return CharClass.isLetterOrDigit(c);
    }

    /**
     * A set of int hashes (open addressing); false positives are harmless, false negatives impossible. Slots come
     * from the high bits of a multiplicative (Fibonacci) hash: String hash codes of short words differ mostly in
     * their low bits and cluster under a plain mask, which made the probe sequences long.
     */
    private static final class HashFilter {
        private final int[] table;
        private final boolean[] used;
        private final int mask;
        private final int shift;

        HashFilter(java.util.Set<String> words) {
            int cap = Integer.highestOneBit(Math.max(16, words.size() * 4) - 1) << 1;
            table = new int[cap];
            used = new boolean[cap];
            mask = cap - 1;
            shift = 32 - Integer.numberOfTrailingZeros(cap);
            for (String w : words) {
                int h = w.hashCode();
                int slot = slot(h);
                while (used[slot] && table[slot] != h) slot = (slot + 1) & mask;
                table[slot] = h;
                used[slot] = true;
            }
        }

        boolean mayContain(int h) {
            for (int slot = slot(h); used[slot]; slot = (slot + 1) & mask) if (table[slot] == h) return true;
            return false;
        }

        private int slot(int h) {
            return (h * 0x9E3779B9) >>> shift;
        }
    }

    /**
     * Word n-gram lookup: terms are split into words; at each word of the text the longest term starting
     * there wins. Lower-cased words match case-insensitive terms; short all-caps terms (UK, COPD) match as written.
     */
    private static final class Category {
        private final Map<String, String> caseless = new HashMap<>();
        private final Map<String, String> exact = new HashMap<>();
        private final java.util.Set<String> prefixes = new java.util.HashSet<>();
        private int maxWords = 1;
        private int maxExactChars = -1;

        Category(Map<String, String> terms) {
            for (Map.Entry<String, String> t : terms.entrySet()) {
                String term = t.getKey().strip();
                if (term.isEmpty()) continue;
                boolean acronym = term.length() <= 4 && term.equals(term.toUpperCase(Locale.ROOT));
                List<String> words = words(acronym ? term : term.toLowerCase(Locale.ROOT));
                if (words.isEmpty()) continue;
                String key = String.join(" ", words);
                (acronym ? exact : caseless).putIfAbsent(key, t.getValue());
                if (acronym) maxExactChars = Math.max(maxExactChars, key.length());
                for (int i = 1; i < words.size(); i++) prefixes.add(String.join(" ", words.subList(0, i)));
                maxWords = Math.max(maxWords, words.size());
            }
        }

        /** Every word of every key and prefix, as stored and lower-cased. */
        void addTermWords(java.util.Set<String> out) {
            for (java.util.Set<String> keys : List.of(caseless.keySet(), exact.keySet(), prefixes)) {
                for (String key : keys) {
                    for (String w : key.split(" ")) {
                        out.add(w);
                        out.add(w.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }

        /**
         * Term mentions, scanning the words in order (only the hits: every other word starts and continues no
         * term); at each word the longest term starting there wins and the words it used are skipped.
         */
        Map<String, Integer> count(Words words) {
            Map<String, Integer> counts = new HashMap<>();
            String[] original = words.original;
            String[] lower = words.lower;
            int[] index = words.index;
            int size = words.size;
            StringBuilder key = null;
            for (int h = 0, hits = words.hits; h < hits; h++) {
                int i = index[h]; // position of this word in the whole word sequence
                String first = lower[h];
                // acronym terms are single words of at most 4 characters (longer keys can never be found here)
                String id = original[h].length() <= maxExactChars ? exact.get(original[h]) : null;
                int used = 1;
                String hit = caseless.get(first);
                if (maxWords > 1 && i + 1 < size && prefixes.contains(first)) {
                    if (key == null) key = new StringBuilder(64);
                    key.setLength(0);
                    key.append(first);
                    for (int n = 2; n <= maxWords && i + n - 1 < size; n++) {
                        if (n > 2 && !prefixes.contains(key.toString())) break;
                        String next = words.lowerAt(h + n - 1, i + n - 1);
                        if (next == null) break; // no key or prefix has this word
                        key.append(' ').append(next);
                        String longer = caseless.get(key.toString());
                        if (longer != null) {
                            hit = longer;
                            used = n;
                        }
                    }
                }
                if (hit != null) id = hit;
                if (id != null) {
                    counts.merge(id, 1, Integer::sum);
                    h += used - 1; // the used words are the hits h .. h + used - 1 (consecutive positions)
                }
            }
            return counts;
        }

        List<String> find(Words words) {
            return ranked(count(words));
        }

        private static String lowerAscii(String w) {
            for (int i = 0; i < w.length(); i++) {
                char c = w.charAt(i);
                if (c >= 'A' && c <= 'Z' || c > 127) return w.toLowerCase(Locale.ROOT);
            }
            return w;
        }

        /** Words: runs of letters and digits, keeping inner apostrophes, slashes and hyphens. */
        static List<String> words(String text) {
            List<String> out = new ArrayList<>();
            int start = -1;
            for (int i = 0, n = text.length(); i <= n; i++) {
                char c = i < n ? text.charAt(i) : ' ';
                boolean part = Character.isLetterOrDigit(c)
                        || (start >= 0 && (c == '\'' || c == '\u2019' || c == '/' || c == '-') && i + 1 < n
                        && Character.isLetterOrDigit(text.charAt(i + 1)));
                if (part) {
                    if (start < 0) start = i;
                } else if (start >= 0) {
                    out.add(text.substring(start, i));
                    start = -1;
                }
            }
            return out;
        }
    }
}
