package dev.compass.kit.problem;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Makes each service's OpenAPI document say what its endpoints really answer, so that a client generated from it
 * handles every response:
 * <ul>
 *   <li>every error response is {@code application/problem+json} with the {@code Problem} schema (RFC 9457), and the
 *   errors every operation can give are listed: 400 (invalid or unknown parameters and properties), 401 and 403
 *   (secured), 404 (a path with an id), 406 (an answer with a body), 413 and 415 (a body), 500, 503 (the
 *   database unavailable);</li>
 *   <li>a property that is not required, and a map's value, may be {@code null} (the services write absent values,
 *   and numbers that are not finite, as {@code null}), which OpenAPI 3.1 spells as a type that includes
 *   {@code "null"}.</li>
 * </ul>
 * Operations declare their own success responses and their specific errors (404 with a reason, 409, 422, 503)
 * with {@code @APIResponse}; this filter gives those the problem content too.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponsesFilter implements OASFilter {

    static final String SCHEMA = "Problem";
    private static final String REF = "#/components/schemas/" + SCHEMA;

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(OASFactory.createComponents());
        }
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        if (schemas != null) {
            schemas.values().forEach(ProblemResponsesFilter::optionalMeansNullable);
        }
        openApi.getComponents().addSchema("FieldError", fieldError());
        openApi.getComponents().addSchema(SCHEMA, problem());
        if (openApi.getPaths() == null || openApi.getPaths().getPathItems() == null) {
            return;
        }
        openApi.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                .forEach(op -> addProblems(path, op)));
    }

    private static void addProblems(String path, Operation op) {
        if (op.getResponses() == null) {
            op.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = op.getResponses();
        boolean hasBody = op.getRequestBody() != null;
        // any operation: a query parameter it does not take is refused
        ensure(responses, "400", "Invalid request: `errors` names each invalid field (a path into the body, or the"
                + " query parameter) and says what is wrong, including properties and query parameters the operation"
                + " does not take; a body that is not JSON is named as such");
        if (op.getSecurity() != null && !op.getSecurity().isEmpty()) {
            ensure(responses, "401", "No valid bearer token");
            ensure(responses, "403", "The caller's roles do not allow this operation");
        }
        if (path.contains("{")) {
            ensure(responses, "404", "Nothing with that id");
        }
        if (responses.getAPIResponses() != null && responses.getAPIResponses().values().stream()
                .anyMatch(ProblemResponsesFilter::hasContent)) {
            ensure(responses, "406", "The Accept header names no media type this operation answers in");
        }
        if (hasBody) {
            ensure(responses, "413", "The body is larger than the service accepts (refused before it is read)");
            ensure(responses, "415", "The Content-Type is not one this operation accepts");
        }
        ensure(responses, "500", "An unexpected error (logged; the problem carries no internals)");
        ensure(responses, "503", "A system the service needs (its database) is unavailable for the moment; nothing was"
                + " done; try again after the Retry-After seconds");
        responses.getAPIResponses().forEach((code, response) -> {
            // an error without a body of its own, or with the return type's JSON the scanner gave it
            if ((code.startsWith("4") || code.startsWith("5"))
                    && (!hasContent(response) || response.getContent().hasMediaType("application/json"))) {
                response.setContent(problemContent());
            }
        });
    }

    private static boolean hasContent(APIResponse response) {
        return response.getContent() != null && response.getContent().getMediaTypes() != null
                && !response.getContent().getMediaTypes().isEmpty();
    }

    private static void ensure(APIResponses responses, String code, String description) {
        if (!responses.hasAPIResponse(code)) {
            APIResponse response = OASFactory.createAPIResponse().description(description);
            responses.addAPIResponse(code, response);
        } else if (responses.getAPIResponse(code).getDescription() == null
                || responses.getAPIResponse(code).getDescription().isBlank()
                || responses.getAPIResponse(code).getDescription().startsWith("Not ")) {
            // the framework's "Not Authorized" / "Not Allowed" say less than ours
            responses.getAPIResponse(code).setDescription(description);
        }
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF)));
    }

    private static Schema problem() {
        return typed(Schema.SchemaType.OBJECT, "An RFC 9457 problem document")
                .addProperty("type", typed(Schema.SchemaType.STRING,
                        "a URI naming the kind of problem; about:blank when the status says it all"))
                .addProperty("title", typed(Schema.SchemaType.STRING, "the status's reason phrase"))
                .addProperty("status", typed(Schema.SchemaType.INTEGER, "the HTTP status"))
                .addProperty("detail", typed(Schema.SchemaType.STRING, "what went wrong, for a person"))
                .addProperty("instance", typed(Schema.SchemaType.STRING, "the request path"))
                .addProperty("errors", typed(Schema.SchemaType.ARRAY, "for a validation problem: each invalid field")
                        .items(OASFactory.createSchema().ref("#/components/schemas/FieldError")))
                .required(List.of("type", "title", "status"));
    }

    private static Schema fieldError() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", typed(Schema.SchemaType.STRING, "a path into the body (bounds.tv.min,"
                        + " lines[3].amount, [1].standardError), or the query parameter"))
                .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .required(List.of("field", "message"));
    }

    private static Schema typed(Schema.SchemaType type, String description) {
        return OASFactory.createSchema().addType(type).description(description);
    }

    /** Properties that are not required may be written as {@code null}: say so, in OpenAPI 3.1's words. */
    static void optionalMeansNullable(Schema schema) {
        if (schema == null || schema.getProperties() == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        schema.getProperties().forEach((name, property) -> {
            if (required.contains(name)) {
                return;
            }
            if (property.getRef() != null) {
                Schema ref = OASFactory.createSchema().ref(property.getRef());
                property.setRef(null);
                property.setAnyOf(new ArrayList<>(List.of(ref,
                        OASFactory.createSchema().addType(Schema.SchemaType.NULL))));
            } else if (property.getType() != null && !property.getType().isEmpty()
                    && !property.getType().contains(Schema.SchemaType.NULL)) {
                property.addType(Schema.SchemaType.NULL);
            }
            Schema values = property.getAdditionalPropertiesSchema();
            if (values != null && values.getType() != null && !values.getType().isEmpty()
                    && !values.getType().contains(Schema.SchemaType.NULL)) {
                values.addType(Schema.SchemaType.NULL); // a map's values may be null too
            }
            optionalMeansNullable(property);
            optionalMeansNullable(property.getItems());
        });
    }
}
