package dev.compass.retrieval.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OpenAiCompatibleEmbedderTest {

    @Test
    void postsBatchesAndOrdersByIndex() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> requests = new ArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/embeddings", ex -> {
            JsonNode req = json.readTree(ex.getRequestBody());
            requests.add(req);
            StringBuilder data = new StringBuilder();
            for (int i = req.get("input").size() - 1; i >= 0; i--) {
                float x = req.get("input").get(i).asText().length();
                data.append(data.length() > 0 ? "," : "")
                        .append("{\"index\":").append(i).append(",\"embedding\":[").append(x).append(",0,0]}");
            }
            byte[] body = ("{\"data\":[" + data + "]}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders("Bearer k".equals(ex.getRequestHeaders().getFirst("Authorization")) ? 200 : 401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            OpenAiCompatibleEmbedder e = new OpenAiCompatibleEmbedder(base, "k", "text-embedding-3-small", 3, 2,
                    Duration.ofSeconds(5));
            List<float[]> v = e.embedAll(List.of("a", "bb", "ccc"));
            assertEquals(3, v.size());
            assertEquals(2, requests.size(), "batches of two");
            assertEquals("text-embedding-3-small", requests.get(0).get("model").asText());
            assertEquals(1.0f, v.get(2)[0], 1e-6, "normalised and in input order");
            OpenAiCompatibleEmbedder wrongKey = new OpenAiCompatibleEmbedder(base, "x", "m", 3, 8, Duration.ofSeconds(5));
            assertThrows(OpenAiCompatibleEmbedder.EmbeddingException.class, () -> wrongKey.embed("a"));
        } finally {
            server.stop(0);
        }
    }
}
