package dev.compass.kit.problem;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods each path of the service's JAX-RS resources answers, for the {@code Allow} header a 405 must carry
 * (RFC 9110, 15.5.6). Read once from the resource classes (CDI beans with {@code @Path}); HEAD goes with GET, as the
 * framework answers it.
 */
final class AllowedMethods {
    private static volatile Map<Pattern, Set<String>> routes;

    private AllowedMethods() {
    }

    /** The methods of the path, as an {@code Allow} value ("GET, HEAD, POST"); empty when no resource has the path. */
    static String of(String path) {
        Set<String> methods = new TreeSet<>();
        routes().forEach((pattern, allowed) -> {
            if (pattern.matcher(path).matches()) {
                methods.addAll(allowed);
            }
        });
        return String.join(", ", methods);
    }

    private static Map<Pattern, Set<String>> routes() {
        Map<Pattern, Set<String>> r = routes;
        if (r == null) {
            r = new TreeMap<>((a, b) -> a.pattern().compareTo(b.pattern()));
            for (Bean<?> bean : CDI.current().getBeanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
                Path root = bean.getBeanClass().getAnnotation(Path.class);
                if (root != null && !bean.getBeanClass().isInterface()) { // not a REST client
                    add(r, root.value(), bean.getBeanClass().getMethods());
                }
            }
            routes = r;
        }
        return r;
    }

    private static void add(Map<Pattern, Set<String>> routes, String root, Method[] methods) {
        for (Method m : methods) {
            List<String> verbs = new ArrayList<>();
            for (Annotation a : m.getAnnotations()) {
                HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
                if (verb != null) {
                    verbs.add(verb.value());
                    if (verb.value().equals(HttpMethod.GET)) {
                        verbs.add(HttpMethod.HEAD);
                    }
                }
            }
            if (verbs.isEmpty()) {
                continue;
            }
            Path sub = m.getAnnotation(Path.class);
            String template = ("/" + root + "/" + (sub == null ? "" : sub.value())).replaceAll("/+", "/");
            if (template.length() > 1 && template.endsWith("/")) {
                template = template.substring(0, template.length() - 1);
            }
            Pattern pattern = Pattern.compile(template.replaceAll("\\{[^}]+}", "[^/]+") + "/?");
            routes.computeIfAbsent(pattern, p -> new TreeSet<>()).addAll(verbs);
        }
    }
}
