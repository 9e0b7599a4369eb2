package dev.compass.kit.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * How the services read and write JSON on their APIs (events have their own mapper, {@code EventJson}):
 * <ul>
 *   <li>a request property the operation does not know is a 400 that names it and lists the known ones: a misspelt
 *   optional field ({@code "bound"} for {@code "bounds"}) would otherwise be dropped in silence, and the caller would
 *   take an answer computed without it for one computed with it;</li>
 *   <li>JSON has no NaN or infinity. Jackson would write them as the strings {@code "NaN"} and {@code "Infinity"},
 *   which a client reading a number field cannot parse; the services write {@code null} instead (the value is not
 *   defined, e.g. a marginal ROI at zero spend where a curve rises infinitely steeply). The OpenAPI documents say such
 *   fields may be null.</li>
 * </ul>
 */
@Singleton
public class ApiJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        SimpleModule module = new SimpleModule("non-finite-numbers-as-null");
        FiniteOrNull serializer = new FiniteOrNull();
        module.addSerializer(Double.class, serializer);
        module.addSerializer(Double.TYPE, serializer);
        module.addSerializer(Float.class, serializer);
        module.addSerializer(Float.TYPE, serializer);
        mapper.registerModule(module);
    }

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
