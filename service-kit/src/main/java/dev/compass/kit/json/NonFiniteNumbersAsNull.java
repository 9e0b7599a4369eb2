package dev.compass.kit.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * JSON has no NaN or infinity. Jackson would write them as the strings {@code "NaN"} and {@code "Infinity"}, which a
 * client reading a number field cannot parse; a service writes {@code null} instead (the value is not defined, e.g.
 * a marginal ROI at zero spend where a curve rises infinitely steeply). The OpenAPI documents say such fields may be
 * null.
 */
@Singleton
public class NonFiniteNumbersAsNull implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("non-finite-numbers-as-null");
        module.addSerializer(Double.class, new DoubleSerializer());
        module.addSerializer(Double.TYPE, new DoubleSerializer());
        module.addSerializer(Float.class, new FloatSerializer());
        module.addSerializer(Float.TYPE, new FloatSerializer());
        mapper.registerModule(module);
    }

    static final class DoubleSerializer extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (Double.isFinite(value)) {
                gen.writeNumber(value);
            } else {
                gen.writeNull();
            }
        }
    }

    static final class FloatSerializer extends JsonSerializer<Float> {
        @Override
        public void serialize(Float value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (Float.isFinite(value)) {
                gen.writeNumber(value);
            } else {
                gen.writeNull();
            }
        }
    }
}
