package dev.compass.ingestion.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal Microsoft Graph client on java.net.http: client-credentials token (Azure AD v2 token endpoint), JSON GETs
 * and content downloads, honouring {@code Retry-After} on 429 and 503 (and backing off on other 5xx and I/O errors).
 * HTTP 410 is reported as {@link ResyncRequired}. Thread-safe.
 *
 * <p>The bearer token goes only to the URLs the connector asks for (which it checks against the Graph endpoint); a
 * redirect is never followed with it. A content request's redirect leads to a pre-authenticated download URL, fetched
 * without the token. No body is read beyond its limit: a download larger than the caller's limit, or a JSON page
 * larger than {@link #JSON_LIMIT}, fails without being held in memory.
 */
public final class GraphClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The largest JSON page read (Graph pages are a few hundred kilobytes at most). */
    public static final long JSON_LIMIT = 16L << 20;

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

    /** A body over its limit (the download or page is not read further). */
    public static final class TooLarge extends RuntimeException {
        public TooLarge(String message) {
            super(message);
        }
    }

    private record Reply(int status, HttpHeaders headers, byte[] body) {
    }

    /** Graph calls: the token is sent, redirects are answered, not followed. */
    private final HttpClient api;
    /** Pre-authenticated downloads: no token, redirects followed (never from https to http). */
    private final HttpClient downloads;
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
        this.api = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(20)).build();
        this.downloads = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
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
        return getJson(url, null);
    }

    /** A JSON GET with a {@code Prefer} header (null for none), e.g. to have a delta feed report sharing changes. */
    public JsonNode getJson(String url, String prefer) {
        Reply r = send(api, url, true, JSON_LIMIT, prefer);
        if (r.status() >= 300) {
            throw new GraphException(r.status(), "GET " + url + " redirected (" + r.status() + "); not followed");
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new GraphException(r.status(), "not JSON from " + url);
        }
    }

    /**
     * The content at {@code url}: asked for with the token; when Graph answers with a redirect (as
     * {@code /items/{id}/content} does), the pre-authenticated download URL it names is fetched without the token.
     * {@link TooLarge} once more than {@code maxBytes} arrive.
     */
    public byte[] getBytes(String url, long maxBytes) {
        Reply r = send(api, url, true, maxBytes, null);
        if (r.status() < 300) {
            return r.body();
        }
        String location = r.headers().firstValue("Location")
                .orElseThrow(() -> new GraphException(r.status(), "GET " + url + " answered " + r.status()
                        + " without a Location"));
        URI download = URI.create(url).resolve(location);
        String scheme = download.getScheme() == null ? "" : download.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new GraphException(r.status(), "GET " + url + " redirected to a " + scheme + " URL; not followed");
        }
        Reply d = send(downloads, download.toString(), false, maxBytes, null);
        if (d.status() >= 300) {
            throw new GraphException(d.status(), "download from " + download.getHost() + " answered " + d.status());
        }
        return d.body();
    }

    /** Calls made (including retries) and calls answered 429/503, for metrics and the benchmark. */
    public long calls() {
        return calls.get();
    }

    public long throttled() {
        return throttled.get();
    }

    /** A 2xx or 3xx reply, after retries; GraphException for anything else. */
    private Reply send(HttpClient client, String url, boolean authorised, long limit, String prefer) {
        boolean refreshed = false;
        for (int attempt = 0; ; attempt++) {
            Reply r;
            try {
                HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
                if (authorised) {
                    req.header("Authorization", "Bearer " + token()).header("Accept", "application/json");
                }
                if (prefer != null) {
                    req.header("Prefer", prefer);
                }
                calls.incrementAndGet();
                HttpResponse<InputStream> response =
                        client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
                r = new Reply(response.statusCode(), response.headers(), read(response, url, limit));
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
            int s = r.status();
            if (s >= 200 && s < 400) {
                return r;
            }
            if (s == 410) {
                throw new ResyncRequired("410 Gone from " + url + ": " + snippet(r.body()));
            }
            if (s == 401 && authorised && !refreshed) {
                refreshed = true;
                tokenExpiry = Instant.EPOCH;
                continue;
            }
            if ((s == 429 || s == 503 || s == 502 || s == 504) && attempt < maxRetries) {
                if (s == 429 || s == 503) {
                    throttled.incrementAndGet();
                }
                sleep(retryAfter(r.headers()).orElse(backoff(attempt)));
                continue;
            }
            throw new GraphException(s, "GET " + url + " answered " + s + ": " + snippet(r.body()));
        }
    }

    /** The body, at most {@code limit} bytes of a success (an error's first kilobyte); TooLarge beyond. */
    private static byte[] read(HttpResponse<InputStream> response, String url, long limit) throws IOException {
        try (InputStream in = response.body()) {
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                return new byte[0];
            }
            long cap = status < 300 ? limit : 1024;
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, cap + 1));
            if (body.length > cap) {
                if (status < 300) {
                    throw new TooLarge("GET " + URI.create(url).getHost() + URI.create(url).getPath()
                            + " sent more than " + limit + " bytes; not read further");
                }
                return Arrays.copyOf(body, (int) cap);
            }
            return body;
        }
    }

    private Optional<Duration> retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After").map(v -> {
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
            HttpResponse<byte[]> r = api.send(HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if ((r.statusCode() == 429 || r.statusCode() >= 500) && attempt < maxRetries) {
                sleep(retryAfter(r.headers()).orElse(backoff(attempt)));
                continue;
            }
            if (r.statusCode() != 200) {
                throw new GraphException(r.statusCode(),
                        "token endpoint answered " + r.statusCode() + ": " + snippet(r.body()));
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

    private static String snippet(byte[] bytes) {
        String body = new String(bytes, StandardCharsets.UTF_8);
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
