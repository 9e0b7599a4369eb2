package dev.compass.documents.metadata;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recognises taxonomy terms in text: one compiled alternation per category, whole words, case-insensitive
 * (short all-caps synonyms such as "UK" or "COPD" must match in capitals). Immutable and thread-safe.
 */
public final class TaxonomyMatcher {

    /** What was recognised: ids ordered by number of mentions, most first. */
    public record Matches(List<String> products, List<String> countries, List<String> therapeuticAreas) {
    }

    private final Category products;
    private final Category countries;
    private final Category areas;
    private final Map<String, String> productArea = new HashMap<>();

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
    }

    /** Matches in a text (search the title, path and body together). */
    public Matches match(String text) {
        List<String> prods = products.find(text);
        Map<String, Integer> areaCounts = areas.count(text);
        for (String prod : prods) {
            String area = productArea.get(prod);
            if (area != null) areaCounts.merge(area, 1, Integer::sum);
        }
        return new Matches(prods, countries.find(text), ranked(areaCounts));
    }

    private static List<String> ranked(Map<String, Integer> counts) {
        List<Map.Entry<String, Integer>> e = new ArrayList<>(counts.entrySet());
        e.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<String> out = new ArrayList<>(e.size());
        for (Map.Entry<String, Integer> x : e) out.add(x.getKey());
        return out;
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

        Category(Map<String, String> terms) {
            for (Map.Entry<String, String> t : terms.entrySet()) {
                String term = t.getKey().strip();
                if (term.isEmpty()) continue;
                boolean acronym = term.length() <= 4 && term.equals(term.toUpperCase(Locale.ROOT));
                List<String> words = words(acronym ? term : term.toLowerCase(Locale.ROOT));
                if (words.isEmpty()) continue;
                String key = String.join(" ", words);
                (acronym ? exact : caseless).putIfAbsent(key, t.getValue());
                for (int i = 1; i < words.size(); i++) prefixes.add(String.join(" ", words.subList(0, i)));
                maxWords = Math.max(maxWords, words.size());
            }
        }

        Map<String, Integer> count(String text) {
            Map<String, Integer> counts = new HashMap<>();
            List<String> original = words(text);
            List<String> lower = new ArrayList<>(original.size());
            for (String w : original) lower.add(lowerAscii(w));
            for (int i = 0; i < lower.size(); i++) {
                String id = exact.get(original.get(i));
                int used = 1;
                StringBuilder key = new StringBuilder(lower.get(i));
                String hit = caseless.get(key.toString());
                for (int n = 2; n <= maxWords && i + n - 1 < lower.size() && prefixes.contains(key.toString()); n++) {
                    key.append(' ').append(lower.get(i + n - 1));
                    String longer = caseless.get(key.toString());
                    if (longer != null) {
                        hit = longer;
                        used = n;
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

        List<String> find(String text) {
            return ranked(count(text));
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
