package dev.compass.kit.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body larger than the service accepts ({@code quarkus.http.limits.max-body-size}) is refused with a 413
 * {@code application/problem+json} that states the limit:
 * <ul>
 *   <li>a body that declares its length is refused on the headers, before it is read;</li>
 *   <li>a chunked body (no declared length) is read here, counting, and refused at the first byte over the limit.
 *       The framework's own check would answer an empty 413 and log an {@code IOException} at ERROR; a body that fits
 *       is handed on as read, so the framework sees a complete, bounded body.</li>
 * </ul>
 */
@Singleton
public class BodySizeLimit {
    /** Ahead of the framework's own size check and body handler (the 413 tests show it answers first). */
    static final int ORDER = -100;

    private final long max;
    BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> max) {
        this.max = max.map(MemorySize::asLongValue).orElse(10_240L * 1024);
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null && request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            readBounded(rc);
            return;
        }
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length <= max) {
            rc.next();
            return;
        }
        refuse(rc, "the body has " + length + " bytes; this service accepts at most " + max + " bytes");
    }

    /** Reads a body of undeclared length up to the limit, then lets the request go on with it. */
    private void readBounded(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > max) {
                refused[0] = true;
                refuse(rc, "the body is longer than the " + max + " bytes this service accepts (it was sent"
                        + " without a length and refused at the first byte over the limit)");
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (!refused[0]) {
                rc.setBody(body);
                rc.next();
            }
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            // the client waits for this before sending; the framework, finding the body read, will not send it again
            rc.response().writeContinue();
        }
        request.resume(); // in case the server paused it for a later reader
    }

    private void refuse(RoutingContext rc, String detail) {
        rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        Problem.of(413, "Content Too Large", detail).withInstance(rc.request().path()).end(rc);
    }
}
