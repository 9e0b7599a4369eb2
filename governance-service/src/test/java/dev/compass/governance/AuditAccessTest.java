package dev.compass.governance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.compass.contracts.EventType;
import dev.compass.contracts.events.AgentMessage;
import dev.compass.contracts.events.AnswerEvent;
import dev.compass.contracts.events.ChunkEvent;
import dev.compass.contracts.events.Citation;
import dev.compass.contracts.events.DocumentEvent;
import dev.compass.contracts.events.InsightEvent;
import dev.compass.contracts.events.QuestionEvent;
import dev.compass.contracts.events.Violation;
import dev.compass.contracts.schema.EventJson;
import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.TestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The audit trail lists every record of a story to every auditor, but shows document content only to those who may
 * read it: a finance-only document's chunks, title and synthesis, and an answer asked with finance's groups (with the
 * message quoting it) are withheld from a reviewer or finance approver outside those groups, with the reason.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
class AuditAccessTest {
    static final String CHUNK_TEXT = "Confidential: the Q3 cardiology budget is cut by 40 percent";
    static final String SUMMARY = "Finance plans a 40 percent cut of cardiology spend";
    static final String ANSWER = "Finance data shows the cardiology cut is final";
    static final String QUOTE = "the Q3 cardiology budget is cut by 40 percent";

    static String token(String subject, String role, String... groups) {
        return TestStack.token(subject, List.of(role), List.of(groups));
    }

    static JsonPath audit(String token, String param, String value) {
        return given().auth().oauth2(token).queryParam(param, value).get("/api/v1/audit").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void aFinanceOnlyDocumentIsWithheldFromAReviewerOutsideFinanceButEveryRecordIsListed() {
        String doc = "doc-" + UUID.randomUUID();
        String unknown = "doc-" + UUID.randomUUID();
        String corr = "corr-" + doc;
        DocumentEvent published = new DocumentEvent(doc, "PUBLISHED", null, null, null, "finance",
                "/sites/finance/Budget cuts Q3.docx", "Budget cuts Q3", "application/pdf", "h", 10L,
                List.of("finance"), null, null, corr, null, Instant.now());
        ChunkEvent chunk = new ChunkEvent(doc, doc + "#0", 0, 1, "Budget cuts Q3", "finance", 1, 1, null, CHUNK_TEXT,
                12, List.of("finance"), 90, null, corr, null, Instant.now());
        InsightEvent insight = new InsightEvent(doc, "DOCUMENT", "Budget cuts Q3", SUMMARY,
                List.of(new InsightEvent.Finding(QUOTE, List.of(1), List.of(doc + "#0"))), "extractive", null, corr,
                null, Instant.now());
        // a synthesis of a document the trail has never seen: nobody but ops and admins knows who may read it
        InsightEvent orphan = new InsightEvent(unknown, "DOCUMENT", "Unknown", SUMMARY, List.of(), "extractive", null,
                "corr-" + unknown, null, Instant.now());
        new KafkaCompanion(TestStack.kafkaBootstrapServers()).produce(Serdes.String(), Serdes.ByteArray()).fromRecords(
                TestEvents.event(EventType.DOCUMENT, doc, published, corr, null).record(),
                TestEvents.event(EventType.CHUNK, doc + "#0", chunk, corr, null).record(),
                TestEvents.event(EventType.INSIGHT, doc, insight, corr, null).record(),
                TestEvents.event(EventType.INSIGHT, unknown, orphan, "corr-" + unknown, null).record())
                .awaitCompletion();
        String ops = token("olga", "ops");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            given().auth().oauth2(ops).queryParam("subject", doc).get("/api/v1/audit").then().body("$", hasSize(2));
            given().auth().oauth2(ops).queryParam("subject", doc + "#0").get("/api/v1/audit").then()
                    .body("$", hasSize(1));
            given().auth().oauth2(ops).queryParam("subject", unknown).get("/api/v1/audit").then()
                    .body("$", hasSize(1));
        });

