package dev.compass.governance.messaging;

import dev.compass.contracts.EventType;
import dev.compass.contracts.events.UsageEvent;
import dev.compass.kit.events.CountedInFlight;
import dev.compass.kit.events.EventDecoder;
import dev.compass.kit.events.ProcessedEvents;
import dev.compass.kit.events.RetryTransientFailures;
import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Adoption signals: a person started a conversation or asked for an answer. */
@ApplicationScoped
@RetryTransientFailures
@CountedInFlight
public class UsageConsumer {
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ProcessedEvents processed;

    @Incoming("usage")
    @Blocking
    @Transactional
    public void consume(ConsumerRecord<String, byte[]> record) {
        var event = EventDecoder.decode(record, EventType.USAGE, UsageEvent.class);
        if (!processed.firstDelivery("governance-usage", event.id())) {
            return;
        }
        UsageEvent u = event.payload();
        Instant at = u.occurredAt() == null ? Instant.now() : u.occurredAt();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into usage_event (usage_id, username, roles, action, service, occurred_at, day)"
                        + " values (?,?,?,?,?,?,?) on conflict do nothing")) {
            ps.setString(1, u.usageId());
            ps.setString(2, u.user());
            ps.setString(3, u.roles() == null ? "" : String.join(",", u.roles()));
            ps.setString(4, u.action());
            ps.setString(5, u.service());
            ps.setTimestamp(6, Timestamp.from(at));
            ps.setObject(7, at.atZone(ZoneOffset.UTC).toLocalDate());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
