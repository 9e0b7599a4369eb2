package dev.compass.kit.problem;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A JSON body with several values of the wrong type, or several unknown properties, is answered with all of them in one
 * 400 problem ({@code errors} lists each field and what it must be, by field as for constraint violations), not one
 * at a time, so a client fixes its request in
 * one go. Jackson stops at the first such value; when it does, the body (already bounded by {@link BodySizeLimit}) is
 * read again as a tree, the offending value left out, until it reads or {@value #MAX_ERRORS} are named. A body that is
 * not JSON, or has the same property twice, keeps its single answer ({@link ProblemMappers#unreadable}). The
 * constraints of the values that do read (a size, a range) are checked once the types are right.
 */
@Provider
@Priority(Priorities.ENTITY_CODER)
public class EveryTypeError implements ReaderInterceptor {
    static final int MAX_ERRORS = 20;

    @Inject
    ObjectMapper mapper;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null || !(type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || type.getSubtype().endsWith("+json"))) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        context.setInputStream(new ByteArrayInputStream(body));
        try {
            return context.proceed();
        } catch (JsonMappingException first) {
            if (first.getPath().isEmpty()) {
                throw first;
            }
            List<Problem.FieldError> errors = every(body, mapper.constructType(context.getGenericType()));
            if (errors.size() < 2) {
                throw first;
            }
            List<Problem.FieldError> sorted = errors.stream()
                    .sorted(java.util.Comparator.comparing(Problem.FieldError::field)).toList();
            throw ApiException.invalid(sorted);
        }
    }

    /** Each value of {@code body} that does not read as {@code type}. */
    List<Problem.FieldError> every(byte[] body, JavaType type) {
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (IOException notATree) {
            return List.of();
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (errors.size() < MAX_ERRORS) {
            try {
                mapper.readerFor(type).readValue(tree);
                break;
            } catch (JsonMappingException e) {
                String field = ProblemMappers.field(e);
                if (field == null || !seen.add(field) || !leaveOut(tree, e.getPath())) {
                    break;
                }
                errors.add(new Problem.FieldError(field, ProblemMappers.expected(e)));
            } catch (IOException e) {
                break;
            }
        }
        return errors;
    }

    /** Removes the value at {@code path} (a property from its object, an array element becomes null). */
    private static boolean leaveOut(JsonNode tree, List<JsonMappingException.Reference> path) {
        JsonNode parent = tree;
        for (int i = 0; i < path.size() - 1 && parent != null; i++) {
            JsonMappingException.Reference r = path.get(i);
            parent = r.getFieldName() != null ? parent.get(r.getFieldName()) : parent.get(r.getIndex());
        }
        JsonMappingException.Reference last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode o && last.getFieldName() != null && o.has(last.getFieldName())) {
            o.remove(last.getFieldName());
            return true;
        }
        if (parent instanceof ArrayNode a && last.getIndex() >= 0 && last.getIndex() < a.size()
                && !a.get(last.getIndex()).isNull()) {
            a.set(last.getIndex(), NullNode.getInstance());
            return true;
        }
        return false;
    }
}
