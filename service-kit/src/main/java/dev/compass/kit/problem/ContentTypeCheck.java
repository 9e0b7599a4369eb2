package dev.compass.kit.problem;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;

/**
 * A request whose {@code Content-Type} is not a media type at all ({@code a}, {@code ;;}) is refused with a 415
 * {@code application/problem+json} before it reaches an operation. The framework would fail parsing it with a 500 and an
 * ERROR stack, for a request anyone can send without a token.
 */
@Singleton
public class ContentTypeCheck {
    /** Ahead of the body size limit, so a request is refused on its headers before its body is read. */
    static final int ORDER = BodySizeLimit.ORDER - 10;

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    void check(RoutingContext rc) {
        String header = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (header != null && !header.isBlank()) {
            try {
                MediaType.valueOf(header);
            } catch (IllegalArgumentException notAMediaType) {
                refuse(rc, "Content-Type " + ProblemMappers.contentType(header) + " is not accepted by this operation;"
                        + " /q/openapi lists the media types it accepts");
                return;
            }
        }
        rc.next();
    }

    private void refuse(RoutingContext rc, String detail) {
        Problem.of(415, "Unsupported Media Type", detail).withInstance(rc.request().path()).end(rc);
    }
}
