package dev.compass.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.contracts.CloudEventHeaders;
import dev.compass.contracts.Topics;
import dev.compass.demo.DemoStory;
import dev.compass.localstack.OpenApiConformance;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The whole story across the four services, against one real broker and one real database, through the public APIs
 * only, with faults in the middle: every service is SIGKILLed and restarted at a different point of the story, and the
 * broker is restarted. Afterwards the story has completed, the ledger holds each approved move exactly once, and the
 * audit trail has every event of the negotiations exactly once and verifies.
 */
class StoryWithFaultsEndToEndTest {

    @Test
    void theStoryCompletesDespiteKilledServicesAndABrokerRestart() throws Exception {
        try (Suite4 suite = new Suite4("_story").start()) {
            // every answer, the story's and this test's, is held to the OpenAPI document its service serves
            OpenApiConformance.install();
            DemoStory story = new DemoStory(Suite.tokens(), suite.ingestion.baseUrl(), suite.insight.baseUrl(),
                    suite.agent.baseUrl(), suite.governance.baseUrl()).checkingAnswersAgainstOpenApi();
            story.registerAgents();

            // ingestion dies right after accepting the uploads: every document still ends in a terminal state
            Thread killer = killSoon(suite.ingestion, 1500);
            try {
                story.ingestDocuments();
            } catch (Exception connectionLost) {
                // expected: the service died under the upload
            } finally {
                killer.join();
            }
            restart(suite.ingestion);
            forgiveOnlyTheDeadService(story); // what failed while the service was dead is retried below
            Map<String, String> documents;
            documents = story.ingestDocuments(); // re-uploads are idempotent (200, same id) and wait for the outcome
            story.askQuestion(documents);

            // insight dies while it fits the models: they are fitted after the restart (redelivered data sets)
            killer = killSoon(suite.insight, 4000);
            try {
                story.fitModels();
            } catch (Exception connectionLost) {
                // expected: the service died while fitting
            } finally {
                killer.join();
            }
            restart(suite.insight);
            forgiveOnlyTheDeadService(story);
            story.fitModels();

            // the agents die in the middle of the negotiations, and the broker restarts
            story.startNegotiations();
            suite.agent.kill();
            Suite.kafka().kill();
            // a broker outage does not take the APIs out of rotation: what they write waits in their outboxes
            for (int i = 0; i < 8; i++) {
                for (ServiceProcess s : List.of(suite.ingestion, suite.insight, suite.governance)) {
                    given().baseUri(s.managementUrl()).get("/q/health/ready").then().statusCode(200);
                }
                Thread.sleep(1_000);
            }
            Suite.kafka().start();
            restart(suite.agent);
            // governance dies before the approval
            suite.governance.kill();
            restart(suite.governance);
            story.approveWaitingProposals();
            story.awaitCompletedNegotiations();
            story.verifyAudit();
            assertEquals(List.of(), story.failures(), "every step of the story worked despite the faults");

            // each approved move was applied to the ledger exactly once
            Map<String, Integer> moves = new HashMap<>();
            for (ConsumerRecord<String, String> r : Kafka.records(Topics.LEDGER, Duration.ofSeconds(5))) {
                JsonPath entry = JsonPath.from(r.value());
                moves.merge(entry.getString("proposalId") + "/" + entry.getString("lineId"), 1, Integer::sum);
            }
            assertFalse(moves.isEmpty(), "the ledger changed");
            moves.forEach((k, n) -> assertEquals(1, n, k + " applied " + n + " times"));

            // the audit trail has every event of each negotiation exactly once, in order, and verifies
            String ops = Suite.token("otto", List.of("ops"), List.of());
            for (String conversation : List.of(story.results.get("conversation.policy"),
                    story.results.get("conversation.person"))) {
                Set<String> published = new HashSet<>();
                for (String topic : List.of(Topics.DIALOGUE, Topics.PROPOSALS, Topics.DECISIONS)) {
                    for (ConsumerRecord<String, String> r : Kafka.records(topic, Duration.ofSeconds(3))) {
                        if (conversation.equals(JsonPath.from(r.value()).getString("conversationId"))) {
                            published.add(new String(r.headers().lastHeader(CloudEventHeaders.ID).value(),
                                    StandardCharsets.UTF_8));
                        }
                    }
                }
                JsonPath audit = given().baseUri(suite.governance.baseUrl()).auth().oauth2(ops)
                        .queryParam("conversationId", conversation).get("/api/v1/audit").then().statusCode(200)
                        .extract().jsonPath();
                List<String> audited = audit.getList("eventId");
                assertEquals(audited.size(), new HashSet<>(audited).size(), "no event recorded twice");
                assertTrue(audited.containsAll(published), conversation + ": every published event is audited");
                List<String> types = audit.getList("eventType");
                for (String type : List.of("dev.compass.agent.message.v1", "dev.compass.budget.proposal.v1",
                        "dev.compass.governance.decision.v1", "dev.compass.budget.ledger-entry.v1")) {
                    assertTrue(types.contains(type), conversation + " lacks " + type + ": " + types);
                }
                List<Long> seqs = audit.getList("seq", Long.class);
                assertEquals(seqs.stream().sorted().toList(), seqs, "the story is in order");
            }
            given().baseUri(suite.governance.baseUrl()).auth().oauth2(ops).get("/api/v1/audit/verification").then()
                    .statusCode(200).body("valid", org.hamcrest.Matchers.equalTo(true));
        }
    }

    /**
     * Clears what failed because a service was killed (no reply, or a server error as it went down) and nothing else:
     * a refusal (4xx) or an answer its OpenAPI document does not describe is a defect, faults or not.
     */
    private static void forgiveOnlyTheDeadService(DemoStory story) {
        List<String> defects = story.failures().stream()
                .filter(f -> !f.endsWith("(no reply)") && !f.matches(".*\\(status 5\\d\\d\\)$")).toList();
        assertEquals(List.of(), defects, "only calls the dead service could not answer may fail");
        story.failures().clear();
    }

    private static Thread killSoon(ServiceProcess service, long millis) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
                service.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        return t;
    }

    private static void restart(ServiceProcess service) throws Exception {
        if (service.alive()) {
            service.kill();
        }
        service.start();
    }
}