        // a reviewer without groups: the records, ids and hashes, but no text, title, path, summary or findings
        String reviewer = token("rev.sam", "reviewer");
        JsonPath chunkStory = audit(reviewer, "subject", doc + "#0");
        assertEquals(1, chunkStory.getList("$").size());
        assertNotNull(chunkStory.getString("[0].hash"));
        assertEquals(doc + "#0", chunkStory.getString("[0].subject"));
        assertEquals(Map.of("withheld", "it carries document content shared with groups you are not in"),
                chunkStory.getMap("[0].payload"));
        JsonPath docStory = audit(reviewer, "subject", doc);
        assertEquals(audit(ops, "subject", doc).getList("hash"), docStory.getList("hash"), "every record is listed");
        String shown = docStory.prettify();
        for (String secret : List.of(CHUNK_TEXT, SUMMARY, QUOTE, "Budget cuts Q3", "/sites/finance")) {
            assertFalse(shown.contains(secret), secret + " leaks: " + shown);
        }
        assertEquals(List.of("it carries document content shared with groups you are not in",
                "it summarises a document shared with groups you are not in"), docStory.getList("payload.withheld"));
        // the orphan synthesis is withheld even from a reviewer in every group
        JsonPath orphanStory = audit(token("rev.fin", "reviewer", "finance", "marketing"), "subject", unknown);
        assertTrue(orphanStory.getString("[0].payload.withheld").contains("not in the audit trail"));
        assertFalse(orphanStory.prettify().contains(SUMMARY));

