package dev.compass.insight.domain;

import dev.compass.insight.config.InsightConfig;
import dev.compass.retrieval.embedding.Embedder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Query vectors with a bounded LRU cache: repeated questions and searches (common in practice: saved searches,
 * agents asking the same thing) skip the embedding model, which is most of a search's CPU time. The key is the
 * embedder's name and the normalised query text (trimmed, whitespace collapsed, lower-cased: the tokenizers of
 * all-MiniLM-L6-v2 and bge-small-en-v1.5 are uncased and split on whitespace, so these variants have the same
 * vector). Queries are embedded like passages ({@link Embedder#embed}) unless
 * {@code compass.insight.search.query-instruction} asks for the model's retrieval instruction
 * ({@link Embedder#embedQuery}: BGE prefixes it).
 * Thread-safe; a vector is never mutated after it is cached (the search index only reads it).
 */
@ApplicationScoped
public class QueryVectors {
    private static final Pattern SPACES = Pattern.compile("\\s+");

    @Inject
    Embedder embedder;
    @Inject
    InsightConfig config;
    @Inject
    MeterRegistry metrics;

    private Map<String, float[]> cache;
    private Counter hits;
    private Counter misses;

    @jakarta.annotation.PostConstruct
    void init() {
        int capacity = config.search().queryVectorCache();
        cache = new LinkedHashMap<>(Math.min(capacity, 1024) * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > capacity;
            }
        };
        hits = metrics.counter("insight.query.vectors", "cache", "hit");
        misses = metrics.counter("insight.query.vectors", "cache", "miss");
    }

    /** The unit vector of a query, from the cache when the same normalised text was embedded recently. */
    public float[] of(String query) {
        if (config.search().queryVectorCache() <= 0) {
            misses.increment();
            return embed(query);
        }
        String key = embedder.name() + '\u0000' + normalise(query);
        float[] v;
        synchronized (cache) {
            v = cache.get(key);
        }
        if (v != null) {
            hits.increment();
            return v;
        }
        misses.increment();
        v = embed(query); // outside the lock: concurrent misses of other queries embed in parallel
        synchronized (cache) {
            cache.put(key, v);
        }
        return v;
    }

    private float[] embed(String query) {
        return config.search().queryInstruction() ? embedder.embedQuery(query) : embedder.embed(query);
    }

    static String normalise(String query) {
        return SPACES.matcher(query.trim()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }
}
