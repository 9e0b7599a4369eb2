package dev.compass.localstack;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Holds every REST-assured call of a service's tests to the service's own OpenAPI document ({@code /q/openapi}): the
 * operation must be documented, the status must be one it lists, the Content-Type one documented for that status, and
 * a JSON body must validate against the documented schema (JSON Schema 2020-12, which OpenAPI 3.1 schemas are). A
 * call that breaks the contract fails the test with what the document says and what came back, so a client generated
 * from the document handles everything the tests have seen the service answer.
 *
 * <p>Installed before each {@code @QuarkusTest} by {@link Installer} (a Quarkus test callback registered by this
 * module), for calls under {@code /api/}.
 */
public final class OpenApiConformance implements Filter {


    /** Registers the check once per test JVM. */
    public static final class Installer implements QuarkusTestBeforeEachCallback {
        @Override
        public void beforeEach(QuarkusTestMethodContext context) {
            install();
        }
    }

    public static synchronized void install() {
        if (RestAssured.filters().stream().noneMatch(f -> f instanceof OpenApiConformance)) {
            RestAssured.filters(new OpenApiConformance());
        }
    }

    /**
     * The service's OpenAPI document is committed as {@code docs/openapi/<service>.yaml}, so that a client team reads
     * (and a review sees) the API without running it; fails when the committed copy differs from what the service
     * serves, and writes it with {@code -Dcompass.regenerate=true}.
     */
    public static void assertCommittedDocumentIsCurrent(String service) throws IOException, InterruptedException {
        Path file = Path.of("").toAbsolutePath().getParent().resolve("docs/openapi/" + service + ".yaml");
        String served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":"
                + RestAssured.port + "/q/openapi")).build(), HttpResponse.BodyHandlers.ofString()).body();
        if (Boolean.getBoolean("compass.regenerate")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, served);
        } else if (!Files.exists(file) || !Files.readString(file).equals(served)) {
            throw new AssertionError(file + " is not the document " + service + " serves ("
                    + (Files.exists(file) ? firstDifference(Files.readString(file), served) : "missing")
                    + "); regenerate with: mvn -B -pl " + service + " verify -Dcompass.regenerate=true (and review the"
                    + " difference: it is the API's)");
        }
    }

    private static String firstDifference(String committed, String served) {
        String[] a = committed.split("\n", -1);
        String[] b = served.split("\n", -1);
        int i = 0;
        while (i < a.length && i < b.length && a[i].equals(b[i])) {
            i++;
        }
        return "line " + (i + 1) + ": committed '" + (i < a.length ? a[i].strip() : "") + "', served '"
                + (i < b.length ? b[i].strip() : "") + "'";
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(request, responseSpec);
        URI uri = URI.create(request.getURI());
        if (!uri.getPath().startsWith("/api/") || "OPTIONS".equals(request.getMethod())) {
            // OPTIONS is HTTP's own question about a path (its Allow header), not an operation a document lists
            return response;
        }
        String body = response.asString();
        List<String> violations = OpenApiDocuments.violations(request.getMethod(), uri, response.statusCode(),
                response.contentType(), body);
        if (!violations.isEmpty()) {
            throw new AssertionError(request.getMethod() + " " + uri.getPath() + " answered " + response.statusCode()
                    + " " + response.contentType() + ", which the OpenAPI document does not describe:\n  - "
                    + String.join("\n  - ", violations) + "\n  body: "
                    + (body.length() > 600 ? body.substring(0, 600) + "…" : body));
        }
        return response;
    }
}
