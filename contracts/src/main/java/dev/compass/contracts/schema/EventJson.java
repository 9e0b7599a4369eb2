package dev.compass.contracts.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one JSON mapping used for event payloads: ISO dates, unknown fields ignored (consumers stay compatible). */
public final class EventJson {
    private EventJson() {}

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    /**
     * Applies the event conventions to a mapper: lenient reading, so that consumers ignore properties a newer
     * producer added (the REST APIs read strictly: service-kit's {@code ApiJson}).
     */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
