package dev.compass.governance.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.CloudEventHeaders;
import dev.compass.contracts.EventType;
import dev.compass.contracts.events.Violation;
import dev.compass.contracts.schema.EventJson;
import dev.compass.contracts.schema.SchemaValidator;
import dev.compass.governance.config.GovernanceConfig;
import dev.compass.governance.persistence.Agent;
import dev.compass.kit.events.EventDecoder;
import dev.compass.kit.events.EventPublisher;
import dev.compass.kit.events.ProcessedEvents;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Checks every agent-to-agent message: schema, sender and receiver ACTIVE in the registry, an allowed pair, and a
 * causation that points at an earlier message of the same conversation. Decoding is lenient on purpose: a message
 * that breaks the schema is a SCHEMA violation (published and counted), not only a dead letter.
 */
@ApplicationScoped
public class ConformanceConsumer {
    static final String CONSUMER = "governance-conformance";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    EventPublisher events;
    @Inject
    ProcessedEvents processed;
    @Inject
    GovernanceConfig config;
    @Inject
    MeterRegistry registry;

    record Found(String kind, String detail) {}

    @Incoming("conformance")
    @Blocking
    @Transactional
    public void consume(ConsumerRecord<String, byte[]> record) {
        String eventId = EventDecoder.header(record, CloudEventHeaders.ID);
        String position = record.topic() + "/" + record.partition() + "@" + record.offset();
        if (eventId == null) {
            eventId = position;
        }
        if (!processed.firstDelivery(CONSUMER, eventId)) {
            return;
        }
        String correlationId = EventDecoder.header(record, CloudEventHeaders.CORRELATION_ID);
        List<Found> found = new ArrayList<>();
        JsonNode json = null;
        try {
            json = record.value() == null ? null : EventJson.mapper().readTree(record.value());
        } catch (Exception e) {
            found.add(new Found("SCHEMA", "payload is not JSON"));
        }
        if (json == null || !json.isObject()) {
            if (found.isEmpty()) {
                found.add(new Found("SCHEMA", "payload is not a JSON object"));
            }
            report(found, eventId, record.key(), correlationId, eventId);
            return;
        }
        String ceType = EventDecoder.header(record, CloudEventHeaders.TYPE);
        if (!EventType.AGENT_MESSAGE.ceType().equals(ceType)) {
            found.add(new Found("SCHEMA", "ce_type is " + ceType + ", expected " + EventType.AGENT_MESSAGE.ceType()));
        }
        List<String> errors = SchemaValidator.instance().validate(EventType.AGENT_MESSAGE, json);
        if (!errors.isEmpty()) {
            found.add(new Found("SCHEMA", String.join("; ", errors)));
        }
        String messageId = text(json, "messageId");
        String conversationId = text(json, "conversationId");
        String from = text(json, "from");
        String to = text(json, "to");
        String causation = text(json, "causationId");
        if (correlationId == null) {
            correlationId = text(json, "correlationId");
        }
        if (from != null) {
            checkActive(from, "sender", found);
        }
        if (to != null) {
            checkActive(to, "receiver", found);
        }
        if (from != null && to != null) {
            Set<String> allowed = config.conformance().allowedPairs().stream().map(String::trim)
                    .collect(Collectors.toSet());
            if (!allowed.contains(from + "->" + to)) {
                found.add(new Found("DISALLOWED_PAIR", from + " may not address " + to));
            }
        }
        if (conversationId != null && messageId != null) {
            try (Connection c = dataSource.getConnection()) {
                boolean hasEarlier = exists(c, "select 1 from dialogue_message where conversation_id = ? limit 1",
                        conversationId);
                if (causation == null || causation.isBlank()) {
                    if (hasEarlier) {
                        found.add(new Found("MISSING_CAUSATION", "message " + messageId
                                + " continues conversation " + conversationId + " but names no causation"));
                    }
                } else if (!exists(c, "select 1 from dialogue_message where message_id = ? and conversation_id = ?",
                        causation, conversationId)) {
                    found.add(new Found("BROKEN_CAUSATION", "causation " + causation
                            + " is not a message of conversation " + conversationId));
                }
                try (PreparedStatement ps = c.prepareStatement("insert into dialogue_message (message_id,"
                        + " conversation_id, sender, receiver) values (?,?,?,?) on conflict do nothing")) {
                    ps.setString(1, messageId);
                    ps.setString(2, conversationId);
                    ps.setString(3, from);
                    ps.setString(4, to);
                    ps.executeUpdate();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        report(found, messageId != null ? messageId : eventId, conversationId, correlationId, eventId);
    }

    private static void checkActive(String agentId, String role, List<Found> found) {
        Agent agent = Agent.findById(agentId);
        if (agent == null) {
            found.add(new Found("UNKNOWN_AGENT", "the " + role + " " + agentId + " is not in the registry"));
        } else if (!"ACTIVE".equals(agent.status)) {
            found.add(new Found("INACTIVE_AGENT", "the " + role + " " + agentId + " is " + agent.status));
        }
    }

    private void report(List<Found> found, String subjectId, String conversationId, String correlationId,
            String causationId) {
        String correlation = correlationId != null ? correlationId : subjectId;
        for (Found f : found) {
            String id = UUID.randomUUID().toString();
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "insert into violation (id, kind, subject_id, conversation_id, detail) values (?,?,?,?,?)")) {
                ps.setString(1, id);
                ps.setString(2, f.kind());
                ps.setString(3, subjectId);
                ps.setString(4, conversationId);
                ps.setString(5, f.detail());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            events.publish(EventType.VIOLATION, subjectId, subjectId, new Violation(id, f.kind(), subjectId,
                    conversationId, f.detail(), "governance-service", correlation, causationId, Instant.now()),
                    correlation, causationId);
            registry.counter("compass.governance.violations", "kind", f.kind()).increment();
        }
    }

    private static boolean exists(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }
}
