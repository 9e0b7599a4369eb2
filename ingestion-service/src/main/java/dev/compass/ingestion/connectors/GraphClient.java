package dev.compass.ingestion.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal Microsoft Graph client on java.net.http: client-credentials token (Azure AD v2 token endpoint), JSON GETs
 * and content downloads (following the 302 to the download URL), honouring {@code Retry-After} on 429 and 503 (and
 * backing off on other 5xx and I/O errors). HTTP 410 is reported as {@link ResyncRequired}. Thread-safe.
 */
public final class GraphClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The delta token expired (HTTP 410 Gone, resyncRequired): start the drive over. */
    public static final class ResyncRequired extends RuntimeException {
        public ResyncRequired(String message) {
            super(message);
        }
    }

    /** A call that failed for good. */
    public static final class GraphException extends RuntimeException {
        private final int status;

        public GraphException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final HttpClient http;
    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final int maxRetries;
    private final Duration maxRetryAfter;
    private final Duration timeout;
    private volatile String token;
    private volatile Instant tokenExpiry = Instant.EPOCH;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();

    public GraphClient(String tokenUrl, String clientId, String clientSecret, String scope, int maxRetries,
            Duration maxRetryAfter, Duration timeout) {
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.maxRetries = maxRetries;
        this.maxRetryAfter = maxRetryAfter;
        this.timeout = timeout;
    }

    public JsonNode getJson(String url) {
        HttpResponse<byte[]> r = send(url);
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new GraphException(r.statusCode(), "not JSON from " + url);
        }
    }

    public byte[] getBytes(String url) {
        return send(url).body();
    }

    /** Calls made (including retries) and calls answered 429/503, for metrics and the benchmark. */
    public long calls() {
        return calls.get();
    }

    public long throttled() {
        return throttled.get();
    }

    private HttpResponse<byte[]> send(String url) {
        boolean refreshed = false;
        for (int attempt = 0; ; attempt++) {
            HttpResponse<byte[]> r;
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                        .header("Authorization", "Bearer " + token()).header("Accept", "application/json").GET().build();
                calls.incrementAndGet();
                r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (attempt >= maxRetries) {
                    throw new GraphException(0, "GET " + url + " failed: " + e);
                }
                sleep(backoff(attempt));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GraphException(0, "interrupted");
            }
            int s = r.statusCode();
            if (s >= 200 && s < 300) {
                return r;
            }
            if (s == 410) {
                throw new ResyncRequired("410 Gone from " + url + ": " + snippet(r));
            }
            if (s == 401 && !refreshed) {
                refreshed = true;
                tokenExpiry = Instant.EPOCH;
                continue;
            }
            if ((s == 429 || s == 503 || s == 502 || s == 504) && attempt < maxRetries) {
                if (s == 429 || s == 503) {
                    throttled.incrementAndGet();
                }
                sleep(retryAfter(r).orElse(backoff(attempt)));
                continue;
            }
            throw new GraphException(s, "GET " + url + " answered " + s + ": " + snippet(r));
        }
    }

    private java.util.Optional<Duration> retryAfter(HttpResponse<?> r) {
        return r.headers().firstValue("Retry-After").map(v -> {
            Duration d;
            try {
                d = Duration.ofSeconds(Long.parseLong(v.strip()));
            } catch (NumberFormatException e) {
                try {
                    d = Duration.between(Instant.now(),
                            ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                } catch (RuntimeException unparsable) {
                    d = Duration.ofSeconds(5);
                }
            }
            if (d.isNegative()) {
                d = Duration.ZERO;
            }
            return d.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : d;
        });
    }

    private static Duration backoff(int attempt) {
        return Duration.ofMillis(Math.min(30_000, 500L << Math.min(attempt, 6)));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphException(0, "interrupted while waiting to retry");
        }
    }

    private synchronized String token() throws IOException, InterruptedException {
        if (token != null && Instant.now().isBefore(tokenExpiry)) {
            return token;
        }
        String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret="
                + enc(clientSecret) + "&scope=" + enc(scope);
        for (int attempt = 0; ; attempt++) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if ((r.statusCode() == 429 || r.statusCode() >= 500) && attempt < maxRetries) {
                sleep(retryAfter(r).orElse(backoff(attempt)));
                continue;
            }
            if (r.statusCode() != 200) {
                throw new GraphException(r.statusCode(), "token endpoint answered " + r.statusCode() + ": " + snippet(r));
            }
            JsonNode body = JSON.readTree(r.body());
            token = body.path("access_token").asText(null);
            if (token == null) {
                throw new GraphException(200, "token endpoint gave no access_token");
            }
            long expiresIn = body.path("expires_in").asLong(3600);
            tokenExpiry = Instant.now().plusSeconds(Math.max(30, expiresIn - 60));
            return token;
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static String snippet(HttpResponse<byte[]> r) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
