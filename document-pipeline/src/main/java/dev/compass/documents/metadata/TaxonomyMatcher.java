package dev.compass.documents.metadata;

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
     * match. A word that is no word of any term (the hash of neither its form nor its lower-cased form is in
     * {@code termWordHashes}) can be part of no match: it is kept as {@code null}, without a String copy.
     */
    private static final class Words {
        private final HashFilter termWordHashes;
        String[] original = new String[256];
        String[] lower = new String[256];
        int size;

        Words(HashFilter termWordHashes) {
            this.termWordHashes = termWordHashes;
        }

        void add(String text) {
            int start = -1;
            int hash = 0;       // String.hashCode of the word so far
            int lowerHash = 0;  // ... of its ASCII lower-case form
            boolean ascii = true;
            for (int i = 0, n = text.length(); i <= n; i++) {
                char c = i < n ? text.charAt(i) : ' ';
                boolean part = letterOrDigit(c)
                        || (start >= 0 && (c == '\'' || c == '\u2019' || c == '/' || c == '-') && i + 1 < n
                        && letterOrDigit(text.charAt(i + 1)));
                if (part) {
                    if (start < 0) {
                        start = i;
                        hash = 0;
                        lowerHash = 0;
                        ascii = true;
                    }
                    hash = 31 * hash + c;
                    lowerHash = 31 * lowerHash + (c >= 'A' && c <= 'Z' ? c + 32 : c);
                    ascii &= c < 0x80;
                } else if (start >= 0) {
                    if (size == original.length) {
                        original = Arrays.copyOf(original, size * 2);
                        lower = Arrays.copyOf(lower, size * 2);
                    }
                    if (!ascii || termWordHashes.mayContain(hash) || termWordHashes.mayContain(lowerHash)) {
                        String w = text.substring(start, i);
                        original[size] = w;
                        lower[size] = Category.lowerAscii(w);
                    } else {
                        original[size] = null;
                        lower[size] = null;
                    }
                    size++;
                    start = -1;
                }
            }
        }
    }

    /** {@link Character#isLetterOrDigit(char)} with an ASCII fast path. */
    private static boolean letterOrDigit(char c) {
        if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
        return Character.isLetterOrDigit(c);
    }

    /** A set of int hashes (open addressing); false positives are harmless, false negatives impossible. */
    private static final class HashFilter {
        private final int[] table;
        private final boolean[] used;
        private final int mask;

        HashFilter(java.util.Set<String> words) {
            int cap = Integer.highestOneBit(Math.max(16, words.size() * 4) - 1) << 1;
            table = new int[cap];
            used = new boolean[cap];
            mask = cap - 1;
            for (String w : words) {
                int h = w.hashCode();
                int slot = spread(h) & mask;
                while (used[slot] && table[slot] != h) slot = (slot + 1) & mask;
                table[slot] = h;
                used[slot] = true;
            }
        }

        boolean mayContain(int h) {
            for (int slot = spread(h) & mask; used[slot]; slot = (slot + 1) & mask) if (table[slot] == h) return true;
            return false;
        }

        private static int spread(int h) {
            return h ^ (h >>> 16);
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

        Map<String, Integer> count(Words words) {
            Map<String, Integer> counts = new HashMap<>();
            String[] original = words.original;
            String[] lower = words.lower;
            int size = words.size;
            StringBuilder key = null;
            for (int i = 0; i < size; i++) {
                String first = lower[i];
                if (first == null) continue; // no word of any term
                // acronym terms are single words of at most 4 characters (longer keys can never be found here)
                String id = original[i].length() <= maxExactChars ? exact.get(original[i]) : null;
                int used = 1;
                String hit = caseless.get(first);
                if (maxWords > 1 && i + 1 < size && prefixes.contains(first)) {
                    if (key == null) key = new StringBuilder(64);
                    key.setLength(0);
                    key.append(first);
                    for (int n = 2; n <= maxWords && i + n - 1 < size; n++) {
                        if (n > 2 && !prefixes.contains(key.toString())) break;
                        String next = lower[i + n - 1];
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
                    i += used - 1;
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
