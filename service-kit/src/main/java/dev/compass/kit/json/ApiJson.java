package dev.compass.kit.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;

/**
 * How the services read and write JSON on their APIs (events have their own mapper, {@code EventJson}):
 * <ul>
 *   <li>a value of the wrong JSON type is a 400 that says what was expected, not converted: {@code "13"} for a
 *   number, {@code 12.7} for a whole number, {@code 123} or {@code true} for a string;</li>
 *   <li>a request property the operation does not know is a 400 that names it and lists the known ones: a misspelt
 *   optional field ({@code "bound"} for {@code "bounds"}) would otherwise be dropped in silence, and the caller would
 *   take an answer computed without it for one computed with it;</li>
 *   <li>JSON has no NaN or infinity. Jackson would write them as the strings {@code "NaN"} and {@code "Infinity"},
 *   which a client reading a number field cannot parse; the services write {@code null} instead (the value is not
 *   defined, e.g. a marginal ROI at zero spend where a curve rises infinitely steeply). The OpenAPI documents say such
 *   fields may be null. Read, a number too large for a double ({@code 1e400}, which Jackson reads as infinity) is a
 *   400 that names the field, not an infinite budget or limit;</li>
 *   <li>a property given twice, or anything after the body's JSON value, is a 400;</li>
 *   <li>a string with the NUL character (U+0000) is a 400 that names the field: PostgreSQL cannot store it, and
 *   no name, text or id needs it.</li>
 * </ul>
 */
@Singleton
public class ApiJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // one body is one JSON value with each property once: {"query":"x","query":"y"} or {"a":1} {"b":2} is a 400,
        // not the last (or first) of them taken in silence
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // a value of another JSON type is not converted: "13" for a number, 12.7 for a whole number, 123 for a string
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (LogicalType number : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(number).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        for (CoercionInputShape scalar : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
        }
        SimpleModule module = new SimpleModule("non-finite-numbers-as-null");
        FiniteOrNull serializer = new FiniteOrNull();
        module.addSerializer(Double.class, serializer);
        module.addSerializer(Double.TYPE, serializer);
        module.addSerializer(Float.class, serializer);
        module.addSerializer(Float.TYPE, serializer);
        module.addDeserializer(Double.class,
                new Finite<>(Double.class, new NumberDeserializers.DoubleDeserializer(Double.class, null)));
        module.addDeserializer(Double.TYPE,
                new Finite<>(Double.TYPE, new NumberDeserializers.DoubleDeserializer(Double.TYPE, 0d)));
        module.addDeserializer(Float.class,
                new Finite<>(Float.class, new NumberDeserializers.FloatDeserializer(Float.class, null)));
        module.addDeserializer(Float.TYPE,
                new Finite<>(Float.TYPE, new NumberDeserializers.FloatDeserializer(Float.TYPE, 0f)));
        module.addDeserializer(String.class, new StringWithoutNul());
        mapper.registerModule(module);
    }

    /** A double or float read as Jackson reads it, refused when it is not finite ({@code 1e400}, {@code "NaN"}). */
    static final class Finite<T extends Number> extends StdScalarDeserializer<T> {
        private final StdScalarDeserializer<T> standard;

        Finite(Class<T> type, StdScalarDeserializer<T> standard) {
            super(type);
            this.standard = standard;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            T value = standard.deserialize(p, ctxt);
            if (value != null && !Double.isFinite(value.doubleValue())) {
                throw InvalidFormatException.from(p, NOT_FINITE, value, handledType());
            }
            return value;
        }

        @Override
        public T getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            return standard.getNullValue(ctxt);
        }
    }

    /** A string read as Jackson reads it, refused when it holds the NUL character. */
    static final class StringWithoutNul extends StdScalarDeserializer<String> {
        StringWithoutNul() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            if (value != null && value.indexOf('\0') >= 0) {
                throw InvalidFormatException.from(p, HAS_NUL, value, String.class);
            }
            return value;
        }
    }

    /** The messages of the two refusals, which the problem mappers turn into field errors. */
    public static final String NOT_FINITE = "must be a number a double can hold (at most about 1.8e308 in size)";
    public static final String HAS_NUL = "must not contain the NUL character (U+0000)";

    /** Writes a double or float as itself when finite, as {@code null} otherwise. */
    static final class FiniteOrNull extends JsonSerializer<Number> {
        @Override
        public void serialize(Number value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (!Double.isFinite(value.doubleValue())) {
                gen.writeNull();
            } else if (value instanceof Float f) {
                gen.writeNumber(f);
            } else {
                gen.writeNumber(value.doubleValue());
            }
        }
    }
}
