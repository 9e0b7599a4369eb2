package dev.compass.kit.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.compass.kit.json.ApiJson;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one pipeline that turns every failure into {@code application/problem+json}: validation (400, with field
 * errors), unreadable bodies (400), missing credentials (401), missing role (403), API errors (their status), JAX-RS
 * errors (their status) and anything else (500, without internals).
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        return e.problem().withInstance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field)).toList();
        return new Problem("about:blank", "Bad Request", 400, Problem.detailOf(errors), uri.getPath(), errors).toResponse();
    }

    @ServerExceptionMapper(priority = 1)
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException m ? field(m) : null;
        if (field == null) {
            String original = String.valueOf(e.getOriginalMessage());
            String why = duplicate(e) != null ? ": " + duplicate(e)
                    : original.startsWith("Trailing token") ? ": more follows the JSON value" : "";
            return new Problem("about:blank", "Bad Request", 400, "the request body is not valid JSON for this"
                    + " operation" + why, uri.getPath(), null).toResponse();
        }
        String message = expected(e);
        return new Problem("about:blank", "Bad Request", 400, field + ": " + message, uri.getPath(),
                List.of(new Problem.FieldError(field, message))).toResponse();
    }

    /** The JSON path of the value {@code e} is about ("bounds.tv.min", "moves[2].amount"); null for the body itself. */
    static String field(JsonMappingException e) {
        if (e.getPath().isEmpty()) {
            return null;
        }
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** "the property 'x' appears more than once" when {@code e} (or what it wraps) is a duplicate property; else null. */
    private static String duplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String original = t instanceof JsonProcessingException j ? String.valueOf(j.getOriginalMessage()) : "";
            if (original.startsWith("Duplicate field ")) {
                return original.substring("Duplicate field ".length())
                        .replaceFirst("^('[^']*').*$", "the property $1 appears more than once");
            }
        }
        return null;
    }

    /** What a value of the wrong JSON type should have been: "must be one of FIXED_BUDGET, ...", "must be a number". */
    static String expected(JsonProcessingException e) {
        if (duplicate(e) != null) {
            // inside an object of the body: {"bounds": {"tv": {...}, "tv": {...}}} names bounds.tv... and says why
            return duplicate(e);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return "not a property of this object; it has " + u.getKnownPropertyIds().stream().map(String::valueOf)
                    .sorted().collect(Collectors.joining(", "));
        }
        if (e instanceof InvalidFormatException f
                && List.of(ApiJson.NOT_FINITE, ApiJson.HAS_NUL).contains(f.getOriginalMessage())) {
            return f.getOriginalMessage();
        }
        Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        for (Throwable t = e; t != null && type == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.exc.InputCoercionException c) {
                // a whole number beyond what the property holds: 99999999999999 for an int
                return c.getTargetType() == int.class || c.getTargetType() == Integer.class
                        ? "must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
                        : "must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
            }
        }
        if (type == null) {
            return "not a readable value";
        } else if (type.isEnum()) {
            return "must be one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        } else if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        } else if (List.of(int.class, long.class, short.class, Integer.class, Long.class, Short.class).contains(type)) {
            return "must be a whole number";
        } else if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "must be a number";
        } else if (type == String.class) {
            return "must be a string";
        } else if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be an array";
        } else if (type == LocalDate.class) {
            return "must be a date like 2025-01-31";
        } else if (type == Instant.class || type == OffsetDateTime.class) {
            return "must be a timestamp like 2025-01-31T09:00:00Z";
        } else if (type.isRecord() || Map.class.isAssignableFrom(type)) {
            return "must be an object";
        }
        return "not a readable value";
    }

    /** More specific than the framework's own mapper of this type, which answers without a body. */
    @ServerExceptionMapper(priority = 1)
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response invalidFormat(com.fasterxml.jackson.databind.exc.InvalidFormatException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response malformed(com.fasterxml.jackson.core.JsonParseException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Problem.of(403, "Forbidden", "your roles do not allow this operation").withInstance(uri.getPath())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri, HttpHeaders headers, Request request) {
        // the JSON reader reports a malformed body as a bare 400 around the parser's exception
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof JsonProcessingException json) {
                return unreadable(json, uri);
            }
        }
        if (e instanceof NotFoundException && e.getCause() != null
                && !(e.getCause() instanceof WebApplicationException)) {
            return unconvertibleParameter(e.getCause(), uri);
        }
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error";
        String detail = switch (status) {
            case 404 -> "no resource at " + uri.getPath();
            case 405 -> request.getMethod() + " is not an operation of " + uri.getPath()
                    + (AllowedMethods.of(uri.getPath()).isEmpty() ? "; /q/openapi lists the operations"
                    : "; it has " + AllowedMethods.of(uri.getPath()));
            case 406 -> "this operation cannot answer in a media type the Accept header ("
                    + headers.getHeaderString(HttpHeaders.ACCEPT) + ") names; /q/openapi lists the ones it answers";
            case 415 -> "Content-Type " + contentType(headers.getHeaderString(HttpHeaders.CONTENT_TYPE))
                    + " is not accepted by this operation; /q/openapi lists the media types it accepts";
            default -> e.getMessage();
        };
        Response problem = Problem.of(status, title, detail).withInstance(uri.getPath()).toResponse();
        String allow = status == 405 ? AllowedMethods.of(uri.getPath()) : "";
        return allow.isEmpty() ? problem : Response.fromResponse(problem).header(HttpHeaders.ALLOW, allow).build();
    }

    /** The request's media type as the detail of a 415 names it, without trusting the header to be one. */
    static String contentType(String header) {
        if (header == null || header.isBlank()) {
            return "(none)";
        }
        try {
            MediaType type = MediaType.valueOf(header);
            return type.getType() + "/" + type.getSubtype();
        } catch (IllegalArgumentException notAMediaType) {
            String shown = header.codePoints().limit(60).map(c -> Character.isISOControl(c) ? '?' : c)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            return "\"" + shown + (header.length() > 60 ? "…" : "") + "\" (not a media type: type/subtype)";
        }
    }

    /** What RESTEasy Reactive's multipart parser says when a body ends before its closing boundary. */
    static final String TRUNCATED_MULTIPART = "Connection terminated parsing multipart request";

    /**
     * A multipart body that ends before its closing boundary (a client that stopped sending) is the caller's error: a
     * 400 that says so, logged at DEBUG. The framework reads the form before the operation runs and reports this as an
     * {@link java.io.IOException} with its own message; any other I/O failure is unexpected.
     */
    @ServerExceptionMapper
    public Response io(java.io.IOException e, UriInfo uri) {
        if (!TRUNCATED_MULTIPART.equals(e.getMessage())) {
            return unexpected(e, uri);
        }
        LOG.debugf("%s: a multipart body ended before its closing boundary; answered 400", uri.getPath());
        return Problem.of(400, "Bad Request", "the multipart body is incomplete: it ends before its closing boundary"
                + " (--boundary--); send the whole request again").withInstance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (dev.compass.kit.events.TransientFailures.isTransient(e)) {
            // the database is down or out of connections: the transaction rolled back, the caller can try again
            LOG.warnf("%s: the database is unavailable (%s); answered 503", uri.getPath(), e.toString());
            return Response.fromResponse(Problem.of(503, "Service Unavailable", "a system this service needs (its"
                    + " database) is unavailable for the moment; nothing was done; try again shortly")
                    .withInstance(uri.getPath()).toResponse()).header("Retry-After", "5").build();
        }
        LOG.errorf(e, "unexpected failure on %s", uri.getPath());
        return Problem.of(500, "Internal Server Error", "an unexpected error occurred; it has been logged")
                .withInstance(uri.getPath()).toResponse();
    }

    /**
     * A query parameter whose value does not convert to its type ({@code limit=abc}): JAX-RS calls that a 404, as if
     * the resource did not exist; it is the caller's error, so a 400 that names the parameter.
     */
    private static Response unconvertibleParameter(Throwable cause, UriInfo uri) {
        String message = String.valueOf(cause.getMessage());
        List<Problem.FieldError> errors = uri.getQueryParameters().entrySet().stream()
                .filter(q -> q.getValue().stream().anyMatch(v -> message.contains("\"" + v + "\"")))
                .map(q -> new Problem.FieldError(q.getKey(), "not a valid number: " + q.getValue().get(0)))
                .sorted(Comparator.comparing(Problem.FieldError::field)).toList();
        String detail = errors.isEmpty() ? "a parameter has a value of the wrong type (" + message + ")"
                : Problem.detailOf(errors);
        return new Problem("about:blank", "Bad Request", 400, detail, uri.getPath(), errors.isEmpty() ? null : errors)
                .toResponse();
    }

    private static Response unauthenticated(UriInfo uri) {
        return Response.fromResponse(Problem.of(401, "Unauthorized",
                "a valid bearer token is required").withInstance(uri.getPath()).toResponse())
                .header("WWW-Authenticate", "Bearer").build();
    }

    /**
     * The field a violation is about, without the method and parameter names of the resource method, naming the key
     * or index of an element of a map or list: "bounds.tv.min", "lines[3].amount", "[1].standardError" (a list body).
     */
    static String field(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE -> { }
                case PARAMETER -> {
                    parameter = node.getName();
                    names.add(parameter);
                }
                default -> {
                    if (node.isInIterable() && !names.isEmpty()) {
                        int last = names.size() - 1;
                        if (node.getKey() != null) {
                            names.set(last, names.get(last) + "." + node.getKey());
                        } else if (node.getIndex() != null) {
                            names.set(last, names.get(last) + "[" + node.getIndex() + "]");
                        }
                    }
                    if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                        names.add(node.getName());
                    }
                }
            }
        }
        String field = String.join(".", names);
        // drop the body parameter's own name when the violation is inside it: "request.title" -> "title"
        if (parameter != null && field.length() > parameter.length() && field.startsWith(parameter)) {
            field = field.substring(parameter.length());
            if (field.startsWith(".")) {
                field = field.substring(1);
            }
        }
        return field.isEmpty() ? "request" : field;
    }
}
