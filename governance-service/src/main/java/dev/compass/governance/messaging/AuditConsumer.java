package dev.compass.governance.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.CloudEventHeaders;
import dev.compass.governance.persistence.AuditStore;
import dev.compass.kit.events.EventDecoder;
import dev.compass.kit.events.PoisonMessageException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads every topic of the suite into the audit trail, once per event id. A record that is not a CloudEvent with a
 * JSON payload goes to the audit dead-letter topic and the trail carries on.
 */
@ApplicationScoped
public class AuditConsumer {
    @Inject
    AuditStore store;

    @Incoming("audit")
    @Blocking
    @Transactional
    public void consume(ConsumerRecord<String, byte[]> record) {
        String eventId = EventDecoder.header(record, CloudEventHeaders.ID);
        String type = EventDecoder.header(record, CloudEventHeaders.TYPE);
        if (eventId == null || type == null) {
            throw new PoisonMessageException("no CloudEvents id/type on " + record.topic() + "@" + record.offset());
        }
        JsonNode payload = EventDecoder.json(record);
        String conversationId = payload.hasNonNull("conversationId") ? payload.get("conversationId").asText() : null;
        store.append(new AuditStore.Entry(record.topic(), record.partition(), record.offset(), eventId, type,
                EventDecoder.header(record, CloudEventHeaders.TIME), EventDecoder.header(record, CloudEventHeaders.SUBJECT),
                EventDecoder.header(record, CloudEventHeaders.CORRELATION_ID),
                EventDecoder.header(record, CloudEventHeaders.CAUSATION_ID), conversationId,
                new String(record.value(), StandardCharsets.UTF_8)));
    }
}
