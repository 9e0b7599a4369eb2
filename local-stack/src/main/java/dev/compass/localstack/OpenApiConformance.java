package dev.compass.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Spec> SPECS = new ConcurrentHashMap<>();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();

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
        if (!uri.getPath().startsWith("/api/")) {
            return response;
        }
        String origin = uri.getScheme() + "://" + uri.getAuthority();
        Spec spec = SPECS.computeIfAbsent(origin, Spec::load);
        List<String> violations = spec.check(request.getMethod(), uri.getPath(), response);
        if (!violations.isEmpty()) {
            String body = response.asString();
            throw new AssertionError(request.getMethod() + " " + uri.getPath() + " answered " + response.statusCode()
                    + " " + response.contentType() + ", which the OpenAPI document does not describe:\n  - "
                    + String.join("\n  - ", violations) + "\n  body: "
                    + (body.length() > 600 ? body.substring(0, 600) + "…" : body));
        }
        return response;
    }

    /** One service's document, with its path templates as patterns. */
    private record Spec(JsonNode document, List<Route> routes, Map<JsonNode, JsonSchema> compiled) {

        private record Route(String template, Pattern pattern, int variables) {
        }

        static Spec load(String origin) {
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(origin + "/q/openapi?format=json")).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode document = JSON.readTree(r.body());
                List<Route> routes = new ArrayList<>();
                document.path("paths").fieldNames().forEachRemaining(t -> routes.add(new Route(t,
                        Pattern.compile(t.replaceAll("\\{[^}]+}", "[^/]+")), t.split("\\{", -1).length - 1)));
                return new Spec(document, routes, new ConcurrentHashMap<>());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + origin + "/q/openapi", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        List<String> check(String method, String path, Response response) {
            Route route = routes.stream().filter(r -> r.pattern().matcher(path).matches())
                    .min((a, b) -> Integer.compare(a.variables(), b.variables())).orElse(null);
            JsonNode operation = route == null ? null
                    : document.path("paths").path(route.template()).path(method.toLowerCase(Locale.ROOT));
            if (operation == null || operation.isMissingNode()) {
                // a call of something the API does not have must be refused as such, with a problem
                int expected = route == null ? 404 : 405;
                boolean refused = response.statusCode() == expected && response.contentType() != null
                        && response.contentType().startsWith("application/problem+json");
                return refused ? List.of() : List.of(route == null ? "no path of the document matches " + path
                        + ", so only a 404 problem may answer" : route.template() + " documents no " + method
                        + ", so only a 405 problem may answer");
            }
            String status = String.valueOf(response.statusCode());
            JsonNode responses = operation.path("responses");
            JsonNode documented = responses.has(status) ? responses.get(status) : responses.path("default");
            if (documented.isMissingNode()) {
                List<String> listed = new ArrayList<>();
                responses.fieldNames().forEachRemaining(listed::add);
                return List.of(method + " " + route.template() + " lists the statuses " + listed + ", not " + status);
            }
            JsonNode content = documented.path("content");
            String body = response.asString();
            if (content.isMissingNode() || content.isEmpty()) {
                return body.isEmpty() ? List.of()
                        : List.of("status " + status + " is documented without a body, yet one came back");
            }
            String type = response.contentType() == null ? "" : response.contentType().split(";")[0].trim();
            JsonNode media = content.has(type) ? content.get(type)
                    : content.has(type.replaceAll("/.*", "/*")) ? content.get(type.replaceAll("/.*", "/*"))
                    : content.get("*/*");
            if (media == null) {
                List<String> listed = new ArrayList<>();
                content.fieldNames().forEachRemaining(listed::add);
                return List.of("status " + status + " is documented as " + listed + ", not as '" + type + "'");
            }
            if (!(type.equals("application/json") || type.endsWith("+json")) || !media.has("schema")) {
                return List.of();
            }
            return validate(media.get("schema"), body);
        }

        private List<String> validate(JsonNode schema, String body) {
            JsonNode value;
            try {
                value = JSON.readTree(body);
            } catch (IOException e) {
                return List.of("the body is not JSON: " + e.getMessage());
            }
            JsonSchema validator = compiled.computeIfAbsent(schema, s -> {
                ObjectNode root = s.deepCopy();
                root.set("components", document.path("components"));
                return SCHEMAS.getSchema(root, CONFIG);
            });
            Set<ValidationMessage> messages = validator.validate(value);
            return messages.stream().map(ValidationMessage::getMessage).sorted().limit(10)
                    .collect(Collectors.toList());
        }
    }
}
