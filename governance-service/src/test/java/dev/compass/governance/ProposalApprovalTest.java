package dev.compass.governance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.EventType;
import dev.compass.contracts.Topics;
import dev.compass.contracts.events.BudgetProposal;
import dev.compass.contracts.events.LedgerEvent;
import dev.compass.contracts.events.UsageEvent;
import dev.compass.governance.domain.ProposalService;
import dev.compass.kit.events.IncomingEvent;
import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.TestStack;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import dev.compass.localstack.LocalPostgres;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Budget proposals: policy, four eyes, inactive agents, expiry, decisions on Kafka, the audit story. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
class ProposalApprovalTest {
    @Inject
    ProposalService proposals;

    static String token(String subject, String... roles) {
        return TestStack.token(subject, List.of(roles), List.of());
    }

    static String agent(boolean activate) {
        return agent("bob", activate);
    }

    static String agent(String owner, boolean activate) {
        String id = "fin-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(token("bob", "employee")).contentType(ContentType.JSON)
                .body(GovernancePlatformTest.agentJson(id, owner)).post("/api/v1/agents").then().statusCode(201);
        if (activate) {
            given().auth().oauth2(token("rita", "reviewer")).contentType(ContentType.JSON)
                    .body("{\"action\":\"ACTIVATE\"}").post("/api/v1/agents/" + id + "/status-changes")
                    .then().statusCode(200).body("status", equalTo("ACTIVE"));
        }
        return id;
    }

    static BudgetProposal proposal(String agentId, String conversationId, double amount, double fromLine,
            double currentReturn, double newReturn) {
        String id = "prop-" + UUID.randomUUID().toString().substring(0, 8);
        return new BudgetProposal(id, conversationId, "Brandix", "DE", null, "EUR", agentId, "dave", null,
                List.of(new BudgetProposal.Move("line-tv", "line-digital", "TV", "DIGITAL", amount, fromLine)),
                amount, (newReturn - currentReturn) * amount, 0, 0, currentReturn, newReturn, "shift to digital",
                "corr-" + conversationId, null, Instant.now());
    }

    static String send(BudgetProposal p) {
        TestEvents.Sent sent = TestEvents.event(EventType.BUDGET_PROPOSAL, p.proposalId(), p, p.correlationId(), null);
        new KafkaCompanion(TestStack.kafkaBootstrapServers()).produce(Serdes.String(), Serdes.ByteArray())
                .fromRecords(sent.record()).awaitCompletion();
        return sent.id();
    }

