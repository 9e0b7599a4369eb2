package dev.compass.governance.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.CloudEventHeaders;
import dev.compass.contracts.EventType;
import dev.compass.contracts.Topics;
import dev.compass.contracts.events.Violation;
import dev.compass.contracts.schema.SchemaValidator;
import dev.compass.governance.config.GovernanceConfig;
import dev.compass.governance.domain.AuditAccess;
import dev.compass.governance.domain.ProposalService;
import dev.compass.governance.persistence.Agent;
import dev.compass.kit.events.CountedInFlight;
import dev.compass.kit.events.EventDecoder;
import dev.compass.kit.events.EventPublisher;
import dev.compass.kit.events.ProcessedEvents;
import dev.compass.kit.events.RetryTransientFailures;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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
 * causation that points at an earlier message of the same conversation or at an event of it the audit trail recorded on
 * another topic (the insight answer a REQUEST follows, the governance decision an INFORM reports), checked again for a
 * grace period before a cause not recorded yet is a BROKEN_CAUSATION. Decoding is lenient on purpose: a message
 * that breaks the schema is a SCHEMA violation (published and counted), not only a dead letter.
 */
@ApplicationScoped
@RetryTransientFailures
@CountedInFlight
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
    @Inject
    ProposalService proposals;

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
            // one JSON value, nothing after it, no NUL character: what the other consumers and the database accept
            json = record.value() == null ? null : EventDecoder.json(record);
        } catch (dev.compass.kit.events.PoisonMessageException e) {
            found.add(new Found("SCHEMA", e.getMessage()));
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
                        causation, conversationId)
                        && !causeRecorded(c, causation, conversationId, correlationId, from, to)) {
                    // perhaps an event of another topic the audit trail has not recorded yet: checked again later
                    try (PreparedStatement ps = c.prepareStatement("insert into causation_check (message_id,"
                            + " conversation_id, correlation_id, causation_id, sender, receiver, event_id, due_at)"
                            + " values (?,?,?,?,?,?,?,?) on conflict do nothing")) {
                        ps.setString(1, messageId);
                        ps.setString(2, conversationId);
                        ps.setString(3, correlationId);
                        ps.setString(4, causation);
                        ps.setString(5, from);
                        ps.setString(6, to);
                        ps.setString(7, eventId);
                        ps.setTimestamp(8, Timestamp.from(Instant.now().plus(config.conformance().causationGrace())));
                        ps.executeUpdate();
                    }
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
        if ("FAILURE".equals(text(json, "performative")) && conversationId != null) {
            // after an approval, a FAILURE says the agent could not apply it
            String reason = json.path("data").path("reason").asText(null);
            proposals.applicationFailed(conversationId, reason != null ? reason : text(json, "text"), sentAt(json));
        }
        report(found, messageId != null ? messageId : eventId, conversationId, correlationId, eventId);
    }

    private static Instant sentAt(JsonNode json) {
        try {
            return Instant.parse(json.path("sentAt").asText(""));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Checks again the messages whose cause was unknown: one whose cause the audit trail has recorded since is in
     * order; one whose grace period ended without it is a BROKEN_CAUSATION.
     */
    @Scheduled(every = "${compass.governance.conformance.causation-recheck:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void recheckCausations() {
        record Waiting(String messageId, String conversationId, String correlationId, String causation, String from,
                String to, String eventId, boolean due) {}
        List<Waiting> waiting = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("select message_id, conversation_id, correlation_id,"
                    + " causation_id, sender, receiver, event_id, due_at <= now() from causation_check order by due_at"
                    + " limit 1000 for update skip locked"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    waiting.add(new Waiting(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getBoolean(8)));
                }
            }
            for (Waiting w : waiting) {
                boolean recorded = causeRecorded(c, w.causation(), w.conversationId(), w.correlationId(), w.from(),
                        w.to());
                if (!recorded && !w.due()) {
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement("delete from causation_check where message_id = ?")) {
                    ps.setString(1, w.messageId());
                    ps.executeUpdate();
                }
                if (!recorded) {
                    report(List.of(new Found("BROKEN_CAUSATION", "causation " + w.causation()
                            + " is neither a message of conversation " + w.conversationId()
                            + " nor an event of it in the audit trail")), w.messageId(), w.conversationId(),
                            w.correlationId(), w.eventId());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether the cause is an event of the same conversation (or correlation) that the audit trail recorded on another
     * topic: named by its CloudEvents id or by its own id in the payload (an insight answer's answerId, a decision's
     * decisionId, a proposal's proposalId, a question's questionId); or the registry change of the sender or receiver
     * that ended the conversation (a FAILURE when an agent is suspended).
     */
    static boolean causeRecorded(Connection c, String causation, String conversationId, String correlationId,
            String from, String to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select 1 from audit_record where topic <> ? and (conversation_id = ? or correlation_id = ?)
                  and (event_id = ? or ? in (payload::jsonb ->> 'answerId', payload::jsonb ->> 'decisionId',
                       payload::jsonb ->> 'proposalId', payload::jsonb ->> 'questionId'))
                union all
                select 1 from audit_record where event_id = ? and event_type = ? and subject in (?, ?)
                limit 1""")) {
            ps.setString(1, Topics.DIALOGUE);
            ps.setString(2, conversationId);
            ps.setString(3, correlationId);
            ps.setString(4, causation);
            ps.setString(5, causation);
            ps.setString(6, causation);
            ps.setString(7, EventType.AGENT_REGISTRATION.ceType());
            ps.setString(8, from);
            ps.setString(9, to);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
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
                    conversationId, f.detail(), AuditAccess.OWN_DETECTOR, correlation, causationId, Instant.now()),
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
