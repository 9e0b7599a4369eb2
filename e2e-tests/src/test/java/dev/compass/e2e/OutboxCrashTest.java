package dev.compass.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.contracts.CloudEventHeaders;
import dev.compass.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A service dies between its database commit and the publish of the event that announces the change; after a restart
 * the event is delivered, once.
 */
class OutboxCrashTest {

    @Test
    void anEventCommittedBeforeACrashIsDeliveredOnceAfterTheRestart() throws Exception {
        String agentId = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        try (ServiceProcess governance = new ServiceProcess("governance-service", "governance_crash")) {
            governance.env("COMPASS_OUTBOX_HALT_BEFORE_PUBLISH", "true").start();
            String token = Suite.token("erin", List.of("employee"), List.of());
            try {
                given().baseUri(governance.baseUrl()).auth().oauth2(token).contentType("application/json")
                        .body("""
                                {"id":"%s","name":"Crash agent","owner":"erin","purpose":"crash test",
                                 "tools":[],"dataScopes":[],"riskTier":"MINIMAL"}""".formatted(agentId))
                        .post("/api/v1/agents");
            } catch (Exception connectionLost) {
                // the process may halt before the response leaves: the commit happened before the halt
            }
            assertEquals(99, governance.awaitExit(Duration.ofSeconds(60)), "the fault injection halts the service");

            // committed, not published
            String eventId;
            try (Connection c = DriverManager.getConnection(Suite.postgres().jdbcUrl("governance_crash"), "postgres",
                    "postgres"); PreparedStatement ps = c.prepareStatement(
                    "select event_id::text, published_at from outbox_event where event_key = ?")) {
                ps.setString(1, agentId);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "the agent's event is in the outbox");
                    eventId = rs.getString(1);
                    assertNull(rs.getObject(2), "not yet published");
                }
            }
            assertEquals(0, recordsFor(agentId, Duration.ofSeconds(3)).size(), "nothing reached Kafka before the crash");

            governance.withoutEnv("COMPASS_OUTBOX_HALT_BEFORE_PUBLISH").start();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !recordsFor(agentId, Duration.ofSeconds(1)).isEmpty());
            List<ConsumerRecord<String, String>> delivered = recordsFor(agentId, Duration.ofSeconds(3));
            assertEquals(1, delivered.size(), "delivered exactly once");
            assertEquals(eventId, new String(delivered.get(0).headers().lastHeader(CloudEventHeaders.ID).value(),
                    StandardCharsets.UTF_8));
            // and the audit trail of the restarted service recorded it once. The halted process never left its
            // consumer groups, so the restarted one gets its partitions only when the broker expires the dead
            // member (session timeout, 45 s by default): allow for that plus a slow start.
            String ops = Suite.token("olga", List.of("ops"), List.of());
            Awaitility.await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertEquals(1,
                    given().baseUri(governance.baseUrl()).auth().oauth2(ops).queryParam("subject", agentId)
                            .get("/api/v1/audit").then().statusCode(200).extract().jsonPath().getList("$").size()));
            assertNotNull(eventId);
        }
    }

    static List<ConsumerRecord<String, String>> recordsFor(String key, Duration poll) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Suite.kafka().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.AGENTS));
            long end = System.currentTimeMillis() + poll.toMillis();
            while (System.currentTimeMillis() < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }
}
