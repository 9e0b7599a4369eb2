package dev.compass.ingestion.api;

import dev.compass.kit.problem.Problem;
import dev.compass.kit.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A multipart upload whose body ends before its closing boundary (a client that stopped sending, a truncated request)
 * is the caller's error: a 400 problem saying so, not a 500 logged as an unexpected failure. The framework reads the
 * form before the resource method runs and reports this case as an {@link IOException} with its own message; any
 * other I/O failure is still answered and logged as unexpected, by the service kit's mapper.
 */
public class IncompleteMultipartMapper {
    private static final Logger LOG = Logger.getLogger(IncompleteMultipartMapper.class);

    /** What RESTEasy Reactive's multipart parser says when the body ends early (HttpRequestEdgesTest checks it). */
    static final String TRUNCATED = "Connection terminated parsing multipart request";

    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper
    public Response io(IOException e, UriInfo uri) {
        if (!TRUNCATED.equals(e.getMessage())) {
            return problems.unexpected(e, uri);
        }
        LOG.debugf("%s: a multipart body ended before its closing boundary; answered 400", uri.getPath());
        return Problem.of(400, "Bad Request", "the multipart body is incomplete: it ends before its closing boundary"
                + " (--boundary--); send the whole request again").withInstance(uri.getPath()).toResponse();
    }
}
