package dev.compass.governance.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.CloudEventHeaders;
import dev.compass.governance.persistence.AuditChain;
import dev.compass.governance.persistence.AuditStore;
import dev.compass.kit.events.DeadLetters;
import dev.compass.kit.events.EventDecoder;
import dev.compass.kit.events.PoisonMessageException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads every topic of the suite into the audit trail, once per event id, one transaction per poll (batch). A record
 * that is not a CloudEvent with a JSON payload goes to the audit dead-letter topic (with its headers and the reason)
 * and the rest of the batch is recorded.
 */
@ApplicationScoped
public class AuditConsumer {
    private static final Logger LOG = Logger.getLogger(AuditConsumer.class);

    @Inject
    AuditStore store;
    @Inject
    @Channel("audit-dead-letter")
    Emitter<byte[]> deadLetter;

    @Incoming("audit")
    @Blocking
    @Transactional
    public void consume(ConsumerRecords<String, byte[]> records) {
        List<AuditChain.Entry> entries = new ArrayList<>(records.count());
        List<CompletableFuture<Void>> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                entries.add(entry(record));
            } catch (PoisonMessageException e) {
                LOG.warnf("audit: %s", e.getMessage());
                dead.add(DeadLetters.send(deadLetter, record, e.getMessage()));
            }
        }
        store.append(entries);
        dead.forEach(CompletableFuture::join);
    }

    /** The audit entry of one record (public for the benchmark of the append path). */
    public static AuditChain.Entry entry(ConsumerRecord<String, byte[]> record) {
        String eventId = EventDecoder.header(record, CloudEventHeaders.ID);
        String type = EventDecoder.header(record, CloudEventHeaders.TYPE);
        if (eventId == null || type == null) {
            throw new PoisonMessageException("no CloudEvents id/type on " + record.topic() + "@" + record.offset());
        }
        JsonNode payload = EventDecoder.json(record);
        String conversationId = text(payload, "conversationId");
        String causationId = EventDecoder.header(record, CloudEventHeaders.CAUSATION_ID);
        if (causationId == null) {
            causationId = text(payload, "causationId");
        }
        String correlationId = EventDecoder.header(record, CloudEventHeaders.CORRELATION_ID);
        if (correlationId == null) {
            correlationId = text(payload, "correlationId");
        }
        return new AuditChain.Entry(record.topic(), record.partition(), record.offset(), eventId, type,
                EventDecoder.header(record, CloudEventHeaders.TIME), EventDecoder.header(record, CloudEventHeaders.SUBJECT),
                correlationId, causationId, conversationId, new String(record.value(), StandardCharsets.UTF_8));
    }

    private static String text(JsonNode payload, String field) {
        return payload.hasNonNull(field) && payload.get(field).isValueNode() ? payload.get(field).asText() : null;
    }
}