    static void awaitStatus(String proposalId, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(token("fay", "finance-approver")).get("/api/v1/proposals/" + proposalId)
                        .then().statusCode(200).body("status", equalTo(status)));
    }

    static JsonNode decisionEvent(String proposalId, String decision) {
        KafkaCompanion kafka = new KafkaCompanion(TestStack.kafkaBootstrapServers());
        var task = kafka.consumeStrings().fromTopics(Topics.DECISIONS);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> task.getRecords().stream()
                    .anyMatch(r -> proposalId.equals(r.key()) && r.value().contains(decision)));
            ConsumerRecord<String, String> r = task.getRecords().stream().filter(x -> proposalId.equals(x.key()))
                    .filter(x -> x.value().contains(decision)).findFirst().orElseThrow();
            JsonNode json = GovernancePlatformTest.readTree(r.value());
            assertEquals(json.get("causationId").asText(), GovernancePlatformTest.header(r,
                    dev.compass.contracts.CloudEventHeaders.CAUSATION_ID));
            return json;
        } finally {
            task.close();
        }
    }

    @Test
    void aSmallProposalThatDoesNotLowerTheReturnIsApprovedByPolicyAndTheAuditTellsTheWholeStory() {
        String agent = agent(true);
        String conversation = "conv-" + UUID.randomUUID();
        BudgetProposal p = proposal(agent, conversation, 10_000, 200_000, 1.8, 1.9);
        String eventId = send(p);
        awaitStatus(p.proposalId(), "APPROVED");
        JsonNode decision = decisionEvent(p.proposalId(), "APPROVED");
        assertEquals("policy", decision.get("decidedBy").asText());
        assertEquals("AUTO", decision.get("policy").asText());
        assertEquals(eventId, decision.get("causationId").asText());

        // the ledger change names neither the conversation nor its correlation: it is found through its causation
        LedgerEvent ledger = new LedgerEvent(UUID.randomUUID().toString(), "line-tv", p.proposalId(), "Brandix", "DE",
                "TV", "2025-Q3", "EUR", 200_000, 190_000, -10_000, "ledger-" + UUID.randomUUID(), null, Instant.now());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(token("olga", "ops"))
                .queryParam("conversationId", conversation).get("/api/v1/audit").then().extract()
                .path("find { it.eventType == '" + EventType.DECISION.ceType() + "' }.eventId") != null);
        String decId = given().auth().oauth2(token("olga", "ops")).queryParam("conversationId", conversation)
                .get("/api/v1/audit").then().extract().path("find { it.eventType == '"
                        + EventType.DECISION.ceType() + "' }.eventId");
        TestEvents.Sent ledgerSent = TestEvents.event(EventType.LEDGER_ENTRY, "line-tv", ledger, ledger.correlationId(),
                decId);
        new KafkaCompanion(TestStack.kafkaBootstrapServers()).produce(Serdes.String(), Serdes.ByteArray())
                .fromRecords(ledgerSent.record()).awaitCompletion();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(token("olga", "ops")).queryParam("conversationId", conversation)
                        .get("/api/v1/audit").then().statusCode(200)
                        .body("eventType", hasItem(EventType.BUDGET_PROPOSAL.ceType()))
                        .body("eventType", hasItem(EventType.DECISION.ceType()))
                        .body("eventId", hasItem(ledgerSent.id())));
    }

    static BudgetProposal moveOutOf(String agentId, String fromLine, double amount, double fromLineAmount) {
        String id = "prop-" + UUID.randomUUID().toString().substring(0, 8);
        String conversation = "conv-" + UUID.randomUUID();
        return new BudgetProposal(id, conversation, "Cardiozen", "DE", null, "EUR", agentId, "dave", null,
                List.of(new BudgetProposal.Move(fromLine, fromLine + "-digital", "PRINT", "DIGITAL", amount,
                        fromLineAmount)), amount, 0.1 * amount, 0, 0, 1.8, 1.9, "print to digital",
                "corr-" + conversation, null, Instant.now());
    }

    static JsonNode view(String proposalId) {
        return GovernancePlatformTest.readTree(given().auth().oauth2(token("fay", "finance-approver"))
                .get("/api/v1/proposals/" + proposalId).then().statusCode(200).extract().asString());
    }

    @Test
    void aMoveSplitIntoSeveralProposalsDoesNotSlipUnderTheAutomaticLimits() {
        // policy v1: automatically at most 50,000 and 20% of a line; three times 40,000 out of print (374,000)
        String agent = agent(true);
        String print = "cardiozen:de:print:2027-q1:" + UUID.randomUUID().toString().substring(0, 8);
        List<BudgetProposal> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BudgetProposal p = moveOutOf(agent, print, 40_000, 374_000);
            send(p);
            awaitStatus(p.proposalId(), i == 0 ? "APPROVED" : "PENDING_APPROVAL");
            sent.add(p);
        }
        String reason = view(sent.get(1).proposalId()).get("reason").asText();
        assertTrue(reason.contains("with 1 earlier automatic approval on line " + print), reason);
        assertTrue(reason.contains("EUR 80,000 of " + print + "'s EUR 374,000 (21.4%) would move out of it"), reason);
        assertTrue(reason.contains("automatic limit EUR 50,000"), reason);
        // a person approving the second does not spend the automatic allowance: the third still waits for a person
        given().auth().oauth2(token("erin", "finance-approver")).contentType(ContentType.JSON)
                .body("{\"decision\":\"APPROVE\"}").post("/api/v1/proposals/" + sent.get(1).proposalId()
                        + "/decisions").then().statusCode(200);
        BudgetProposal fourth = moveOutOf(agent, print, 5_000, 334_000);
        send(fourth);
        awaitStatus(fourth.proposalId(), "APPROVED"); // 45,000 automatically in all, 12%: within the limits
        BudgetProposal fifth = moveOutOf(agent, print, 6_000, 329_000);
        send(fifth);
        awaitStatus(fifth.proposalId(), "PENDING_APPROVAL");
        assertTrue(view(fifth.proposalId()).get("reason").asText().contains("with 2 earlier automatic approvals on"
                + " line " + print + ", EUR 51,000 would move out of or into"), view(fifth.proposalId()).toString());
    }

    @Test
    void twoProposalsOnOneLineEvaluatedAtOnceDoNotBothSlipUnderTheLimit() throws Exception {
        String agent = agent(true);
        String print = "cardiozen:de:print:2027-q1:" + UUID.randomUUID().toString().substring(0, 8);
        BudgetProposal first = moveOutOf(agent, print, 40_000, 374_000);
        BudgetProposal second = moveOutOf(agent, print, 40_000, 374_000);
        CountDownLatch firstEvaluated = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // the first is evaluated and its transaction stays open while the second is evaluated
            Future<?> a = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                proposals.receive(incoming(first));
                firstEvaluated.countDown();
                try {
                    commitFirst.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertTrue(firstEvaluated.await(30, TimeUnit.SECONDS));
            Future<?> b = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> proposals.receive(
                    incoming(second))));
            Thread.sleep(1_500); // the second waits for the first's line, or (unserialised) has decided alone
            commitFirst.countDown();
            a.get(30, TimeUnit.SECONDS);
            b.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        awaitStatus(first.proposalId(), "APPROVED");
        awaitStatus(second.proposalId(), "PENDING_APPROVAL");
        assertTrue(view(second.proposalId()).get("reason").asText().contains("with 1 earlier automatic approval"));
    }

    static void produce(TestEvents.Sent... sent) {
        new KafkaCompanion(TestStack.kafkaBootstrapServers()).produce(Serdes.String(), Serdes.ByteArray())
                .fromRecords(java.util.Arrays.stream(sent).map(TestEvents.Sent::record).toList()).awaitCompletion();
    }

    @Test
    void anApprovalSaysWhetherItWasAppliedAndALostOneIsListedAsOverdue() throws Exception {
        String agent = agent(true);
        String fay = token("fay", "finance-approver");
        BudgetProposal applied = moveOutOf(agent, "print-" + UUID.randomUUID(), 10_000, 374_000);
        BudgetProposal failed = moveOutOf(agent, "print-" + UUID.randomUUID(), 10_000, 374_000);
        BudgetProposal lost = moveOutOf(agent, "print-" + UUID.randomUUID(), 10_000, 374_000);
        for (BudgetProposal p : List.of(applied, failed, lost)) {
            send(p);
            awaitStatus(p.proposalId(), "APPROVED");
        }
        given().auth().oauth2(fay).get("/api/v1/proposals/" + applied.proposalId()).then()
                .body("application.status", equalTo("PENDING")).body("application.overdue", equalTo(false));

        // the agent applies the first: its ledger entries (delivered twice) make it APPLIED
        BudgetProposal.Move m = applied.moves().get(0);
        TestEvents.Sent out = TestEvents.event(EventType.LEDGER_ENTRY, m.fromLineId(), new LedgerEvent(
                UUID.randomUUID().toString(), m.fromLineId(), applied.proposalId(), "Cardiozen", "DE", "PRINT",
                "2027-Q1", "EUR", 374_000, 364_000, -10_000, applied.correlationId(), null, Instant.now()),
                applied.correlationId(), null);
        TestEvents.Sent in = TestEvents.event(EventType.LEDGER_ENTRY, m.toLineId(), new LedgerEvent(
                UUID.randomUUID().toString(), m.toLineId(), applied.proposalId(), "Cardiozen", "DE", "DIGITAL",
                "2027-Q1", "EUR", 100_000, 110_000, 10_000, applied.correlationId(), null, Instant.now()),
                applied.correlationId(), null);
        produce(out, in, out);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(fay)
                .get("/api/v1/proposals/" + applied.proposalId()).then().statusCode(200)
                .body("status", equalTo("APPROVED")).body("application.status", equalTo("APPLIED"))
                .body("application.at", org.hamcrest.Matchers.notNullValue())
                .body("application.detail", containsString(m.fromLineId() + " -10,000"))
                .body("application.detail", containsString(m.toLineId() + " +10,000")));

        // the agent cannot apply the second: its FAILURE in the conversation makes it FAILED, with the reason
        com.fasterxml.jackson.databind.node.ObjectNode data = dev.compass.contracts.schema.EventJson.mapper()
                .createObjectNode().put("reason", "budget line " + failed.moves().get(0).fromLineId()
                        + " can no longer release 45,640.51");
        dev.compass.contracts.events.AgentMessage failure = new dev.compass.contracts.events.AgentMessage(
                UUID.randomUUID().toString(), failed.conversationId(), failed.correlationId(), null, agent,
                "commercial-agent", "FAILURE", "failed", "The conversation failed.", data, null, Instant.now());
        produce(TestEvents.event(EventType.AGENT_MESSAGE, failed.conversationId(), failure, failed.correlationId(),
                null));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(fay)
                .get("/api/v1/proposals/" + failed.proposalId()).then().statusCode(200)
                .body("application.status", equalTo("FAILED"))
                .body("application.detail", containsString("can no longer release 45,640.51")));

        // the third hears nothing: once past the time the agent has to apply it, it is listed as overdue
        try (Connection c = DriverManager.getConnection(TestStack.jdbcUrl("governance"), LocalPostgres.USER,
                LocalPostgres.PASSWORD); PreparedStatement ps = c.prepareStatement(
                "update proposal set decided_at = now() - interval '1 day' where id = ?")) {
            ps.setString(1, lost.proposalId());
            assertEquals(1, ps.executeUpdate());
        }
        List<String> overdue = given().auth().oauth2(fay).queryParam("application", "OVERDUE").queryParam("limit", 500)
                .get("/api/v1/proposals").then().statusCode(200).extract().jsonPath().getList("id");
        assertTrue(overdue.contains(lost.proposalId()), overdue.toString());
        assertTrue(!overdue.contains(applied.proposalId()) && !overdue.contains(failed.proposalId()), overdue.toString());
        given().auth().oauth2(fay).get("/api/v1/proposals/" + lost.proposalId()).then()
                .body("application.status", equalTo("PENDING")).body("application.overdue", equalTo(true));
        given().auth().oauth2(fay).queryParam("application", "FAILED").queryParam("limit", 500)
                .get("/api/v1/proposals").then().statusCode(200).body("id", hasItem(failed.proposalId()));
        given().auth().oauth2(fay).queryParam("application", "LOST").get("/api/v1/proposals").then().statusCode(400);
    }

    static IncomingEvent<BudgetProposal> incoming(BudgetProposal p) {
        return new IncomingEvent<>(UUID.randomUUID().toString(), EventType.BUDGET_PROPOSAL.ceType(), "/compass/test",
                p.proposalId(), p.correlationId(), null, Topics.PROPOSALS, 0, 0, p.proposalId(), p);
    }

    @Test
    void proposalsAreListedInPagesNewestFirstAndAStatusQueueOldestFirst() {
        String agent = agent(true);
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BudgetProposal p = proposal(agent, "conv-" + UUID.randomUUID(), 400_000, 1_000_000, 1.8, 1.9);
            send(p);
            awaitStatus(p.proposalId(), "PENDING_APPROVAL");
            mine.add(p.proposalId());
        }
        String fay = token("fay", "finance-approver");
        List<Pages.Item> all = Pages.walk(fay, "/api/v1/proposals?limit=2", 2, "receivedAt", true);
        assertTrue(all.stream().map(Pages.Item::id).toList().containsAll(mine), "every proposal is on a page");
        assertEquals(all.size(), given().auth().oauth2(fay).queryParam("limit", 500).get("/api/v1/proposals")
                .then().statusCode(200).extract().jsonPath().getList("id").size());
        List<String> queue = Pages.walk(fay, "/api/v1/proposals?status=PENDING_APPROVAL&limit=1", 1, "receivedAt",
                false).stream().map(Pages.Item::id).toList();
        assertEquals(mine, queue.stream().filter(mine::contains).toList(), "the queue in arrival order");
        given().auth().oauth2(fay).queryParam("cursor", "bm90LW91cnM").get("/api/v1/proposals").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("cursor"));
    }

    @Test
    void aLargeProposalWaitsForASecondFinanceApprover() {
        String agent = agent(true); // owned by bob
        BudgetProposal p = proposal(agent, "conv-" + UUID.randomUUID(), 400_000, 1_000_000, 1.8, 1.9);
        send(p);
        awaitStatus(p.proposalId(), "PENDING_APPROVAL");
        given().auth().oauth2(token("fay", "finance-approver")).queryParam("status", "PENDING_APPROVAL")
                .get("/api/v1/proposals").then().statusCode(200).body("id", hasItem(p.proposalId()));
        String approve = "{\"decision\":\"APPROVE\",\"comment\":\"ok\"}";
        // the owner of the proposing agent cannot approve, even as a finance approver
        given().auth().oauth2(token("bob", "finance-approver")).contentType(ContentType.JSON).body(approve)
                .post("/api/v1/proposals/" + p.proposalId() + "/decisions").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("four eyes"));
        // nor the person who requested the money
        given().auth().oauth2(token("dave", "finance-approver")).contentType(ContentType.JSON).body(approve)
                .post("/api/v1/proposals/" + p.proposalId() + "/decisions").then().statusCode(403);
        // a reviewer without the finance-approver role cannot
        given().auth().oauth2(token("rita", "reviewer")).contentType(ContentType.JSON).body(approve)
                .post("/api/v1/proposals/" + p.proposalId() + "/decisions").then().statusCode(403);
        awaitStatus(p.proposalId(), "PENDING_APPROVAL");
        // a second approver can
        given().auth().oauth2(token("erin", "finance-approver")).contentType(ContentType.JSON).body(approve)
                .post("/api/v1/proposals/" + p.proposalId() + "/decisions").then().statusCode(200)
                .body("status", equalTo("APPROVED")).body("decidedBy", equalTo("erin"));
        JsonNode decision = decisionEvent(p.proposalId(), "APPROVED");
        assertEquals("erin", decision.get("decidedBy").asText());
        assertEquals("MANUAL", decision.get("policy").asText());
        // decided once
        given().auth().oauth2(token("fay", "finance-approver")).contentType(ContentType.JSON).body(approve)
                .post("/api/v1/proposals/" + p.proposalId() + "/decisions").then().statusCode(409);
    }

    @Test
    void thePersonAProposalNamesAsItsStarterMayNotApproveItEvenBeforeTheAuditTrailHasTheStart() {
        String finance = agent(true);
        String conversation = "conv-" + UUID.randomUUID();
        BudgetProposal asked = proposal(finance, conversation, 400_000, 1_000_000, 1.8, 1.9);
        // no CONVERSATION_STARTED usage event at all: the proposal itself says who started the conversation
        BudgetProposal p = new BudgetProposal(asked.proposalId(), conversation, "Brandix", "DE", null, null, finance,
                "dave", "fin2", asked.moves(), asked.totalAmount(), asked.projectedGain(), 0, 0, 1.8, 1.9,
                "shift to digital", asked.correlationId(), null, Instant.now());
        send(p);
        awaitStatus(p.proposalId(), "PENDING_APPROVAL");
        String approve = "{\"decision\":\"APPROVE\"}";
        given().auth().oauth2(token("fin2", "finance-approver")).contentType(ContentType.JSON).body(approve)
                .post("/api/v1/proposals/" + p.proposalId() + "/decisions").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("fin2 started the conversation"));
        given().auth().oauth2(token("erin", "finance-approver")).contentType(ContentType.JSON).body(approve)
                .post("/api/v1/proposals/" + p.proposalId() + "/decisions").then().statusCode(200)
                .body("status", equalTo("APPROVED"));
    }

    @Test
    void fourEyesComparesPeopleWhateverTheCaseOfTheirName() {
        String finance = agent("bob.owner@compass.dev", true);
        String conversation = "conv-" + UUID.randomUUID();
        BudgetProposal asked = proposal(finance, conversation, 400_000, 1_000_000, 1.8, 1.9);
        BudgetProposal p = new BudgetProposal(asked.proposalId(), conversation, "Brandix", "DE", null, null, finance,
                "dave.requester@compass.dev", "sam.starter@compass.dev", asked.moves(), asked.totalAmount(),
                asked.projectedGain(), 0, 0, 1.8, 1.9, "shift to digital", asked.correlationId(), null, Instant.now());
        send(p);
        awaitStatus(p.proposalId(), "PENDING_APPROVAL");
        // the identity provider spells the same people in another case: still the starter, requester and owner
        for (String same : List.of("Sam.Starter@Compass.dev", "DAVE.REQUESTER@compass.dev", "Bob.Owner@compass.dev")) {
            for (String decision : List.of("REJECT", "APPROVE")) {
                given().auth().oauth2(token(same, "finance-approver")).contentType(ContentType.JSON)
                        .body("{\"decision\":\"" + decision + "\"}")
                        .post("/api/v1/proposals/" + p.proposalId() + "/decisions").then().statusCode(403)
                        .contentType("application/problem+json").body("detail", containsString("four eyes"));
            }
        }
        awaitStatus(p.proposalId(), "PENDING_APPROVAL");
        given().auth().oauth2(token("erin", "finance-approver")).contentType(ContentType.JSON)
                .body("{\"decision\":\"REJECT\"}").post("/api/v1/proposals/" + p.proposalId() + "/decisions")
                .then().statusCode(200).body("status", equalTo("REJECTED"));
    }

    @Test
    void neitherThePersonWhoStartedTheConversationNorTheOwnerOfTheRequestingAgentMayApprove() {
        String finance = agent(true); // owned by bob
        String commercial = agent("lena", true);
        String conversation = "conv-" + UUID.randomUUID();
        BudgetProposal asked = proposal(finance, conversation, 400_000, 1_000_000, 1.8, 1.9);
        // a proposal from before proposals named their starter: the start is found in the audit trail
        BudgetProposal p = new BudgetProposal(asked.proposalId(), conversation, "Brandix", "DE", null, null, finance,
                commercial, null, asked.moves(), asked.totalAmount(), asked.projectedGain(), 0, 0, 1.8, 1.9,
                "shift to digital", asked.correlationId(), null, Instant.now());
        // agent-service announces who started the conversation, under the conversation's correlation id
        TestEvents.Sent started = TestEvents.event(EventType.USAGE, "fin1", new UsageEvent(UUID.randomUUID().toString(),
                "fin1", List.of("finance-approver"), "CONVERSATION_STARTED", "agent-service", p.correlationId(),
                Instant.now()), p.correlationId(), null);
        new KafkaCompanion(TestStack.kafkaBootstrapServers()).produce(Serdes.String(), Serdes.ByteArray())
                .fromRecords(started.record()).awaitCompletion();
        send(p);
        awaitStatus(p.proposalId(), "PENDING_APPROVAL");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token("olga", "ops"))
                .queryParam("correlationId", p.correlationId()).get("/api/v1/audit").then().statusCode(200)
                .body("eventId", hasItem(started.id())));
        String approve = "{\"decision\":\"APPROVE\"}";
        given().auth().oauth2(token("fin1", "finance-approver")).contentType(ContentType.JSON).body(approve)
                .post("/api/v1/proposals/" + p.proposalId() + "/decisions").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("fin1 started the conversation"));
        // nor the same person with an invisible character in the name (a zero-width space)
        given().auth().oauth2(token("fin1\u200b", "finance-approver")).contentType(ContentType.JSON).body(approve)
                .post("/api/v1/proposals/" + p.proposalId() + "/decisions").then().statusCode(403)
                .body("detail", containsString("started the conversation"));
        given().auth().oauth2(token("lena", "finance-approver")).contentType(ContentType.JSON).body(approve)
                .post("/api/v1/proposals/" + p.proposalId() + "/decisions").then().statusCode(403)
                .body("detail", containsString("lena owns agent " + commercial));
        given().auth().oauth2(token("bob", "finance-approver")).contentType(ContentType.JSON).body(approve)
                .post("/api/v1/proposals/" + p.proposalId() + "/decisions").then().statusCode(403)
                .body("detail", containsString("bob owns agent " + finance));
        given().auth().oauth2(token("erin", "finance-approver")).contentType(ContentType.JSON).body(approve)
                .post("/api/v1/proposals/" + p.proposalId() + "/decisions").then().statusCode(200)
                .body("status", equalTo("APPROVED")).body("decidedBy", equalTo("erin"));
    }

    @Test
    void aProposalPastItsDeadlineCannotBeApprovedBeforeTheExpiryJobRuns() throws Exception {
        BudgetProposal p = proposal(agent(true), "conv-" + UUID.randomUUID(), 400_000, 1_000_000, 1.8, 1.9);
        send(p);
        awaitStatus(p.proposalId(), "PENDING_APPROVAL");
        try (Connection c = DriverManager.getConnection(TestStack.jdbcUrl("governance"), LocalPostgres.USER,
                LocalPostgres.PASSWORD); PreparedStatement ps = c.prepareStatement(
                "update proposal set expires_at = now() - interval '2 seconds' where id = ?")) {
            ps.setString(1, p.proposalId());
            assertEquals(1, ps.executeUpdate());
        }
        given().auth().oauth2(token("erin", "finance-approver")).contentType(ContentType.JSON)
                .body("{\"decision\":\"APPROVE\"}").post("/api/v1/proposals/" + p.proposalId() + "/decisions")
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("expired"));
        awaitStatus(p.proposalId(), "EXPIRED");
        assertEquals("policy", decisionEvent(p.proposalId(), "EXPIRED").get("decidedBy").asText());
    }

    @Test
    void aPendingProposalPastItsDeadlineIsShownListedAndFilteredAsExpiredBeforeTheExpiryJobWritesIt()
            throws Exception {
        BudgetProposal p = proposal(agent(true), "conv-" + UUID.randomUUID(), 400_000, 1_000_000, 1.8, 1.9);
        send(p);
        awaitStatus(p.proposalId(), "PENDING_APPROVAL");
        String fay = token("fay", "finance-approver");
        String url = "/api/v1/proposals/" + p.proposalId();
        try (Connection setup = DriverManager.getConnection(TestStack.jdbcUrl("governance"), LocalPostgres.USER,
                LocalPostgres.PASSWORD); Connection held = DriverManager.getConnection(TestStack.jdbcUrl("governance"),
                LocalPostgres.USER, LocalPostgres.PASSWORD)) {
            try (PreparedStatement ps = setup.prepareStatement(
                    "update proposal set expires_at = now() + interval '1 second' where id = ?")) {
                ps.setString(1, p.proposalId());
                assertEquals(1, ps.executeUpdate());
            }
            // the row is locked before its deadline passes, so the expiry job cannot write it while we look
            held.setAutoCommit(false);
            try (PreparedStatement ps = held.prepareStatement("select expires_at from proposal where id = ? for update")) {
                ps.setString(1, p.proposalId());
                try (var rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    Instant deadline = rs.getTimestamp(1).toInstant();
                    Thread.sleep(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()) + 200);
                }
            }

            given().auth().oauth2(fay).get(url).then().statusCode(200).body("status", equalTo("EXPIRED"))
                    .body("decidedBy", equalTo("policy")).body("reason", containsString("no decision before"));
            String expiresAt = given().auth().oauth2(fay).get(url).then().extract().path("expiresAt");
            given().auth().oauth2(fay).get(url).then().body("decidedAt", equalTo(expiresAt));
            assertEquals("EXPIRED", given().auth().oauth2(fay).queryParam("limit", 500).get("/api/v1/proposals")
                    .then().statusCode(200).extract().jsonPath()
                    .getString("find { it.id == '" + p.proposalId() + "' }.status"), "as listed");
            List<String> pending = given().auth().oauth2(fay).queryParam("status", "PENDING_APPROVAL")
                    .queryParam("limit", 500).get("/api/v1/proposals").then().statusCode(200).extract().jsonPath()
                    .getList("id");
            assertTrue(!pending.contains(p.proposalId()), "not in the queue of proposals waiting for a decision");
            List<String> expired = Pages.walk(fay, "/api/v1/proposals?status=EXPIRED&limit=500", 500, "receivedAt",
                    false).stream().map(Pages.Item::id).toList();
            assertTrue(expired.contains(p.proposalId()), "among the expired proposals");
            // nothing was written meanwhile: the job still has it to do
            try (PreparedStatement ps = held.prepareStatement("select status from proposal where id = ?")) {
                ps.setString(1, p.proposalId());
                try (var rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("PENDING_APPROVAL", rs.getString(1));
                }
            }
            held.rollback();
        }
        String before = given().auth().oauth2(fay).get(url).then().extract().asString();
        proposals.expireDue(Instant.now()); // what the job does every minute (perhaps it just did)
        JsonNode event = decisionEvent(p.proposalId(), "EXPIRED");
        assertEquals("policy", event.get("decidedBy").asText());
        io.restassured.path.json.JsonPath shown = given().auth().oauth2(fay).get(url).then().extract().jsonPath();
        io.restassured.path.json.JsonPath earlier = new io.restassured.path.json.JsonPath(before);
        for (String field : List.of("status", "decidedBy", "reason", "decidedAt")) {
            assertEquals(earlier.getString(field), shown.getString(field), field + " once the job wrote it");
        }
    }

    @Test
    void aProposalIsNotApprovedWhileItsAgentIsSuspended() {
        String agent = agent(true);
        BudgetProposal p = proposal(agent, "conv-" + UUID.randomUUID(), 400_000, 1_000_000, 1.8, 1.9);
        send(p);
        awaitStatus(p.proposalId(), "PENDING_APPROVAL");
        String reviewer = token("rita", "reviewer");
        given().auth().oauth2(reviewer).contentType(ContentType.JSON).body("{\"action\":\"SUSPEND\"}")
                .post("/api/v1/agents/" + agent + "/status-changes").then().statusCode(200);
        String approve = "{\"decision\":\"APPROVE\"}";
        given().auth().oauth2(token("erin", "finance-approver")).contentType(ContentType.JSON).body(approve)
                .post("/api/v1/proposals/" + p.proposalId() + "/decisions").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("agent " + agent))
                .body("detail", containsString("SUSPENDED"));
        awaitStatus(p.proposalId(), "PENDING_APPROVAL");
        given().auth().oauth2(reviewer).contentType(ContentType.JSON).body("{\"action\":\"REACTIVATE\"}")
                .post("/api/v1/agents/" + agent + "/status-changes").then().statusCode(200);
        given().auth().oauth2(token("erin", "finance-approver")).contentType(ContentType.JSON).body(approve)
                .post("/api/v1/proposals/" + p.proposalId() + "/decisions").then().statusCode(200)
                .body("status", equalTo("APPROVED"));
    }

    @Test
    void aProposalThatLowersTheReturnWaitsEvenWhenSmall() {
        BudgetProposal p = proposal(agent(true), "conv-" + UUID.randomUUID(), 1_000, 200_000, 1.9, 1.7);
        send(p);
        awaitStatus(p.proposalId(), "PENDING_APPROVAL");
        given().auth().oauth2(token("fay", "finance-approver")).get("/api/v1/proposals/" + p.proposalId())
                .then().body("reason", containsString("return falls"));
    }

    static BudgetProposal inCurrency(BudgetProposal p, String currency) {
        return new BudgetProposal(p.proposalId(), p.conversationId(), p.brand(), p.market(), p.period(), currency,
                p.proposedBy(), p.requestedBy(), p.startedBy(), p.moves(), p.totalAmount(), p.projectedGain(),
                p.projectedGainLow(), p.projectedGainHigh(), p.currentProjectedReturn(), p.newProjectedReturn(),
                p.rationale(), p.correlationId(), p.causationId(), p.occurredAt());
    }

    @Test
    void aProposalInAnotherCurrencyThanThePolicyWaitsForAPersonHoweverSmall() {
        String agent = agent(true);
        String fay = token("fay", "finance-approver");
        given().auth().oauth2(fay).get("/api/v1/policies/budget").then().statusCode(200)
                .body("currency", equalTo("EUR"));
        // 10,000 of a 200,000 line (a line of its own), the return rises: within every automatic limit, but in pounds
        BudgetProposal pounds = inCurrency(moveOutOf(agent, "print-" + UUID.randomUUID(), 10_000, 200_000), "GBP");
        BudgetProposal euros = moveOutOf(agent, "print-" + UUID.randomUUID(), 10_000, 200_000);
        BudgetProposal older = inCurrency(moveOutOf(agent, "print-" + UUID.randomUUID(), 10_000, 200_000), null);
        send(pounds);
        send(euros);
        send(older);
        awaitStatus(pounds.proposalId(), "PENDING_APPROVAL");
        given().auth().oauth2(fay).get("/api/v1/proposals/" + pounds.proposalId()).then().statusCode(200)
                .body("currency", equalTo("GBP")).body("expiresAt", org.hamcrest.Matchers.notNullValue())
                .body("reason", equalTo("the proposal's amounts are in GBP; the automatic limits are in EUR: a person"
                        + " decides"));
        given().auth().oauth2(fay).queryParam("status", "PENDING_APPROVAL").queryParam("limit", 500)
                .get("/api/v1/proposals").then().statusCode(200).body("id", hasItem(pounds.proposalId()));
        // the same in the policy's currency, or from an agent that names none (the policy's), is approved by policy
        awaitStatus(euros.proposalId(), "APPROVED");
        awaitStatus(older.proposalId(), "APPROVED");
        given().auth().oauth2(fay).get("/api/v1/proposals/" + euros.proposalId()).then()
                .body("currency", equalTo("EUR")).body("decidedBy", equalTo("policy"));
        given().auth().oauth2(fay).get("/api/v1/proposals/" + older.proposalId()).then()
                .body("currency", org.hamcrest.Matchers.nullValue()).body("decidedBy", equalTo("policy"));
        // a finance approver decides the one in pounds
        given().auth().oauth2(token("erin", "finance-approver")).contentType(ContentType.JSON)
                .body("{\"decision\":\"APPROVE\"}").post("/api/v1/proposals/" + pounds.proposalId() + "/decisions")
                .then().statusCode(200).body("status", equalTo("APPROVED")).body("decidedBy", equalTo("erin"))
                .body("currency", equalTo("GBP"));
        assertEquals("MANUAL", decisionEvent(pounds.proposalId(), "APPROVED").get("policy").asText());
    }

    @Test
    void thePolicyLimitsAreInAnIsoCurrencyEuroUnlessGiven() {
        String ada = token("ada", "admin");
        String body = "{\"maxAutoAmount\":50000,\"maxShareOfLine\":0.2,\"pendingTtlSeconds\":172800%s}";
        given().auth().oauth2(ada).contentType(ContentType.JSON).body(String.format(body, ",\"currency\":\"EUR\""))
                .put("/api/v1/policies/budget").then().statusCode(200).body("currency", equalTo("EUR"));
        given().auth().oauth2(ada).contentType(ContentType.JSON).body(String.format(body, ""))
                .put("/api/v1/policies/budget").then().statusCode(200).body("currency", equalTo("EUR"));
        long version = given().auth().oauth2(ada).get("/api/v1/policies/budget").then().statusCode(200)
                .body("currency", equalTo("EUR")).extract().jsonPath().getLong("version");
        try {
            for (String invalid : List.of("eur", "EURO", "XYZ", "", "E1R")) {
                given().auth().oauth2(ada).contentType(ContentType.JSON)
                        .body(String.format(body, ",\"currency\":\"" + invalid + "\""))
                        .put("/api/v1/policies/budget").then().statusCode(400).contentType("application/problem+json")
                        .body("errors.field", hasItem("currency"));
            }
        } finally { // a policy in a currency no proposal is in would leave every later proposal to a person
            if (!"EUR".equals(given().auth().oauth2(ada).get("/api/v1/policies/budget").then().extract()
                    .path("currency"))) {
                given().auth().oauth2(ada).contentType(ContentType.JSON).body(String.format(body, ""))
                        .put("/api/v1/policies/budget").then().statusCode(200);
            }
        }
        given().auth().oauth2(ada).get("/api/v1/policies/budget").then().statusCode(200)
                .body("version", equalTo((int) version)).body("currency", equalTo("EUR"));
    }

    @Test
    void aProposalOfAnInactiveAgentIsRefused() {
        BudgetProposal p = proposal(agent(false), "conv-" + UUID.randomUUID(), 1_000, 200_000, 1.8, 1.9);
        send(p);
        awaitStatus(p.proposalId(), "REJECTED");
        given().auth().oauth2(token("fay", "finance-approver")).get("/api/v1/proposals/" + p.proposalId())
                .then().body("reason", containsString("PENDING_REVIEW")).body("decidedBy", equalTo("policy"));
        assertEquals("policy", decisionEvent(p.proposalId(), "REJECTED").get("decidedBy").asText());
    }

    @Test
    void aPendingProposalExpiresAfterThePolicyLifetimeAndARedeliveryChangesNothing() {
        BudgetProposal p = proposal(agent(true), "conv-" + UUID.randomUUID(), 400_000, 1_000_000, 1.8, 1.9);
        send(p);
        send(p); // the same proposal again (a new event id): still one proposal
        awaitStatus(p.proposalId(), "PENDING_APPROVAL");
        long ttl = given().auth().oauth2(token("fay", "finance-approver")).get("/api/v1/policies/budget")
                .then().statusCode(200).extract().jsonPath().getLong("pendingTtlSeconds");
        assertTrue(proposals.expireDue(Instant.now().plusSeconds(ttl + 1)) >= 1);
        awaitStatus(p.proposalId(), "EXPIRED");
        assertEquals("policy", decisionEvent(p.proposalId(), "EXPIRED").get("decidedBy").asText());
    }

    @Test
    void onlyAnAdminChangesThePolicyAndEveryChangeIsANewVersion() {
        String body = "{\"maxAutoAmount\":50000,\"maxShareOfLine\":0.2,\"requireNonNegativeGain\":true,"
                + "\"pendingTtlSeconds\":172800}";
        given().auth().oauth2(token("fay", "finance-approver")).contentType(ContentType.JSON).body(body)
                .put("/api/v1/policies/budget").then().statusCode(403);
        long before = given().auth().oauth2(token("ada", "admin")).get("/api/v1/policies/budget").then()
                .extract().jsonPath().getLong("version");
        given().auth().oauth2(token("ada", "admin")).contentType(ContentType.JSON).body(body)
                .put("/api/v1/policies/budget").then().statusCode(200).body("version", equalTo((int) before + 1))
                .body("updatedBy", equalTo("ada"));
        given().auth().oauth2(token("ada", "admin")).contentType(ContentType.JSON)
                .body("{\"maxAutoAmount\":-1,\"maxShareOfLine\":2,\"pendingTtlSeconds\":172800}")
                .put("/api/v1/policies/budget").then().statusCode(400).body("errors.field", hasItem("maxShareOfLine"));
    }
}
