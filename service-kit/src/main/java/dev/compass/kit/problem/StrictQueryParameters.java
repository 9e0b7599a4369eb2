package dev.compass.kit.problem;

import dev.compass.kit.json.ApiJson;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Query parameters are read as strictly as request bodies. A 400 names the parameter when:
 * <ul>
 *   <li>the operation does not take it, and lists the ones it takes: a misspelt filter ({@code stauts=PENDING}) would
 *       otherwise be ignored, and the caller would take an unfiltered list for a filtered one;</li>
 *   <li>a parameter that takes one value is given several times ({@code limit=5&limit=500}: JAX-RS would use the
 *       first in silence);</li>
 *   <li>a true/false parameter has another value ({@code draws=maybe}: JAX-RS would read it as false);</li>
 *   <li>a query or path parameter holds the NUL character ({@code %00}), which PostgreSQL cannot compare or store.</li>
 * </ul>
 */
public class StrictQueryParameters {
    private static final Map<Method, Map<String, Class<?>>> TAKEN = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public Response check(UriInfo uri, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        String raw = uri.getRequestUri().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                if (pair.startsWith("=")) {
                    // "?=x" would otherwise be reported as an unknown parameter named after its value
                    String shown = pair.length() > 40 ? pair.substring(0, 40) + "…" : pair;
                    return problem(uri, "a query parameter without a name ('" + shown + "'): write name=value", null);
                }
            }
        }
        MultivaluedMap<String, String> given = uri.getQueryParameters();
        List<Problem.FieldError> nul = new ArrayList<>();
        new TreeMap<>(uri.getPathParameters()).forEach((name, values) -> withNul(name, values, nul));
        new TreeMap<>(given).forEach((name, values) -> withNul(name, values, nul));
        if (!nul.isEmpty()) {
            return problem(uri, Problem.detailOf(nul), nul);
        }
        if (method == null || given.isEmpty()) {
            return null;
        }
        Map<String, Class<?>> taken = TAKEN.computeIfAbsent(method, StrictQueryParameters::queryParameters);
        List<String> unknown = given.keySet().stream().filter(name -> !taken.containsKey(name)).sorted().toList();
        String takes = taken.isEmpty() ? "it takes none" : "it takes " + String.join(", ", taken.keySet());
        List<Problem.FieldError> errors = new ArrayList<>();
        unknown.forEach(name -> errors.add(new Problem.FieldError(name,
                "not a query parameter of this operation; " + takes)));
        new TreeMap<>(given).forEach((name, values) -> {
            Class<?> type = taken.get(name);
            if (type == null || Collection.class.isAssignableFrom(type)) {
                return;
            }
            if (values.size() > 1) {
                errors.add(new Problem.FieldError(name, "given " + values.size() + " times; it takes one value"));
            } else if ((type == boolean.class || type == Boolean.class)
                    && !values.get(0).equalsIgnoreCase("true") && !values.get(0).equalsIgnoreCase("false")) {
                errors.add(new Problem.FieldError(name, "must be true or false, not '" + values.get(0) + "'"));
            }
        });
        if (errors.isEmpty()) {
            return null;
        }
        String detail = !unknown.isEmpty() ? "unknown query parameter " + String.join(", ", unknown) + "; " + takes
                : Problem.detailOf(errors);
        return problem(uri, detail, errors);
    }

    private static void withNul(String name, List<String> values, List<Problem.FieldError> errors) {
        if (values.stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
            errors.add(new Problem.FieldError(name, ApiJson.HAS_NUL));
        }
    }

    private static Response problem(UriInfo uri, String detail, List<Problem.FieldError> errors) {
        return new Problem("about:blank", "Bad Request", 400, detail, uri.getPath(), errors).toResponse();
    }

    private static Map<String, Class<?>> queryParameters(Method method) {
        Map<String, Class<?>> names = new TreeMap<>();
        for (Parameter p : method.getParameters()) {
            QueryParam q = p.getAnnotation(QueryParam.class);
            if (q != null) {
                names.put(q.value(), p.getType());
            }
        }
        return names;
    }
}
