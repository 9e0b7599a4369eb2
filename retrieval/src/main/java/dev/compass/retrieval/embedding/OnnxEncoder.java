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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A BERT-style sentence encoder bundled as ONNX model + HuggingFace tokenizer in a langchain4j embeddings artifact,
 * run directly through ONNX Runtime so that the token window can be chosen (the langchain4j wrapper truncates at
 * 128 word pieces). One ONNX session per model file and JVM, loaded on first use; instances are thread-safe.
 */
final class OnnxEncoder {
    /** How token vectors become one text vector. */
    enum Pooling { MEAN, CLS }

    private static final Map<String, OrtSession> SESSIONS = new ConcurrentHashMap<>();

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean typeIds;
    private final Pooling pooling;
    private final String label;

    /**
     * @param model the ONNX file on the classpath
     * @param tokenizerJson the tokenizer file on the classpath
     * @param artifact the artifact that provides both, named in the error when they are missing
     */
    OnnxEncoder(String model, String tokenizerJson, String artifact, int maxTokens, Pooling pooling) {
        this.session = SESSIONS.computeIfAbsent(model, m -> load(m, artifact));
        this.typeIds = session.getInputNames().contains("token_type_ids");
        this.pooling = pooling;
        this.label = model;
        Map<String, String> options = new HashMap<>();
        options.put("padding", "false");
        options.put("truncation", "true");
        options.put("maxLength", Integer.toString(maxTokens));
        try (InputStream in = resource(tokenizerJson, artifact)) {
            this.tokenizer = HuggingFaceTokenizer.newInstance(in, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of word pieces of {@code text} including special tokens, truncated to the window. */
    int countTokens(String text) {
        return tokenizer.tokenize(text).size();
    }

    /** The unit vector of one text (unpadded). */
    float[] encode(String text) {
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
                return Vectors.normalize(pooling == Pooling.CLS ? hidden[0].clone() : meanOfUnmasked(hidden, mask));
            }
        } catch (OrtException e) {
            throw new IllegalStateException(label + " inference failed", e);
        }
    }

    private static float[] meanOfUnmasked(float[][] hidden, long[] mask) {
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
        return pooled;
    }

    private static InputStream resource(String name, String artifact) {
        InputStream in = OnnxEncoder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " not on the classpath: add " + artifact);
        }
        return in;
    }

    private static OrtSession load(String model, String artifact) {
        try (InputStream in = resource(model, artifact)) {
            byte[] bytes = in.readAllBytes();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                // threads that finish an operator sleep instead of spinning for the next one: in a service the
                // other cores are serving requests, and a spinning pool takes their CPU (docs/bench/insight.md)
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.addConfigEntry("session.inter_op.allow_spinning", "0");
                return OrtEnvironment.getEnvironment().createSession(bytes, options);
            }
        } catch (IOException | OrtException e) {
            throw new IllegalStateException("cannot load " + model, e);
        }
    }
}
