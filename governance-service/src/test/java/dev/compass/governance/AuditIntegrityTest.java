package dev.compass.governance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.contracts.Topics;
import dev.compass.governance.persistence.AuditStore;
import dev.compass.localstack.LocalPostgres;
import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.TestStack;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Tampering with the audit trail by someone with DBA rights (trigger disabled) is reported: a changed row, and a
 * removed tail whose chain head was "repaired" too (only the signed checkpoint reveals it). The test puts every
 * tampered row back, so the shared database ends with an intact chain.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
class AuditIntegrityTest {
    @Inject
    AgroalDataSource dataSource;
    @Inject
    AuditStore store;

    static String ops() {
        return TestStack.token("olga", List.of("ops"), List.of());
    }

    static Connection superuser() throws SQLException {
        return DriverManager.getConnection(TestStack.jdbcUrl("governance"), LocalPostgres.USER,
                LocalPostgres.PASSWORD);
    }

    static long count() throws SQLException {
        try (Connection c = superuser(); ResultSet rs = c.createStatement().executeQuery("select count(*) from audit_record")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void tamperingIsDetectedRedeliveryAddsNothingAndTheServiceCannotChangeRows() throws Exception {
        KafkaCompanion kafka = new KafkaCompanion(TestStack.kafkaBootstrapServers());
        String subject = "tamper-" + UUID.randomUUID();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(GovernancePlatformTest.record(Topics.INSIGHTS, UUID.randomUUID().toString(), subject,
                    GovernancePlatformTest.insight(subject, "n" + i)));
        }
        kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(records).awaitCompletion();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ops())
                .queryParam("subject", subject).get("/api/v1/audit").then().body("$", hasSize(20)));
        // the same story in pages of 7, by the Link headers: 7 + 7 + 6 records, in order, none twice
        List<Long> paged = new ArrayList<>();
        String next = "/api/v1/audit?subject=" + subject + "&limit=7";
        int pages = 0;
        while (next != null) {
            io.restassured.response.Response page = given().auth().oauth2(ops()).get(next);
            page.then().statusCode(200);
            paged.addAll(page.jsonPath().getList("seq", Long.class));
            String link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
            pages++;
        }
        assertEquals(3, pages);
        assertEquals(given().auth().oauth2(ops()).queryParam("subject", subject).get("/api/v1/audit").then()
                .extract().jsonPath().getList("seq", Long.class), paged);

        // redelivery of all 20 (same ce_id) adds nothing
        long before = count();
        kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(records).awaitCompletion();
        String marker = "marker-" + UUID.randomUUID();
        kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(GovernancePlatformTest.record(Topics.INSIGHTS,
                UUID.randomUUID().toString(), marker, GovernancePlatformTest.insight(marker, "marker")))
                .awaitCompletion();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ops())
                .queryParam("subject", marker).get("/api/v1/audit").then().body("$", hasSize(1)));
        assertEquals(before + 1, count());
        awaitQuiet();
        store.checkpoint();
        given().auth().oauth2(ops()).get("/api/v1/audit/verification").then().statusCode(200)
                .body("valid", equalTo(true)).body("records", equalTo((int) count()));

        // the service's own datasource cannot change or remove audit rows
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertThrows(SQLException.class, () -> s.executeUpdate("update audit_record set payload = '{}' where seq = 1"));
            assertThrows(SQLException.class, () -> s.executeUpdate("delete from audit_record where seq = 1"));
        }
        // nor can the restricted role the service runs as in production, which cannot disable the trigger either
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            s.execute("set role governance_app");
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("update audit_record set payload = '{}' where seq = 1"));
            assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
            assertThrows(SQLException.class, () -> s.execute("alter table audit_record disable trigger audit_record_no_update"));
        }

        // an attacker with DBA rights changes one payload
        long victim;
        String original;
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select seq, payload from audit_record where subject = '" + subject
                    + "' order by seq offset 5 limit 1")) {
                rs.next();
                victim = rs.getLong(1);
                original = rs.getString(2);
            }
            s.execute("alter table audit_record disable trigger audit_record_no_update");
            s.executeUpdate("update audit_record set payload = '{\"subjectId\":\"forged\"}' where seq = " + victim);
            s.execute("alter table audit_record enable trigger audit_record_no_update");
        }
        given().auth().oauth2(ops()).get("/api/v1/audit/verification").then().statusCode(200)
                .body("valid", equalTo(false)).body("firstBrokenSeq", equalTo((int) victim));

        // put it back; then remove the tail and rewrite the head so that it matches the shortened chain
        long total = count();
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            s.execute("alter table audit_record disable trigger audit_record_no_update");
            try (var ps = c.prepareStatement("update audit_record set payload = ? where seq = ?")) {
                ps.setString(1, original);
                ps.setLong(2, victim);
                ps.executeUpdate();
            }
            given().auth().oauth2(ops()).get("/api/v1/audit/verification").then().body("valid", equalTo(true));
            s.execute("create temp table saved_tail as select * from audit_record where seq > " + (total - 3));
            s.execute("create temp table saved_head as select * from audit_chain_head");
            s.executeUpdate("delete from audit_record where seq > " + (total - 3));
            s.executeUpdate("update audit_chain_head set last_seq = seq_hash.seq, last_hash = seq_hash.hash from"
                    + " (select seq, hash from audit_record where seq = " + (total - 3) + ") seq_hash");
            s.execute("alter table audit_record enable trigger audit_record_no_update");
            given().auth().oauth2(ops()).get("/api/v1/audit/verification").then().statusCode(200)
                .body("valid", equalTo(false)).body("records", equalTo((int) total - 3))
                .body("firstBrokenSeq", equalTo((int) total - 2));
            // restore what the "attacker" removed: the shared chain is intact again
            s.execute("insert into audit_record select * from saved_tail");
            s.executeUpdate("update audit_chain_head h set last_seq = o.last_seq, last_hash = o.last_hash"
                    + " from saved_head o");
        }
        given().auth().oauth2(ops()).get("/api/v1/audit/verification").then().body("valid", equalTo(true));
    }

    /** Waits until no audit record arrives for three seconds (tampering must not race with appends). */
    static void awaitQuiet() throws Exception {
        long last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() - stableSince < 3_000_000_000L) {
            long now = count();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            }
            Thread.sleep(250);
        }
    }
}
