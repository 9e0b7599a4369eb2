package dev.compass.governance.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Finds existing use-case ideas that probably describe the same thing as a new one, across languages of phrasing.
 * Texts are normalised (lower case, accents removed, a multilingual business glossary maps German, French and Spanish
 * terms to English, stop words dropped); the score mixes the cosine of sentence embeddings (all-MiniLM-L6-v2, an
 * English model, hence the glossary) with the cosine of character trigram profiles, which is robust to inflection.
 */
public final class DuplicateDetector {
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}'-]+");
    private static final Set<String> STOP = new java.util.HashSet<>(List.of(
            "the", "a", "an", "of", "for", "and", "or", "to", "in", "on", "by", "with", "from", "each", "every", "our",
            "we", "so", "that", "which", "their", "is", "are", "be", "it", "as", "at", "this", "they", "do", "not",
            "der", "die", "das", "den", "dem", "des", "und", "oder", "fur", "von", "mit", "auf", "im", "in", "zu",
            "ein", "eine", "einen", "jeden", "jede", "pro", "aus", "damit", "sie", "nicht", "welchen", "welche",
            "le", "la", "les", "l'", "de", "du", "des", "et", "ou", "pour", "par", "avec", "sur", "un", "une", "chaque",
            "a", "au", "aux", "qui", "que", "en", "d'", "leur", "ne", "pas",
            "el", "los", "las", "del", "y", "o", "para", "por", "con", "sobre", "una", "uno", "cada", "al", "que",
            "se", "su", "sus", "lo", "no"));

    /** An idea as compared: id, title and problem statement. */
    public record Idea(String id, String title, String problem) {}

    /** A similar idea with its combined score and the two parts. */
    public record Match(String id, double score, double semantic, double lexical) {}

    private final Map<String, String> glossary;
    private final List<String> glossaryKeys;
    private final Function<String, float[]> embedder;
    private final double semanticWeight;

    /**
     * @param extraGlossary terms added to (or overriding) the bundled glossary
     * @param embedder sentence embeddings of a normalised text (null: lexical only)
     * @param semanticWeight weight of the embedding cosine in the score (the rest is trigram cosine)
     */
    public DuplicateDetector(Map<String, String> extraGlossary, Function<String, float[]> embedder,
            double semanticWeight) {
        Map<String, String> g = new HashMap<>(bundledGlossary());
        extraGlossary.forEach((k, v) -> g.put(fold(k), v.toLowerCase(Locale.ROOT)));
        this.glossary = g;
        this.glossaryKeys = g.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        this.embedder = embedder;
        this.semanticWeight = embedder == null ? 0 : semanticWeight;
    }

    /** The comparable form of an idea: profile computed once, stored with the idea. */
    public record Profile(String id, String normalised, Map<String, Integer> trigrams, float[] embedding) {}

    public Profile profile(Idea idea) {
        String normalised = normalise(idea.title() + ". " + idea.title() + ". " + idea.problem());
        return new Profile(idea.id(), normalised, trigrams(normalised),
                embedder == null ? null : embedder.apply(normalise(idea.title() + ". " + idea.problem())));
    }

    /** Profile with an embedding computed elsewhere (e.g. stored in the database). */
    public Profile profile(Idea idea, float[] embedding) {
        String normalised = normalise(idea.title() + ". " + idea.title() + ". " + idea.problem());
        return new Profile(idea.id(), normalised, trigrams(normalised), embedding);
    }

    public String embeddingText(Idea idea) {
        return normalise(idea.title() + ". " + idea.problem());
    }

    /** Existing ideas ordered by similarity to the candidate, best first, those at or above minScore. */
    public List<Match> rank(Profile candidate, List<Profile> existing, double minScore) {
        List<Match> matches = new ArrayList<>();
        for (Profile p : existing) {
            if (p.id().equals(candidate.id())) {
                continue;
            }
            double lexical = cosine(candidate.trigrams(), p.trigrams());
            double semantic = candidate.embedding() == null || p.embedding() == null ? lexical
                    : cosine(candidate.embedding(), p.embedding());
            double score = semanticWeight * semantic + (1 - semanticWeight) * lexical;
            if (score >= minScore) {
                matches.add(new Match(p.id(), score, semantic, lexical));
            }
        }
        matches.sort(Comparator.comparingDouble(Match::score).reversed());
        return matches;
    }

    /** Lower case, accents removed, glossary applied, stop words removed. */
    public String normalise(String text) {
        String folded = " " + String.join(" ", NON_WORD.split(fold(text))) + " ";
        for (String key : glossaryKeys) {
            if (folded.contains(" " + key + " ")) {
                folded = folded.replace(" " + key + " ", " " + glossary.get(key) + " ");
            }
        }
        StringBuilder out = new StringBuilder();
        for (String w : folded.trim().split(" +")) {
            String word = w.replaceAll("^['-]+|['-]+$", "");
            if (word.startsWith("l'") || word.startsWith("d'")) {
                word = word.substring(2);
            }
            if (!word.isEmpty() && !STOP.contains(word)) {
                out.append(out.isEmpty() ? "" : " ").append(word);
            }
        }
        return out.toString();
    }

    static String fold(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replace("ß", "ss");
        return Normalizer.normalize(lower, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    }

    static Map<String, Integer> trigrams(String normalised) {
        Map<String, Integer> grams = new HashMap<>();
        for (String word : normalised.split(" ")) {
            String w = "#" + word + "#";
            for (int i = 0; i + 3 <= w.length(); i++) {
                grams.merge(w.substring(i, i + 3), 1, Integer::sum);
            }
        }
        return grams;
    }

    static double cosine(Map<String, Integer> a, Map<String, Integer> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        Map<String, Integer> small = a.size() < b.size() ? a : b;
        Map<String, Integer> large = small == a ? b : a;
        double dot = 0;
        for (Map.Entry<String, Integer> e : small.entrySet()) {
            Integer o = large.get(e.getKey());
            if (o != null) {
                dot += e.getValue() * (double) o;
            }
        }
        return dot / (norm(a) * norm(b));
    }

    private static double norm(Map<String, Integer> v) {
        double s = 0;
        for (int x : v.values()) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    private static Map<String, String> bundledGlossary() {
        Properties props = new Properties();
        try (InputStream in = DuplicateDetector.class.getResourceAsStream("/governance/glossary.properties")) {
            if (in != null) {
                props.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> g = new LinkedHashMap<>();
        props.forEach((k, v) -> g.put(fold(k.toString()), v.toString().toLowerCase(Locale.ROOT)));
        return g;
    }
}
