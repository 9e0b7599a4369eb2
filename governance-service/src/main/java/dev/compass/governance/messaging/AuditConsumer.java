package dev.compass.governance.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.CloudEventHeaders;
import dev.compass.contracts.EventType;
import dev.compass.contracts.schema.SchemaValidator;
import dev.compass.governance.persistence.AuditChain;
import dev.compass.governance.persistence.AuditStore;
import dev.compass.kit.events.CountedInFlight;
import dev.compass.kit.events.DeadLetters;
import dev.compass.kit.events.PoisonMessageException;
import dev.compass.kit.events.RetryTransientFailures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads every topic of the suite into the audit trail, once per topic and event id, one transaction per poll (batch).
 * A record that is not a CloudEvent of its topic's type with a JSON payload valid against that type's schema and
 * storable by PostgreSQL (see {@link StorableText}) goes to the audit dead-letter topic (with its headers and the
 * reason) and the rest of the batch is recorded.
 *
 * <p>Should the batch still fail because of what one record holds (an SQL data exception, a constraint, a value too
 * large for an index), the records are appended again one by one, in order and each in its own transaction, so the
 * hash chain keeps their order; the one(s) the database refuses are dead-lettered with its error. A failure of the
 * infrastructure (the database down, no connection) is never dead-lettered: the poll is processed again until the
 * database answers ({@link RetryTransientFailures}; records already appended are skipped by their event ids), and
 * nothing is acknowledged meanwhile.
 */
@ApplicationScoped
@RetryTransientFailures
@CountedInFlight
public class AuditConsumer {
    private static final Logger LOG = Logger.getLogger(AuditConsumer.class);

    @Inject
    AuditStore store;
    @Inject
    @Channel("audit-dead-letter")
    Emitter<byte[]> deadLetter;

    @Incoming("audit")
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        List<AuditChain.Entry> entries = new ArrayList<>(records.count());
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.count());
        List<CompletableFuture<Void>> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                entries.add(entry(record));
                sources.add(record);
            } catch (PoisonMessageException e) {
                LOG.warnf("audit: %s", e.getMessage());
                dead.add(DeadLetters.send(deadLetter, record, e));
            }
        }
        try {
            append(entries);
        } catch (RuntimeException batchFailure) {
            SQLException refusedBatch = StorableText.contentFailure(batchFailure);
            if (refusedBatch == null) {
                throw batchFailure; // the database, not a record: nothing is acknowledged, nothing dead-lettered
            }
            LOG.warnf("audit: a batch of %d records was refused (%s); appending them one by one", entries.size(),
                    refusedBatch.getMessage());
            for (int i = 0; i < entries.size(); i++) {
                try {
                    append(List.of(entries.get(i)));
                } catch (RuntimeException e) {
                    SQLException refused = StorableText.contentFailure(e);
                    if (refused == null) {
                        throw e;
                    }
                    ConsumerRecord<String, byte[]> record = sources.get(i);
                    // the database's error first: the reason is cut to a bounded length, and the event id may be long
                    PoisonMessageException poison = new PoisonMessageException("record at " + position(record)
                            + " cannot be stored in the audit trail (SQLState " + refused.getSQLState() + "): "
                            + refused.getMessage(), refused);
                    LOG.warnf("audit: %s", poison.getMessage());
                    dead.add(DeadLetters.send(deadLetter, record, poison));
                }
            }
        }
        dead.forEach(CompletableFuture::join);
    }

    private void append(List<AuditChain.Entry> entries) {
        if (!entries.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> store.append(entries));
        }
    }

    /**
     * The audit entry of one record (public for the benchmark of the append path). Poison: no CloudEvents id or type,
     * a type that is not the topic's, a payload its schema refuses, a header value or payload PostgreSQL cannot store
     * as text (a NUL, invalid UTF-8), a payload that is not exactly
     * one JSON value, or one whose strings hold what jsonb refuses (<code>&#92;u0000</code>, an unpaired surrogate).
     */
    public static AuditChain.Entry entry(ConsumerRecord<String, byte[]> record) {
        String position = position(record);
        String eventId = header(record, CloudEventHeaders.ID, position);
        String type = header(record, CloudEventHeaders.TYPE, position);
        if (eventId == null || type == null) {
            throw new PoisonMessageException("no CloudEvents id/type on " + record.topic() + "@" + record.offset());
        }
        String time = header(record, CloudEventHeaders.TIME, position);
        String subject = header(record, CloudEventHeaders.SUBJECT, position);
        String correlationId = header(record, CloudEventHeaders.CORRELATION_ID, position);
        String causationId = header(record, CloudEventHeaders.CAUSATION_ID, position);
        if (record.value() == null) {
            throw new PoisonMessageException("empty payload at " + position);
        }
        // only an event of this topic's type, valid against its schema, is on the record: what every consumer of the
        // topic refused as poison is not stored for ever as if it had happened
        EventType expected = EventType.byCeType(type).filter(t -> t.topic().equals(record.topic()))
                .orElseThrow(() -> new PoisonMessageException("event type " + type + " is not one of "
                        + record.topic() + " at " + position));
        String text = StorableText.utf8(record.value(), "payload", position);
        JsonNode payload = StorableText.json(text, position);
        List<String> errors = SchemaValidator.instance().validate(expected, payload);
        if (!errors.isEmpty()) {
            throw new PoisonMessageException(type + " " + eventId + " at " + position + " violates its schema: "
                    + errors);
        }
        String conversationId = text(payload, "conversationId");
        if (causationId == null) {
            causationId = text(payload, "causationId");
        }
        if (correlationId == null) {
            correlationId = text(payload, "correlationId");
        }
        return new AuditChain.Entry(record.topic(), record.partition(), record.offset(), eventId, type, time, subject,
                correlationId, causationId, conversationId, text);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name, String position) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null
                : StorableText.utf8(header.value(), "header " + name, position);
    }

    private static String position(ConsumerRecord<String, ?> record) {
        return record.topic() + "/" + record.partition() + "@" + record.offset();
    }

    private static String text(JsonNode payload, String field) {
        return payload.hasNonNull(field) && payload.get(field).isValueNode() ? payload.get(field).asText() : null;
    }
}
