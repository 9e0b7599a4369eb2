package dev.compass.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import dev.compass.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A body sent without a length (chunked) is bounded like any other: over the limit, a 413 problem document. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingestion"))
class HttpRequestEdgesTest {
    private static final long LIMIT = 64L * 1024 * 1024; // quarkus.http.limits.max-body-size of ingestion

    /** Sends a request with a chunked body of the given size, reading the answer while the body is still going out. */
    static String chunked(String path, String contentType, byte[] head, long size, byte[] tail) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(60_000);
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                            + Support.token("analyst", "ops") + "\r\nContent-Type: " + contentType
                            + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    chunk(out, head);
                    byte[] filler = new byte[1 << 20];
                    Arrays.fill(filler, (byte) 'a');
                    for (long sent = 0; sent < size; sent += filler.length) {
                        chunk(out, Arrays.copyOf(filler, (int) Math.min(filler.length, size - sent)));
                    }
                    chunk(out, tail);
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException refusedMidway) {
                    // the server may close the connection once it has answered
                }
            });
            String answer = answer(socket.getInputStream());
            sending.cancel(true);
            return answer;
        }
    }

    /** The head of an answer and as much of its body as it announces. */
    static String answer(InputStream in) throws IOException {
        StringBuilder answer = new StringBuilder();
        while (!answer.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            answer.append((char) c);
        }
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(answer);
        if (length.find()) {
            answer.append(new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8));
        }
        return answer.toString();
    }

    static void chunk(OutputStream out, byte[] bytes) throws IOException {
        if (bytes.length > 0) {
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Sends a request with a body of a declared length, whole, and reads the answer. */
    static String sized(String path, String contentType, byte[] body) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + Support.token("analyst") + "\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return answer(socket.getInputStream());
        }
    }

    @Test
    void anUploadWithASecondFileOrAnUnknownPartIsRefusedNotHalfStored() {
        String token = dev.compass.localstack.TestStack.token("alice", java.util.List.of("analyst"), java.util.List.of("market-research"));
        String metadata = "{\"site\":\"edges\",\"path\":\"/two.txt\",\"groups\":[\"market-research\"]}";
        io.restassured.RestAssured.given().auth().oauth2(token)
                .multiPart("file", "a.txt", "first file".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .multiPart("file", "b.txt", "second file".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .multiPart("metadata", metadata, "application/json").post("/api/v1/documents").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("file"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("given 2 times"));
        io.restassured.RestAssured.given().auth().oauth2(token)
                .multiPart("file", "a.txt", "first file".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .multiPart("metadata", metadata, "application/json").multiPart("groups", "finance")
                .post("/api/v1/documents").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("groups"))
                .body("errors[0].message", org.hamcrest.Matchers.equalTo("not a part of an upload; it has file and metadata"));
    }

    @Test
    void aMultipartBodyWithoutItsClosingBoundaryIsABadRequest() throws Exception {
        String boundary = "b0undary";
        String metadata = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type:"
                + " application/json\r\n\r\n{\"site\":\"truncated\",\"groups\":[\"market-research\"]}\r\n";
        String file = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nField notes on uploads that end before their last boundary.";
        // the caller's error, not the service's: no ERROR line in the service's log
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Handler errorLog = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.SEVERE.intValue() && r.getLoggerName() != null
                        && r.getLoggerName().startsWith("dev.compass")) {
                    errors.add(r);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger.getLogger("").addHandler(errorLog);
        try {
            // the body ends inside the file part (a client that stopped sending), or right after a part's own boundary
            for (String body : List.of(metadata + file, metadata + "--" + boundary + "\r\n")) {
                String answer = sized("/api/v1/documents", "multipart/form-data; boundary=" + boundary,
                        body.getBytes(StandardCharsets.US_ASCII));
                assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
                assertTrue(answer.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json"), answer);
                assertTrue(answer.contains("\"detail\":\"the multipart body is incomplete"), answer);
            }
        } finally {
            Logger.getLogger("").removeHandler(errorLog);
        }
        assertEquals(List.of(), errors.stream().map(LogRecord::getMessage).toList());
        given().auth().oauth2(Support.ops()).queryParam("site", "truncated").get("/api/v1/documents").then()
                .statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWithAProblemAndOneWithinItIsRead() throws Exception {
        String boundary = "b0undary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type:"
                + " application/json\r\n\r\n{\"site\":\"chunked\",\"groups\":[\"market-research\"]}\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\nContent-Type:"
                + " text/plain\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);

        String refused = chunked("/api/v1/documents", "multipart/form-data; boundary=" + boundary, head, LIMIT, tail);
        assertTrue(refused.startsWith("HTTP/1.1 413"), refused);
        assertTrue(refused.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json"), refused);
        assertTrue(refused.contains("\"detail\":\"the body is longer than the " + LIMIT + " bytes this service"
                + " accepts"), refused);

        // the same upload, small, sent the same way: read in full and ingested
        String accepted = chunked("/api/v1/documents", "multipart/form-data; boundary=" + boundary,
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type:"
                        + " application/json\r\n\r\n{\"site\":\"chunked\",\"groups\":[\"market-research\"]}\r\n--"
                        + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"small.txt\"\r\n"
                        + "Content-Type: text/plain\r\n\r\nField notes on chunked uploads of market research. ")
                        .getBytes(StandardCharsets.US_ASCII), 4096, tail);
        assertTrue(accepted.startsWith("HTTP/1.1 202"), accepted);
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(accepted);
        assertTrue(id.find(), accepted);
        JsonNode document = Support.awaitTerminal(id.group(1), Duration.ofSeconds(60));
        assertEquals("PUBLISHED", document.path("status").asText(), document.toString());
        assertEquals("small.txt", document.path("fileName").asText(), document.toString());
    }
}
