package dev.compass.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The OpenAPI documents the services serve ({@code /q/openapi}), read once per service, and what an answer does that
 * its document does not describe: an undocumented operation answered otherwise than with a 404 or 405 problem, a
 * status the operation does not list, a Content-Type not documented for that status, a JSON body that does not
 * validate against the documented schema (JSON Schema 2020-12, which OpenAPI 3.1 schemas are). Used by the REST-assured
 * filter {@link OpenApiConformance} and by the demo's client in the end-to-end tests.
 */
public final class OpenApiDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Spec> SPECS = new ConcurrentHashMap<>();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();

    private OpenApiDocuments() {
    }

    /**
     * What in an answer the document the service serves does not describe (empty when it describes all of it, or when
     * the call is not under {@code /api/}): for clients other than REST-assured, such as the demo's.
     */
    public static List<String> violations(String method, URI uri, int status, String contentType, String body) {
        if (!uri.getPath().startsWith("/api/")) {
            return List.of();
        }
        Spec spec = SPECS.computeIfAbsent(uri.getScheme() + "://" + uri.getAuthority(), Spec::load);
        return spec.check(method, uri.getPath(), status, contentType, body == null ? "" : body);
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

        List<String> check(String method, String path, int statusCode, String contentType, String body) {
            Route route = routes.stream().filter(r -> r.pattern().matcher(path).matches())
                    .min((a, b) -> Integer.compare(a.variables(), b.variables())).orElse(null);
            JsonNode operation = route == null ? null
                    : document.path("paths").path(route.template()).path(method.toLowerCase(Locale.ROOT));
            if (operation == null || operation.isMissingNode()) {
                // a call of something the API does not have must be refused as such, with a problem
                int expected = route == null ? 404 : 405;
                boolean refused = statusCode == expected && contentType != null
                        && contentType.startsWith("application/problem+json");
                return refused ? List.of() : List.of(route == null ? "no path of the document matches " + path
                        + ", so only a 404 problem may answer" : route.template() + " documents no " + method
                        + ", so only a 405 problem may answer");
            }
            String status = String.valueOf(statusCode);
            JsonNode responses = operation.path("responses");
            JsonNode documented = responses.has(status) ? responses.get(status) : responses.path("default");
            if (documented.isMissingNode()) {
                List<String> listed = new ArrayList<>();
                responses.fieldNames().forEachRemaining(listed::add);
                return List.of(method + " " + route.template() + " lists the statuses " + listed + ", not " + status);
            }
            JsonNode content = documented.path("content");
            if (content.isMissingNode() || content.isEmpty()) {
                return body.isEmpty() ? List.of()
                        : List.of("status " + status + " is documented without a body, yet one came back");
            }
            String type = contentType == null ? "" : contentType.split(";")[0].trim();
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
