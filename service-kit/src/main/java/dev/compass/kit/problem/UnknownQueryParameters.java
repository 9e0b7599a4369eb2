package dev.compass.kit.problem;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A query parameter the operation does not take is a 400 that names it and lists the ones it takes, as an unknown body
 * property is: a misspelt filter ({@code stauts=PENDING}) would otherwise be ignored, and the caller would take an
 * unfiltered list for a filtered one.
 */
public class UnknownQueryParameters {
    private static final Map<Method, Set<String>> TAKEN = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public Response check(UriInfo uri, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null || uri.getQueryParameters().isEmpty()) {
            return null;
        }
        Set<String> taken = TAKEN.computeIfAbsent(method, UnknownQueryParameters::queryParameters);
        List<String> unknown = uri.getQueryParameters().keySet().stream().filter(name -> !taken.contains(name))
                .sorted().toList();
        if (unknown.isEmpty()) {
            return null;
        }
        String takes = taken.isEmpty() ? "it takes none" : "it takes " + String.join(", ", taken);
        List<Problem.FieldError> errors = unknown.stream()
                .map(name -> new Problem.FieldError(name, "not a query parameter of this operation; " + takes))
                .toList();
        return new Problem("about:blank", "Bad Request", 400, "unknown query parameter " + String.join(", ", unknown)
                + "; " + takes, uri.getPath(), errors).toResponse();
    }

    private static Set<String> queryParameters(Method method) {
        Set<String> names = new TreeSet<>();
        for (Parameter p : method.getParameters()) {
            QueryParam q = p.getAnnotation(QueryParam.class);
            if (q != null) {
                names.add(q.value());
            }
        }
        return names;
    }
}