        // a reviewer in finance reads them, as ops does
        String financeReviewer = token("rev.fin", "reviewer", "marketing", "finance");
        assertEquals(CHUNK_TEXT, audit(financeReviewer, "subject", doc + "#0").getString("[0].payload.text"));
        JsonPath readable = audit(financeReviewer, "subject", doc);
        assertEquals(List.of("finance"), readable.getList("[0].payload.groups"));
        assertEquals(SUMMARY, readable.getString("[1].payload.summary"));
        assertEquals(SUMMARY, audit(ops, "subject", doc).getString("[1].payload.summary"));
        assertEquals(SUMMARY, audit(token("ada", "admin"), "subject", unknown).getString("[0].payload.summary"));
    }

    @Test
    void evidenceAskedWithFinanceGroupsIsWithheldFromAFinanceApproverNotInThemAll() throws Exception {
        RegistryAndConformanceTest.activeAgent("commercial-agent"); // a conformant dialogue: no violations join it
        RegistryAndConformanceTest.activeAgent("finance-agent");
        String conv = "conv-" + UUID.randomUUID();
        String corr = "corr-" + conv;
        String questionId = UUID.randomUUID().toString();
        QuestionEvent question = new QuestionEvent(questionId, conv, "commercial-agent",
                "What evidence supports investing more in TV?", Map.of("brand", "Cardiozen"),
                List.of("finance", "marketing"), corr, null, Instant.now());
        TestEvents.Sent asked = TestEvents.event(EventType.QUESTION, conv, question, corr, null);
        String answerId = UUID.randomUUID().toString();
        AnswerEvent answer = new AnswerEvent(answerId, questionId, conv, ANSWER,
                List.of(new Citation("doc-1", "doc-1#0", "Budget cuts Q3", 1, QUOTE, 90)), 0.9, true, "extractive",
                corr, asked.id(), Instant.now());
        ObjectNode evidence = EventJson.mapper().createObjectNode().put("status", "received").put("answerId", answerId)
                .put("answer", ANSWER);
        evidence.set("citations", EventJson.mapper().valueToTree(answer.citations()));
        ObjectNode data = EventJson.mapper().createObjectNode().put("brand", "Cardiozen").put("amount", 250000);
        data.set("evidence", evidence);
        AgentMessage request = new AgentMessage("m1-" + conv, conv, corr, answerId, "commercial-agent",
                "finance-agent", "REQUEST", "submitted", "The commercial agent requests 250,000. Evidence: " + ANSWER,
                data, new AgentMessage.Provenance("deterministic", null, null, null), Instant.now());
        AgentMessage accept = new AgentMessage("m2-" + conv, conv, corr, "m1-" + conv, "finance-agent",
                "commercial-agent", "PROPOSE", "working", "Finance offers 200,000 from print",
                EventJson.mapper().createObjectNode().put("fundedAmount", 200000),
                new AgentMessage.Provenance("deterministic", null, null, null), Instant.now());
        // an answer whose question the trail never saw, in another conversation
        String lost = "conv-" + UUID.randomUUID();
        AnswerEvent stray = new AnswerEvent(UUID.randomUUID().toString(), UUID.randomUUID().toString(), lost, ANSWER,
                List.of(), 0.5, true, "extractive", "corr-" + lost, "no-such-question", Instant.now());
        new KafkaCompanion(TestStack.kafkaBootstrapServers()).produce(Serdes.String(), Serdes.ByteArray()).fromRecords(
                asked.record(),
                TestEvents.event(EventType.ANSWER, conv, answer, corr, asked.id()).record(),
                TestEvents.event(EventType.AGENT_MESSAGE, conv, request, corr, answerId).record(),
                TestEvents.event(EventType.AGENT_MESSAGE, conv, accept, corr, "m1-" + conv).record(),
                TestEvents.event(EventType.ANSWER, lost, stray, "corr-" + lost, "no-such-question").record())
                .awaitCompletion();
        String ops = token("olga", "ops");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertTrue(audit(ops, "conversationId", conv).getList("eventId").containsAll(List.of(asked.id())));
            assertTrue(audit(ops, "conversationId", conv).getList("topic").containsAll(List.of(
                    "insight.questions.v1", "insight.answers.v1", "agent.dialogue.v1")));
            assertEquals(2, audit(ops, "conversationId", conv).getList("topic").stream()
                    .filter("agent.dialogue.v1"::equals).count());
            assertEquals(1, audit(ops, "conversationId", lost).getList("$").size());
        });

        for (String outsider : List.of(token("fin.erin", "finance-approver"),
                token("fin.erin", "finance-approver", "finance"), token("rev.sam", "reviewer", "marketing"))) {
            JsonPath story = audit(outsider, "conversationId", conv);
            List<String> all = audit(ops, "conversationId", conv).getList("hash");
            assertTrue(story.getList("hash").size() >= 4);
            assertEquals(all.subList(0, story.getList("hash").size()), story.getList("hash"), "every record is listed");
            String shown = story.prettify();
            assertFalse(shown.contains(ANSWER), "the answer leaks: " + shown);
            assertFalse(shown.contains(QUOTE), "a quote leaks: " + shown);
            List<Map<String, Object>> records = story.getList("$");
            for (Map<String, Object> r : records) {
                @SuppressWarnings("unchecked")
                Map<String, Object> payload = (Map<String, Object>) r.get("payload");
                switch ((String) r.get("topic")) {
                    case "insight.questions.v1", "insight.answers.v1" -> assertEquals(Map.of("withheld",
                            "it carries evidence asked for with groups you are not all in"), payload);
                    case "agent.dialogue.v1" -> {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> d = (Map<String, Object>) payload.get("data");
                        if ("REQUEST".equals(payload.get("performative"))) {
                            // as agent-service shows it: the figures stay, the evidence and the text quoting it do not
                            assertEquals(250000, d.get("amount"));
                            @SuppressWarnings("unchecked")
                            Map<String, Object> e = (Map<String, Object>) d.get("evidence");
                            assertEquals(1, e.get("citationCount"));
                            assertFalse(e.containsKey("answer"));
                            assertFalse(e.containsKey("citations"));
                            assertTrue(((String) payload.get("withheld")).contains("groups you are not all in"));
                        } else {
                            assertEquals("Finance offers 200,000 from print", payload.get("text"));
                            assertFalse(payload.containsKey("withheld"));
                        }
                    }
                    default -> { }
                }
            }
        }
        // in every group the question was asked with: all of it
        JsonPath insider = audit(token("fin.ina", "finance-approver", "marketing", "finance", "hr"), "conversationId",
                conv);
        assertTrue(insider.prettify().contains(QUOTE));
        assertEquals(ANSWER, insider.getString("find { it.topic == 'insight.answers.v1' }.payload.answer"));
        assertEquals(ANSWER, insider.getString(
                "find { it.payload.performative == 'REQUEST' }.payload.data.evidence.answer"));
        // an answer to a question not in the trail: withheld even from someone in every group, not from ops
        assertTrue(audit(token("fin.ina", "finance-approver", "marketing", "finance"), "conversationId", lost)
                .getString("[0].payload.withheld").contains("not in the audit trail"));
        assertEquals(ANSWER, audit(ops, "conversationId", lost).getString("[0].payload.answer"));
    }

    @Test
    void aViolationQuotingAModelTextIsWithheldFromAnAuditorNotInAllTheGroupsOfItsConversation() {
        String conv = "conv-" + UUID.randomUUID();
        String corr = "corr-" + conv;
        QuestionEvent question = new QuestionEvent(UUID.randomUUID().toString(), conv, "commercial-agent",
                "What evidence supports investing more in TV?", Map.of("brand", "Cardiozen"),
                List.of("finance", "marketing"), corr, null, Instant.now());
        // agent-service's number guard rejected a model's text that quoted the evidence (and invented a figure)
        String message = UUID.randomUUID().toString();
        String modelText = "The study says " + QUOTE + ", so 12.5 more is safe.";
        Violation guard = new Violation(UUID.randomUUID().toString(), "NUMBER_GUARD", message, conv,
                "numbers no tool produced: [12.5]; model text: " + modelText, "finance-agent", corr, message,
                Instant.now());
        // governance's own finding names agents and statuses only
        Violation inactive = new Violation(UUID.randomUUID().toString(), "INACTIVE_AGENT", message, conv,
                "the sender finance-agent is SUSPENDED", "governance-service", corr, message, Instant.now());
        // a guard violation in a conversation whose question the trail never saw
        String lost = "conv-" + UUID.randomUUID();
        Violation stray = new Violation(UUID.randomUUID().toString(), "NUMBER_GUARD", "m-" + lost, lost,
                "numbers no tool produced: [7.0]; model text: " + modelText, "finance-agent", "corr-" + lost,
                "m-" + lost, Instant.now());
        new KafkaCompanion(TestStack.kafkaBootstrapServers()).produce(Serdes.String(), Serdes.ByteArray()).fromRecords(
                TestEvents.event(EventType.QUESTION, conv, question, corr, null).record(),
                TestEvents.event(EventType.VIOLATION, message, guard, corr, message).record(),
                TestEvents.event(EventType.VIOLATION, message, inactive, corr, message).record(),
                TestEvents.event(EventType.VIOLATION, "m-" + lost, stray, "corr-" + lost, "m-" + lost).record())
                .awaitCompletion();
        String ops = token("olga", "ops");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(3, audit(ops, "conversationId", conv).getList("$").size());
            assertEquals(1, audit(ops, "conversationId", lost).getList("$").size());
        });
        assertEquals(modelText, audit(ops, "conversationId", conv)
                .getString("find { it.payload.kind == 'NUMBER_GUARD' }.payload.detail").split("model text: ")[1]);

        for (String outsider : List.of(token("fin.erin", "finance-approver"),
                token("fin.erin", "finance-approver", "finance"), token("rev.sam", "reviewer", "marketing"))) {
            JsonPath story = audit(outsider, "conversationId", conv);
            assertEquals(audit(ops, "conversationId", conv).getList("hash"), story.getList("hash"),
                    "every record is listed");
            assertFalse(story.prettify().contains(QUOTE), "a quote leaks: " + story.prettify());
            Map<String, Object> shown = story.getMap("find { it.payload.kind == 'NUMBER_GUARD' }.payload");
            // what was violated, by whom, where, and the invented figures stay; the model's text does not
            assertEquals(message, shown.get("subjectId"));
            assertEquals(conv, shown.get("conversationId"));
            assertEquals("finance-agent", shown.get("detectedBy"));
            String detail = (String) shown.get("detail");
            assertTrue(detail.startsWith("numbers no tool produced: [12.5]; "), detail);
            assertFalse(detail.contains("The study says"), detail);
            assertTrue(((String) shown.get("withheld")).contains("groups you are not all in"), shown.toString());
            assertEquals("the sender finance-agent is SUSPENDED",
                    story.getString("find { it.payload.kind == 'INACTIVE_AGENT' }.payload.detail"));
        }
        // in every group the question was asked with: all of it
        JsonPath insider = audit(token("fin.ina", "finance-approver", "marketing", "finance", "hr"), "conversationId",
                conv);
        assertTrue(insider.getString("find { it.payload.kind == 'NUMBER_GUARD' }.payload.detail").contains(QUOTE));
        // a conversation whose question is not on the trail: withheld even from someone in every group, not from ops
        Map<String, Object> unknown = audit(token("fin.ina", "finance-approver", "marketing", "finance"),
                "conversationId", lost).getMap("[0].payload");
        assertTrue(((String) unknown.get("withheld")).contains("not in the audit trail"), unknown.toString());
        assertFalse(((String) unknown.get("detail")).contains(QUOTE));
        assertTrue(audit(ops, "conversationId", lost).getString("[0].payload.detail").contains(QUOTE));
    }
}
