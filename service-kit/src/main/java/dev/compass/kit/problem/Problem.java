package dev.compass.kit.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** An RFC 9457 problem document. {@code errors} names the offending fields of a validation failure. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);

    /** One invalid field: its name (a JSON path into the request, or the query parameter) and what is wrong. */
    public record FieldError(String field, String message) {}

    /** The detail of a problem with these field errors: "a: must be a number; b: must not be blank". */
    public static String detailOf(List<FieldError> errors) {
        return String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }

    public Response toResponse() {
        return Response.status(status).type(PROBLEM_JSON).entity(this).build();
    }

    /** Answers a request with this problem from a router handler, ahead of the REST layer and its mappers. */
    public void end(io.vertx.ext.web.RoutingContext rc) {
        String body;
        try {
            body = WRITER.writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            body = "{\"status\":" + status + "}";
        }
        rc.response().setStatusCode(status).putHeader(io.vertx.core.http.HttpHeaders.CONTENT_TYPE, MEDIA_TYPE).end(body);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper WRITER =
            new com.fasterxml.jackson.databind.ObjectMapper();
}
