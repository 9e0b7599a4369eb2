package dev.compass.kit.problem;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;

/** A failure the API reports as a problem: status, short title and detail (never a stack trace). */
public class ApiException extends RuntimeException {
    private final int status;
    private final String title;
    private final transient List<Problem.FieldError> errors;

    public ApiException(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    public ApiException(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors;
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(404, "Not Found", what + " " + id + " does not exist");
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad Request", detail);
    }

    /** One invalid field in a request. */
    public static ApiException invalid(String field, String message) {
        return new ApiException(400, "Bad Request", field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    /**
     * Refuses a body sent to an operation that takes none (a reason, say, or a JSON object of options), so that it is
     * never dropped in silence: a 400 when the request declares a length above zero or is sent chunked.
     */
    public static void requireNoBody(HttpHeaders headers, String operation) {
        if (headers.getLength() > 0 || headers.getHeaderString("Transfer-Encoding") != null) {
            throw badRequest(operation + " takes no body; send the POST without one");
        }
    }

    /** Several invalid fields of one request, in the order given. */
    public static ApiException invalid(List<Problem.FieldError> errors) {
        return new ApiException(400, "Bad Request", Problem.detailOf(errors), errors);
    }

    public static ApiException unprocessable(String detail) {
        return new ApiException(422, "Unprocessable Content", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "Forbidden", detail);
    }

    public Problem problem() {
        return new Problem("about:blank", title, status, getMessage(), null, errors);
    }
}
