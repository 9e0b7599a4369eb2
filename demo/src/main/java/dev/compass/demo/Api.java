package dev.compass.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;

/** A small client of the public APIs: bearer token, JSON in and out, multipart uploads, polling. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;
    private final Observer observer;

    /** Sees every answer (e.g. to hold it to the service's OpenAPI document). */
    interface Observer {
        void answered(String method, URI uri, int status, String contentType, String body);
    }

    Api(String base, String token) {
        this(base, token, null);
    }

    Api(String base, String token, Observer observer) {
        this.base = base;
        this.token = token;
        this.observer = observer;
    }

    Api as(String otherToken) {
        return new Api(base, otherToken, observer);
    }

    record Reply(int status, JsonNode body, String raw) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    Reply post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Reply put(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Reply postBody(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** multipart/form-data with a file part and a JSON metadata part. */
    Reply upload(String path, String fileName, String mediaType, byte[] bytes, String metadataJson)
            throws IOException, InterruptedException {
        String boundary = "compass-" + UUID.randomUUID();
        var out = new java.io.ByteArrayOutputStream();
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + metadataJson + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + mediaType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(bytes);
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return postBody(path, "multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    /** Polls a GET until the predicate holds on a 2xx reply, or the timeout passes (returns the last reply). */
    Reply await(String path, Predicate<JsonNode> done, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Reply last = null;
        while (Instant.now().isBefore(deadline)) {
            last = get(path);
            if (last.ok() && done.test(last.body())) {
                return last;
            }
            Thread.sleep(500);
        }
        return last;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (observer != null) {
            observer.answered(request.method(), request.uri(), r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(null), r.body());
        }
        JsonNode body;
        try {
            body = r.body() == null || r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (IOException notJson) {
            body = JSON.nullNode();
        }
        return new Reply(r.statusCode(), body, r.body());
    }
}
