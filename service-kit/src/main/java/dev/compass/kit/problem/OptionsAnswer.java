package dev.compass.kit.problem;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code OPTIONS} on a path answers 204 with the methods that path has ({@code Allow}, as a 405 lists them), not the
 * methods of every path its resource class serves (the framework's own answer listed POST on paths that have only
 * GET). A CORS preflight ({@code Access-Control-Request-Method}) and a path no resource has are left to the framework.
 */
public class OptionsAnswer {

    @ServerRequestFilter(preMatching = true)
    public Response answer(ContainerRequestContext request) {
        if (!HttpMethod.OPTIONS.equals(request.getMethod())
                || request.getHeaderString("Access-Control-Request-Method") != null) {
            return null;
        }
        String allowed = AllowedMethods.of(request.getUriInfo().getPath());
        if (allowed.isEmpty()) {
            return null;
        }
        return Response.noContent().header(HttpHeaders.ALLOW, allowed + ", " + HttpMethod.OPTIONS).build();
    }
}
