package dev.compass.kit.events;

import dev.compass.contracts.EventType;
import dev.compass.contracts.schema.EventJson;
import dev.compass.contracts.schema.SchemaValidator;
import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Writes an event to the transactional outbox in the caller's transaction, so that a database change and the event
 * announcing it commit or roll back together. The event is checked against its JSON Schema first: a service cannot
 * emit an event that breaks its contract. {@link OutboxRelay} publishes it after the commit.
 */
@ApplicationScoped
public class EventPublisher {
    @Inject
    AgroalDataSource dataSource;
    @Inject
    OutboxConfig config;
    @Inject
    Event<OutboxWritten> written;

    /**
     * An event larger than a topic accepts: a 413 problem when a REST call caused it (nothing is stored: the
     * transaction rolls back), a failure of the event being processed when a consumer did.
     */
    public static final class EventTooLarge extends dev.compass.kit.problem.ApiException {
        EventTooLarge(EventType type, int bytes, int max) {
            super(413, "Content Too Large", "the " + type.ceType() + " event this would publish has " + bytes
                    + " bytes; events are at most " + max + " bytes (compass.outbox.max-event-bytes, under the"
                    + " broker's message size limit): send less at once (e.g. fewer weeks or columns of a data set,"
                    + " shorter texts or fewer items)");
        }
    }

    /** Signals that the outbox has new rows (observed after commit to publish promptly). */
    public record OutboxWritten() {}

    /**
     * @param key Kafka key (ordering): {@link EventType#keyOf} of {@code event}; another key is refused, since
     *     consumers would dead-letter the event
     * @param subject CloudEvents subject (usually the same id)
     * @return the event id ({@code ce_id})
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String publish(EventType type, String key, String subject, Record event, String correlationId,
            String causationId) {
        SchemaValidator.instance().require(type, event);
        String expectedKey = type.keyOf(event);
        if (!expectedKey.equals(key)) {
            throw new IllegalArgumentException(type + " " + type.keyField() + " is " + expectedKey
                    + ", so its Kafka key must be that, not " + key);
        }
        String eventId = UUID.randomUUID().toString();
        String payload;
        try {
            payload = EventJson.mapper().writeValueAsString(event);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialise " + type, e);
        }
        int bytes = payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > config.maxEventBytes()) {
            // refused here, with the change that would have announced it, rather than by the broker after the commit
            throw new EventTooLarge(type, bytes, config.maxEventBytes());
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into outbox_event (event_id, topic, event_key, ce_type, ce_source, ce_subject, correlation_id,"
                        + " causation_id, traceparent, payload) values (?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, eventId);
            ps.setString(2, type.topic());
            ps.setString(3, key);
            ps.setString(4, type.ceType());
            ps.setString(5, config.source());
            ps.setString(6, subject);
            ps.setString(7, correlationId);
            ps.setString(8, causationId);
            ps.setString(9, traceparent());
            ps.setString(10, payload);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write to the outbox", e);
        }
        written.fire(new OutboxWritten());
        return eventId;
    }

    private static String traceparent() {
        SpanContext context = Span.current().getSpanContext();
        if (!context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }
}
