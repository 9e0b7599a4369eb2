package dev.compass.governance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.contracts.Topics;
import dev.compass.governance.messaging.AuditCheckpointJob;
import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.Management;
import dev.compass.localstack.TestStack;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A signed checkpoint of the audit trail that cannot be written is visible to operations: /q/health reports the
 * audit-checkpoints check DOWN with the database's reason and the gauge compass_governance_audit_checkpoint_failing is
 * 1, while the service stays ready (it still serves its API); both clear once a checkpoint is written again. The
 * database is made to refuse the checkpoint of the current head only (a trigger, removed at the end), so the audit
 * consumer's own checkpoints are never refused.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
class AuditCheckpointHealthTest {
    private static final String CHECK = "checks.find { it.name == 'audit-checkpoints' }";
    private static final Pattern FAILING = Pattern.compile(
            "(?m)^compass_governance_audit_checkpoint_failing(\\{[^}]*})? (\\S+)$");

    @Inject
    AuditCheckpointJob job;
    @Inject
    Scheduler scheduler;

    @Test
    void aCheckpointThatCannotBeWrittenIsReportedWithTheReasonUntilOneIsWritten() throws Exception {
        scheduler.pause("audit-checkpoint"); // the test runs the job's ticks itself
        try {
            long head = unsignedHead();
            try (Connection c = AuditIntegrityTest.superuser(); Statement s = c.createStatement()) {
                s.execute("create or replace function test_refuse_checkpoint() returns trigger language plpgsql as $$"
                        + " begin raise exception 'checkpoint refused by the test'; end $$");
                s.execute("create trigger test_refuse_checkpoint before insert on audit_checkpoint for each row"
                        + " when (new.seq = " + head + ") execute function test_refuse_checkpoint()");
            }
            assertThrows(RuntimeException.class, job::checkpoint);

            Management.given().get("/q/health").then().statusCode(503).body("status", equalTo("DOWN"))
                    .body(CHECK + ".status", equalTo("DOWN"))
                    .body(CHECK + ".data.error", containsString("checkpoint refused by the test"))
                    .body(CHECK + ".data.failingSince", notNullValue())
                    .body(CHECK + ".data.failedAttempts", equalTo(1))
                    .body(not(containsString("test-only-checkpoint-key")));
            Management.given().get("/q/health/well").then().statusCode(503).body(CHECK + ".status", equalTo("DOWN"));
            // the API is still served: readiness does not depend on the checkpoints
            Management.given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.findAll { it.name == 'audit-checkpoints' }", hasSize(0));
            assertEquals(1.0, failingGauge());

            try (Connection c = AuditIntegrityTest.superuser(); Statement s = c.createStatement()) {
                s.execute("drop trigger test_refuse_checkpoint on audit_checkpoint");
            }
            job.checkpoint();

            Management.given().get("/q/health/well").then().statusCode(200).body(CHECK + ".status", equalTo("UP"))
                    .body(CHECK + ".data.error", nullValue());
            assertEquals(0.0, failingGauge());
            assertTrue(signed(head), "the head is signed once the database accepts checkpoints again");
        } finally {
            try (Connection c = AuditIntegrityTest.superuser(); Statement s = c.createStatement()) {
                s.execute("drop trigger if exists test_refuse_checkpoint on audit_checkpoint");
                s.execute("drop function if exists test_refuse_checkpoint()");
            }
            scheduler.resume("audit-checkpoint");
        }
    }

    /** The head of the chain once nothing else is appending, after recording an event if the head is signed already. */
    private static long unsignedHead() throws Exception {
        AuditIntegrityTest.awaitQuiet();
        while (scalar("select last_seq from audit_chain_head where id = 1")
                <= scalar("select coalesce(max(seq), 0) from audit_checkpoint")) {
            String subject = "checkpoint-health-" + UUID.randomUUID();
            new KafkaCompanion(TestStack.kafkaBootstrapServers()).produce(Serdes.String(), Serdes.ByteArray())
                    .fromRecords(GovernancePlatformTest.record(Topics.INSIGHTS, UUID.randomUUID().toString(), subject,
                            GovernancePlatformTest.insight(subject, "unsigned")))
                    .awaitCompletion();
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                    .auth().oauth2(AuditIntegrityTest.ops()).queryParam("subject", subject).get("/api/v1/audit")
                    .then().body("$", hasSize(1)));
            AuditIntegrityTest.awaitQuiet();
        }
        return scalar("select last_seq from audit_chain_head where id = 1");
    }

    private static boolean signed(long seq) throws SQLException {
        return scalar("select count(*) from audit_checkpoint where seq = " + seq) == 1;
    }

    private static long scalar(String sql) throws SQLException {
        try (Connection c = AuditIntegrityTest.superuser(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double failingGauge() {
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        var m = FAILING.matcher(metrics);
        assertTrue(m.find(), "gauge compass_governance_audit_checkpoint_failing not exported");
        return Double.parseDouble(m.group(2));
    }
}
