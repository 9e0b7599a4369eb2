package dev.compass.localstack;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The check that holds the services' test calls to their OpenAPI documents catches each kind of breach. */
class OpenApiConformanceTest {

    private static final String DOCUMENT = """
            {"openapi": "3.1.0",
             "paths": {"/api/v1/things/{id}": {"get": {"responses": {
                "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                "204": {"description": "nothing"},
                "404": {"content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
             }}}},
             "components": {"schemas": {
                "Thing": {"type": "object", "required": ["id"],
                          "properties": {"id": {"type": "string"}, "count": {"type": ["integer", "null"]}}},
                "Problem": {"type": "object", "required": ["status"], "properties": {"status": {"type": "integer"}}}
             }}}
            """;

    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int status = 200;
            String type = "application/json";
            String body = switch (path) {
                case "/q/openapi" -> DOCUMENT;
                case "/api/v1/things/ok" -> "{\"id\": \"ok\", \"count\": null}";
                case "/api/v1/things/wrong-body" -> "{\"count\": \"many\"}";
                case "/api/v1/things/teapot" -> {
                    status = 418;
                    yield "{\"status\": 418}";
                }
                case "/api/v1/things/gone" -> {
                    status = 404;
                    yield "{\"status\": 404}";
                }
                case "/api/v1/things/gone-as-problem" -> {
                    status = 404;
                    type = "application/problem+json";
                    yield "{\"status\": 404}";
                }
                case "/api/v1/things/empty" -> {
                    status = 204;
                    yield "";
                }
                default -> "{}";
            };
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static io.restassured.response.Response call(String path) {
        return given().filter(new OpenApiConformance()).get(base + path);
    }

    @Test
    void responsesTheDocumentDescribesPass() {
        assertEquals(200, call("/api/v1/things/ok").statusCode());
        assertEquals(404, call("/api/v1/things/gone-as-problem").statusCode());
        assertEquals(204, call("/api/v1/things/empty").statusCode());
    }

    @Test
    void anUndocumentedStatusFailsNamingTheDocumentedOnes() {
        AssertionError e = assertThrows(AssertionError.class, () -> call("/api/v1/things/teapot"));
        assertTrue(e.getMessage().contains("lists the statuses [200, 204, 404], not 418"), e.getMessage());
    }

    @Test
    void aBodyThatBreaksTheSchemaFailsNamingTheBreach() {
        AssertionError e = assertThrows(AssertionError.class, () -> call("/api/v1/things/wrong-body"));
        assertTrue(e.getMessage().contains("id") && e.getMessage().contains("count"), e.getMessage());
    }

    @Test
    void anErrorInAnotherMediaTypeThanDocumentedFails() {
        AssertionError e = assertThrows(AssertionError.class, () -> call("/api/v1/things/gone"));
        assertTrue(e.getMessage().contains("documented as [application/problem+json], not as 'application/json'"),
                e.getMessage());
    }

    @Test
    void aPathTheDocumentDoesNotHaveFails() {
        AssertionError e = assertThrows(AssertionError.class, () -> call("/api/v1/other"));
        assertTrue(e.getMessage().contains("no path of the document matches /api/v1/other, so only a 404 problem"),
                e.getMessage());
    }

    @Test
    void aMethodTheDocumentDoesNotHaveMustBeRefusedWithAProblem() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> given().filter(new OpenApiConformance()).post(base + "/api/v1/things/ok"));
        assertTrue(e.getMessage().contains("documents no POST, so only a 405 problem may answer"), e.getMessage());
    }
}
