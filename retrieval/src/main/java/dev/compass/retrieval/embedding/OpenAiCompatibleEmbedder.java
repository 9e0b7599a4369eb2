package dev.compass.retrieval.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Embeddings from an OpenAI-compatible server: {@code POST {baseUrl}/embeddings {"model", "input": [...]}}.
 * Sends texts in batches, orders results by their {@code index}, normalises vectors. Thread-safe.
 */
public final class OpenAiCompatibleEmbedder implements Embedder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final URI endpoint;
    private final String apiKey;
    private final String model;
    private final int dimension;
    private final int batchSize;
    private final Duration timeout;

    /**
     * @param baseUrl   e.g. {@code https://api.openai.com/v1} (the {@code /embeddings} path is appended)
     * @param apiKey    bearer token, or null for none
     * @param model     model name sent in the request
     * @param dimension dimension the model returns (checked on every response)
     * @param batchSize texts per request
     * @param timeout   per-request timeout
     */
    public OpenAiCompatibleEmbedder(String baseUrl, String apiKey, String model, int dimension, int batchSize,
                                    Duration timeout) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.endpoint = URI.create(base + "/embeddings");
        this.apiKey = apiKey;
        this.model = model;
        this.dimension = dimension;
        this.batchSize = Math.max(1, batchSize);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String name() {
        return "openai-compatible:" + model;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            out.addAll(embedBatch(texts.subList(from, Math.min(texts.size(), from + batchSize))));
        }
        return out;
    }

    private List<float[]> embedBatch(List<String> batch) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        ArrayNode input = body.putArray("input");
        batch.forEach(input::add);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new EmbeddingException("embeddings endpoint answered HTTP " + response.statusCode());
            }
            return parse(JSON.readTree(response.body()), batch.size());
        } catch (IOException e) {
            throw new EmbeddingException("embeddings endpoint unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException("interrupted", e);
        }
    }

    private List<float[]> parse(JsonNode root, int expected) {
        JsonNode data = root.path("data");
        if (!data.isArray() || data.size() != expected) {
            throw new EmbeddingException("expected " + expected + " embeddings, got " + data.size());
        }
        float[][] vectors = new float[expected][];
        for (int i = 0; i < data.size(); i++) {
            JsonNode item = data.get(i);
            int index = item.has("index") ? item.get("index").asInt() : i;
            JsonNode values = item.path("embedding");
            if (index < 0 || index >= expected || values.size() != dimension) {
                throw new EmbeddingException("malformed embedding at position " + i);
            }
            float[] v = new float[dimension];
            for (int d = 0; d < dimension; d++) {
                v[d] = (float) values.get(d).asDouble();
            }
            vectors[index] = Vectors.normalize(v);
        }
        if (Arrays.stream(vectors).anyMatch(v -> v == null)) {
            throw new EmbeddingException("duplicate or missing embedding index");
        }
        return Arrays.asList(vectors);
    }

    /** Raised when the remote endpoint fails or answers something unusable. */
    public static final class EmbeddingException extends RuntimeException {
        public EmbeddingException(String message) {
            super(message);
        }

        public EmbeddingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
