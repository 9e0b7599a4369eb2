package dev.compass.governance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.contracts.EventType;
import dev.compass.contracts.Topics;
import dev.compass.contracts.events.AgentMessage;
import dev.compass.contracts.events.AnswerEvent;
import dev.compass.contracts.events.GovernanceDecision;
import dev.compass.contracts.events.UsageEvent;
import dev.compass.localstack.LocalPostgres;
import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.Management;
import dev.compass.localstack.OpenApiConformance;
import dev.compass.localstack.TestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Use-case registry with duplicates, lifecycle and sandboxes; dialogue conformance; adoption. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
class RegistryAndConformanceTest {
    static String token(String subject, String... roles) {
        return TestStack.token(subject, List.of(roles), List.of());
    }

    static String idea(String title, String problem) {
        return """
                {"title":"%s","problem":"%s","expectedValue":"time saved","dataSources":["crm"],"owner":"olaf",
                 "businessUnit":"Oncology","category":"SNACKABLE","sourcing":"BUILD"}""".formatted(title, problem);
    }

    @Test
    void aTranslatedIdeaIsFlaggedAsADuplicateAndANearMissIsNot() {
        String unique = UUID.randomUUID().toString().substring(0, 6);
        String first = given().auth().oauth2(token("olaf", "employee")).contentType(ContentType.JSON)
                .body(idea("Predict stock-outs at wholesalers " + unique, "Pharmacies report product shortages because"
                        + " wholesalers run out of stock; predict stock-outs at wholesalers from inventory and order data."))
                .post("/api/v1/use-cases").then().statusCode(201).body("status", equalTo("SUBMITTED"))
                .extract().path("id");
        given().auth().oauth2(token("olaf", "employee")).contentType(ContentType.JSON)
                .body(idea("Prévoir les ruptures de stock chez les grossistes " + unique, "Les pharmacies signalent des"
                        + " pénuries car les grossistes sont en rupture de stock; prévoir les ruptures de stock chez les"
                        + " grossistes à partir des données de stocks et de commandes."))
                .post("/api/v1/use-cases").then().statusCode(201).body("possibleDuplicateOf", equalTo(first))
                .body("similar.id", hasItem(first));
        given().auth().oauth2(token("olaf", "employee")).contentType(ContentType.JSON)
                .body(idea("Cold-chain temperature excursion alerts " + unique, "Temperature excursions during transport"
                        + " destroy vaccine shipments; alert logistics in real time when a shipment leaves its range."))
                .post("/api/v1/use-cases").then().statusCode(201).body("possibleDuplicateOf", equalTo(null));
        given().auth().oauth2(token("olaf", "employee")).contentType(ContentType.JSON).body("{\"title\":\"\"}")
                .post("/api/v1/use-cases").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("category"));
    }

    @Test
    void useCasesAreListedInPagesOldestFirst() {
        String unique = "paging" + UUID.randomUUID().toString().substring(0, 6);
        List<String> mine = new ArrayList<>();
        String[] topics = {"forecast field-force visits", "translate leaflets for patients", "summarise payer dossiers"};
        for (String topic : topics) {
            mine.add(given().auth().oauth2(token("olaf", "employee")).contentType(ContentType.JSON)
                    .body(idea(topic + " " + unique, "An idea to " + topic + " (" + unique + ")"))
                    .post("/api/v1/use-cases").then().statusCode(201).extract().path("id"));
        }
        List<String> found = Pages.walk(token("olaf", "employee"), "/api/v1/use-cases?q=" + unique + "&limit=2", 2,
                "createdAt", false).stream().map(Pages.Item::id).toList();
        assertEquals(mine, found, "the three ideas matching q, in submission order, over two pages");
        List<Pages.Item> all = Pages.walk(token("olaf", "employee"), "/api/v1/use-cases?limit=3", 3, "createdAt", false);
        assertTrue(all.stream().map(Pages.Item::id).toList().containsAll(mine));
    }

    @Test
    void agentsAreListedInPagesOldestFirstAHundredByDefault() throws Exception {
        String employee = token("olaf", "employee");
        String unique = UUID.randomUUID().toString().substring(0, 6);
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = "paged-" + unique + "-" + i;
            given().auth().oauth2(token("bob", "employee")).contentType(ContentType.JSON)
                    .body(GovernancePlatformTest.agentJson(id, "bob")).post("/api/v1/agents").then().statusCode(201);
            mine.add(id);
        }
        // pages of 2 by the Link headers: every agent once, in registration order, ours among them in our order
        List<Pages.Item> all = Pages.walk(employee, "/api/v1/agents?limit=2", 2, "firstRegisteredAt", false);
        List<String> ids = all.stream().map(Pages.Item::id).toList();
        assertEquals(mine, ids.stream().filter(mine::contains).toList(), "the agents in registration order");
        // more than a default page of agents (the rest registered straight in the database, to be quick): the first
        // answer holds 100 and links to the rest
        int registered = ids.size();
        try (Connection c = DriverManager.getConnection(TestStack.jdbcUrl("governance"), LocalPostgres.USER,
                LocalPostgres.PASSWORD); java.sql.PreparedStatement ps = c.prepareStatement("""
                        insert into agent (id, name, owner, purpose, tools, data_scopes, risk_tier, status, created_by,
                                           created_at, first_registered_at, updated_at)
                        select 'bulk-' || ? || '-' || i, 'Bulk agent', 'bob', 'paging', '{}', '{}', 'MINIMAL',
                               'PENDING_REVIEW', 'bob', clock_timestamp() + i * interval '1 millisecond',
                               clock_timestamp() + i * interval '1 millisecond', now()
                        from generate_series(1, ?) i""")) {
            ps.setString(1, unique);
            ps.setInt(2, Math.max(0, 101 - registered));
            ps.executeUpdate();
        }
        io.restassured.response.Response first = given().auth().oauth2(employee).get("/api/v1/agents");
        first.then().statusCode(200).body("$", hasSize(100));
        String link = first.header("Link");
        assertTrue(link != null && link.endsWith("; rel=\"next\"") && link.contains("cursor=")
                && link.contains("limit=100"), "a link to the next page: " + link);
        List<Pages.Item> walked = Pages.walk(employee, "/api/v1/agents", 100, "firstRegisteredAt", false);
        assertEquals(Math.max(registered, 101), walked.size());
        assertEquals(ids, walked.stream().map(Pages.Item::id).limit(ids.size()).toList(),
                "agents registered later come after the ones listed before");
        given().auth().oauth2(employee).queryParam("limit", 501).get("/api/v1/agents").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("limit"));
        given().auth().oauth2(employee).queryParam("cursor", "bm90LW91cnM").get("/api/v1/agents").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("cursor"));
    }

    @Test
    void theTextQueryFindsPercentAndUnderscoreAsThemselves() {
        String unique = "lit" + UUID.randomUUID().toString().substring(0, 6);
        String percent = given().auth().oauth2(token("olaf", "employee")).contentType(ContentType.JSON)
                .body(idea("Rebates of 50% " + unique, "Model the rebates (" + unique + ")")).post("/api/v1/use-cases")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(token("olaf", "employee")).contentType(ContentType.JSON)
                .body(idea("Rebates of 50x " + unique, "Model the rebates (" + unique + ")")).post("/api/v1/use-cases")
                .then().statusCode(201);
        String employee = token("olaf", "employee");
        assertEquals(List.of(percent), given().auth().oauth2(employee).queryParam("q", "50% " + unique)
                .get("/api/v1/use-cases").then().statusCode(200).extract().jsonPath().getList("id"));
        assertEquals(List.of(), given().auth().oauth2(employee).queryParam("q", "50_ " + unique)
                .get("/api/v1/use-cases").then().statusCode(200).extract().jsonPath().getList("id"));
        assertEquals(List.of(), given().auth().oauth2(employee).queryParam("q", "%" + unique + "%x")
                .get("/api/v1/use-cases").then().statusCode(200).extract().jsonPath().getList("id"));
    }

    @Test
    void onlyReviewersMoveIdeasThroughReviewTheHistoryIsKeptAndSandboxesExpire() throws Exception {
        String id = given().auth().oauth2(token("olaf", "employee")).contentType(ContentType.JSON)
                .body(idea("Sandbox lifecycle " + UUID.randomUUID(), "A test idea for the lifecycle"))
                .post("/api/v1/use-cases").then().statusCode(201).extract().path("id");
        given().auth().oauth2(token("olaf", "employee")).contentType(ContentType.JSON).body("{\"to\":\"IN_REVIEW\"}")
                .post("/api/v1/use-cases/" + id + "/transitions").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(token("rita", "reviewer")).contentType(ContentType.JSON).body("{\"to\":\"PRODUCTION\"}")
                .post("/api/v1/use-cases/" + id + "/transitions").then().statusCode(409);
        given().auth().oauth2(token("rita", "reviewer")).contentType(ContentType.JSON)
                .body("{\"to\":\"IN_REVIEW\",\"comment\":\"looking\"}").post("/api/v1/use-cases/" + id + "/transitions")
                .then().statusCode(200);
        given().auth().oauth2(token("rita", "reviewer")).contentType(ContentType.JSON)
                .body("{\"to\":\"SANDBOX\",\"comment\":\"try it\"}").post("/api/v1/use-cases/" + id + "/transitions")
                .then().statusCode(200).body("status", equalTo("SANDBOX")).body("history", hasSize(3))
                .body("history[2].actor", equalTo("rita")).body("history[2].comment", equalTo("try it"));
        given().auth().oauth2(token("rita", "reviewer")).queryParam("status", "SANDBOX").get("/api/v1/use-cases")
                .then().statusCode(200).body("id", hasItem(id));

        var sandbox = given().auth().oauth2(token("olaf", "employee")).contentType(ContentType.JSON)
                .body("{\"days\":7,\"maxQueriesPerDay\":100}").post("/api/v1/use-cases/" + id + "/sandboxes")
                .then().statusCode(201).body("token", notNullValue()).extract().jsonPath();
        String sandboxId = sandbox.getString("id");
        String credential = sandbox.getString("token");
        given().auth().oauth2(token("svc", "analyst")).contentType(ContentType.JSON)
                .body("{\"token\":\"" + credential + "\"}").post("/api/v1/sandboxes/check").then().statusCode(200)
                .body("sandboxId", equalTo(sandboxId)).body("scopes", hasItem("sandbox:" + sandboxId));
        given().auth().oauth2(token("olaf", "employee")).get("/api/v1/sandboxes/" + sandboxId).then()
                .statusCode(200).body("status", equalTo("ACTIVE")).body("token", equalTo(null));
        try (Connection c = DriverManager.getConnection(TestStack.jdbcUrl("governance"), LocalPostgres.USER,
                LocalPostgres.PASSWORD)) {
            var rs = c.createStatement().executeQuery("select count(*) from sandbox where token_hash like '%"
                    + credential.substring(credential.length() - 12) + "%'");
            rs.next();
            assertTrue(rs.getLong(1) == 0, "the credential itself is not stored");
            c.createStatement().executeUpdate("update sandbox set expires_at = now() - interval '1 minute' where id = '"
                    + sandboxId + "'");
        }
        given().auth().oauth2(token("svc", "analyst")).contentType(ContentType.JSON)
                .body("{\"token\":\"" + credential + "\"}").post("/api/v1/sandboxes/check").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(token("olaf", "employee")).get("/api/v1/sandboxes/" + sandboxId).then()
                .body("status", equalTo("EXPIRED"));

        KafkaCompanion kafka = new KafkaCompanion(TestStack.kafkaBootstrapServers());
        var task = kafka.consumeStrings().fromTopics(Topics.USE_CASES);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> task.getRecords().stream()
                .filter(r -> id.equals(r.key())).map(r -> r.value()).anyMatch(v -> v.contains("SANDBOX_PROVISIONED")));
        task.close();
    }

    static String sandboxedIdea(String title) {
        String id = given().auth().oauth2(token("olaf", "employee")).contentType(ContentType.JSON)
                .body(idea(title + " " + UUID.randomUUID(), "A test idea for " + title)).post("/api/v1/use-cases")
                .then().statusCode(201).extract().path("id");
        for (String to : List.of("IN_REVIEW", "SANDBOX")) {
            given().auth().oauth2(token("rita", "reviewer")).contentType(ContentType.JSON).body("{\"to\":\"" + to + "\"}")
                    .post("/api/v1/use-cases/" + id + "/transitions").then().statusCode(200);
        }
        return id;
    }

    static String check(String credential, int status) {
        return given().auth().oauth2(token("svc", "analyst")).contentType(ContentType.JSON)
                .body("{\"token\":\"" + credential + "\"}").post("/api/v1/sandboxes/check").then().statusCode(status)
                .extract().asString();
    }

    @Test
    void aSandboxStopsWorkingWhenItsUseCaseIsRetiredRejectedOrMerged() throws Exception {
        String id = sandboxedIdea("Sandbox revocation");
        var sandbox = given().auth().oauth2(token("olaf", "employee")).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/use-cases/" + id + "/sandboxes").then().statusCode(201).extract().jsonPath();
        check(sandbox.getString("token"), 200);
        given().auth().oauth2(token("rita", "reviewer")).contentType(ContentType.JSON).body("{\"to\":\"RETIRED\"}")
                .post("/api/v1/use-cases/" + id + "/transitions").then().statusCode(200);
        assertTrue(check(sandbox.getString("token"), 403).contains("revoked"));
        given().auth().oauth2(token("olaf", "employee")).get("/api/v1/sandboxes/" + sandbox.getString("id")).then()
                .statusCode(200).body("status", equalTo("REVOKED")).body("revokedAt", notNullValue());

        // a sandbox of a use case closed before revocation existed is refused as well
        String old = sandboxedIdea("Sandbox closed before revocation");
        String credential = given().auth().oauth2(token("olaf", "employee")).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/use-cases/" + old + "/sandboxes").then().statusCode(201).extract().path("token");
        try (Connection c = DriverManager.getConnection(TestStack.jdbcUrl("governance"), LocalPostgres.USER,
                LocalPostgres.PASSWORD)) {
            c.createStatement().executeUpdate("update use_case set status = 'REJECTED' where id = '" + old + "'");
        }
        assertTrue(check(credential, 403).contains("use case " + old + " is REJECTED"));
    }

    @Test
    void aMergeNamesAnOpenUseCaseAndOnlyAMergeNamesOne() {
        String employee = token("olaf", "employee");
        String reviewer = token("rita", "reviewer");
        String open = given().auth().oauth2(employee).contentType(ContentType.JSON)
                .body(idea("Merge target " + UUID.randomUUID(), "An open idea")).post("/api/v1/use-cases").then()
                .statusCode(201).extract().path("id");
        String retired = given().auth().oauth2(employee).contentType(ContentType.JSON)
                .body(idea("Retired target " + UUID.randomUUID(), "A retired idea")).post("/api/v1/use-cases").then()
                .statusCode(201).extract().path("id");
        given().auth().oauth2(reviewer).contentType(ContentType.JSON).body("{\"to\":\"RETIRED\"}")
                .post("/api/v1/use-cases/" + retired + "/transitions").then().statusCode(200);
        String id = given().auth().oauth2(employee).contentType(ContentType.JSON)
                .body(idea("Merged idea " + UUID.randomUUID(), "An idea to merge")).post("/api/v1/use-cases").then()
                .statusCode(201).extract().path("id");
        given().auth().oauth2(reviewer).contentType(ContentType.JSON)
                .body("{\"to\":\"IN_REVIEW\",\"mergedInto\":\"" + open + "\"}")
                .post("/api/v1/use-cases/" + id + "/transitions").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("mergedInto"));
        given().auth().oauth2(reviewer).contentType(ContentType.JSON)
                .body("{\"to\":\"MERGED\",\"mergedInto\":\"" + id + "\"}")
                .post("/api/v1/use-cases/" + id + "/transitions").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("mergedInto: a use case cannot be merged into itself; name another one"));
        given().auth().oauth2(reviewer).contentType(ContentType.JSON)
                .body("{\"to\":\"MERGED\",\"mergedInto\":\"" + retired + "\"}")
                .post("/api/v1/use-cases/" + id + "/transitions").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("RETIRED"));
        given().auth().oauth2(reviewer).contentType(ContentType.JSON)
                .body("{\"to\":\"MERGED\",\"mergedInto\":\"" + open + "\"}")
                .post("/api/v1/use-cases/" + id + "/transitions").then().statusCode(200)
                .body("status", equalTo("MERGED")).body("mergedInto", equalTo(open));
    }

    static void activeAgent(String id) {
        given().auth().oauth2(token("bob", "employee")).contentType(ContentType.JSON)
                .body(GovernancePlatformTest.agentJson(id, "bob")).post("/api/v1/agents");
        given().auth().oauth2(token("rita", "reviewer")).contentType(ContentType.JSON).body("{\"action\":\"ACTIVATE\"}")
                .post("/api/v1/agents/" + id + "/status-changes");
        given().auth().oauth2(token("rita", "reviewer")).get("/api/v1/agents/" + id).then()
                .body("status", equalTo("ACTIVE"));
    }

    static AgentMessage message(String conversation, String id, String causation, String from, String to) {
        return new AgentMessage(id, conversation, "corr-" + conversation, causation, from, to, "REQUEST", "submitted",
                "please fund", null, new AgentMessage.Provenance("deterministic", null, null, null), Instant.now());
    }

    @Test
    void requestsTheApiCannotServeAreProblemsThatSayWhy() {
        String employee = token("olaf", "employee");
        given().auth().oauth2(employee).contentType(ContentType.JSON).body("{}").put("/api/v1/use-cases").then()
                .statusCode(405).contentType("application/problem+json").header("Allow", "GET, HEAD, POST")
                .body("detail", equalTo("PUT is not an operation of /api/v1/use-cases; it has GET, HEAD, POST"));
        given().auth().oauth2(employee).delete("/api/v1/use-cases/some-id").then().statusCode(405)
                .header("Allow", "GET, HEAD");
        given().auth().oauth2(employee).accept("application/xml").get("/api/v1/use-cases").then()
                .statusCode(406).contentType("application/problem+json")
                .body("detail", containsString("Accept header (application/xml)"));
        given().auth().oauth2(employee).contentType("text/plain").body("an idea").post("/api/v1/use-cases").then()
                .statusCode(415).contentType("application/problem+json")
                .body("detail", containsString("Content-Type text/plain is not accepted"));
        // a misspelt filter is refused, not ignored: the caller would take the whole list for the filtered one
        given().auth().oauth2(employee).get("/api/v1/use-cases?stauts=SUBMITTED").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("stauts"))
                .body("detail", equalTo("unknown query parameter stauts; it takes cursor, limit, q, status"));
        // a parameter given twice is refused, not read as its first value
        given().auth().oauth2(employee).get("/api/v1/use-cases?limit=5&limit=500").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("limit"))
                .body("detail", equalTo("limit: given 2 times; it takes one value"));
        // a parameter of the wrong type is the caller's error, not a missing resource
        given().auth().oauth2(employee).get("/api/v1/use-cases?limit=ten").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("limit")).body("detail", equalTo("limit: not a valid number: ten"));
        given().auth().oauth2(token("rita", "reviewer")).get("/api/v1/audit?subject=x&afterSeq=1e3x").then()
                .statusCode(400).body("errors.field", hasItem("afterSeq"));
        given().auth().oauth2(employee).get("/api/v1/no-such-thing").then()
                .statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("no resource at /api/v1/no-such-thing"));
    }

    @Test
    void dialogueViolationsArePublishedAndCounted() {
        activeAgent("commercial-agent");
        activeAgent("finance-agent");
        String conv = "conv-" + UUID.randomUUID();
        KafkaCompanion kafka = new KafkaCompanion(TestStack.kafkaBootstrapServers());
        var violations = kafka.consumeStrings().fromTopics(Topics.VIOLATIONS);
        kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(
                TestEvents.event(EventType.AGENT_MESSAGE, conv, message(conv, "m1", null, "commercial-agent", "finance-agent"), "c", null).record(),
                TestEvents.event(EventType.AGENT_MESSAGE, conv, message(conv, "m2", "m1", "finance-agent", "commercial-agent"), "c", null).record(),
                TestEvents.event(EventType.AGENT_MESSAGE, conv, message(conv, "m3", "nope", "finance-agent", "commercial-agent"), "c", null).record(),
                TestEvents.event(EventType.AGENT_MESSAGE, conv, message(conv, "m4", "m2", "commercial-agent", "ghost-agent"), "c", null).record(),
                TestEvents.raw(EventType.AGENT_MESSAGE, conv, ("{\"messageId\":\"m5\",\"conversationId\":\"" + conv
                        + "\",\"causationId\":\"m2\",\"from\":\"commercial-agent\",\"to\":\"finance-agent\"}")
                        .getBytes(StandardCharsets.UTF_8), "c", null).record(),
                // a NUL no database column stores, escaped in a string: a schema violation, not a stored message
                TestEvents.raw(EventType.AGENT_MESSAGE, conv, ("{\"messageId\":\"m6\",\"conversationId\":\"" + conv
                        + "\",\"causationId\":\"m2\",\"from\":\"commercial-agent\",\"to\":\"finance-agent\","
                        + "\"performative\":\"INFORM\",\"text\":\"a\\u0000b\"}").getBytes(StandardCharsets.UTF_8), "c", null)
                        .record()).awaitCompletion();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> mine = violations.getRecords().stream().map(r -> r.value()).filter(v -> v.contains(conv)).toList();
            assertTrue(mine.stream().anyMatch(v -> v.contains("SCHEMA") && v.contains("payload contains a NUL"
                    + " character")), mine.toString());
            assertTrue(mine.stream().anyMatch(v -> v.contains("BROKEN_CAUSATION") && v.contains("\"m3\"")), mine.toString());
            assertTrue(mine.stream().anyMatch(v -> v.contains("UNKNOWN_AGENT") && v.contains("\"m4\"")), mine.toString());
            assertTrue(mine.stream().anyMatch(v -> v.contains("DISALLOWED_PAIR") && v.contains("\"m4\"")), mine.toString());
            assertTrue(mine.stream().anyMatch(v -> v.contains("SCHEMA") && v.contains("\"m5\"")), mine.toString());
            assertTrue(mine.stream().noneMatch(v -> v.contains("\"m1\"") || v.contains("\"m2\"")), mine.toString());
        });
        violations.close();
        Management.given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("compass_governance_violations_total{kind=\"SCHEMA\""));
    }

    @Test
    void aConversationCausedByAnAnswerAndADecisionIsInOrderAndAnUnknownCauseIsStillFlagged() throws Exception {
        activeAgent("commercial-agent");
        activeAgent("finance-agent");
        String conv = "conv-" + UUID.randomUUID();
        String corr = "corr-" + conv;
        String answerId = UUID.randomUUID().toString();
        String decisionId = UUID.randomUUID().toString();
        KafkaCompanion kafka = new KafkaCompanion(TestStack.kafkaBootstrapServers());
        var violations = kafka.consumeStrings().fromTopics(Topics.VIOLATIONS);
        // as in the demo: the insight answer comes first, the REQUEST follows it
        kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(TestEvents.event(EventType.ANSWER, conv,
                new AnswerEvent(answerId, "q-1", conv, "TV works", List.of(), 0.8, true, "extractive", corr, "q-1",
                        Instant.now()), corr, "q-1").record()).awaitCompletion();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth()
                .oauth2(token("olga", "ops")).queryParam("conversationId", conv).get("/api/v1/audit").then()
                .body("eventType", hasItem(EventType.ANSWER.ceType())));
        String m1 = "m1-" + conv, m2 = "m2-" + conv, m3 = "m3-" + conv, m4 = "m4-" + conv, m5 = "m5-" + conv;
        kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(
                TestEvents.event(EventType.AGENT_MESSAGE, conv, message(conv, m1, answerId, "commercial-agent", "finance-agent"), corr, answerId).record(),
                TestEvents.event(EventType.AGENT_MESSAGE, conv, message(conv, m2, m1, "finance-agent", "commercial-agent"), corr, m1).record(),
                TestEvents.event(EventType.AGENT_MESSAGE, conv, message(conv, m3, m2, "commercial-agent", "finance-agent"), corr, m2).record(),
                // the INFORM of the decision reaches conformance before the audit trail records the decision
                TestEvents.event(EventType.AGENT_MESSAGE, conv, message(conv, m4, decisionId, "finance-agent", "commercial-agent"), corr, decisionId).record(),
                TestEvents.event(EventType.AGENT_MESSAGE, conv, message(conv, m5, "no-such-cause", "finance-agent", "commercial-agent"), corr, "no-such-cause").record())
                .awaitCompletion();
        Thread.sleep(500);
        kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(TestEvents.event(EventType.DECISION, "p-" + conv,
                new GovernanceDecision(decisionId, "p-" + conv, conv, "APPROVED", "erin", "MANUAL", "ok", corr, null,
                        Instant.now()), corr, null).record()).awaitCompletion();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(violations.getRecords()
                .stream().anyMatch(r -> r.value().contains("BROKEN_CAUSATION") && r.value().contains(m5))));
        violations.close();
        try (Connection c = DriverManager.getConnection(TestStack.jdbcUrl("governance"), LocalPostgres.USER,
                LocalPostgres.PASSWORD); var ps = c.prepareStatement(
                "select subject_id || ' ' || kind from violation where conversation_id = ?")) {
            ps.setString(1, conv);
            List<String> found = new ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            assertEquals(List.of(m5 + " BROKEN_CAUSATION"), found);
        }
    }

    @Test
    void adoptionCountsDailyActiveUsersByRole() {
        String day = "2031-0" + (1 + (int) (Math.random() * 8)) + "-1" + (int) (Math.random() * 9);
        Instant at = LocalDate.parse(day).atTime(10, 0).toInstant(ZoneOffset.UTC);
        KafkaCompanion kafka = new KafkaCompanion(TestStack.kafkaBootstrapServers());
        TestEvents.Sent twice = TestEvents.event(EventType.USAGE, "ann", new UsageEvent(UUID.randomUUID().toString(),
                "ann", List.of("employee"), "CONVERSATION_STARTED", "agent-service", "c1", at), "c1", null);
        kafka.produce(Serdes.String(), Serdes.ByteArray()).fromRecords(twice.record(), twice.record(),
                TestEvents.event(EventType.USAGE, "ann", new UsageEvent(UUID.randomUUID().toString(), "ann",
                        List.of("employee"), "ANSWER_ASKED", "insight-service", "c2", at), "c2", null).record(),
                TestEvents.event(EventType.USAGE, "ben", new UsageEvent(UUID.randomUUID().toString(), "ben",
                        List.of("employee", "analyst"), "ANSWER_ASKED", "insight-service", "c3", at), "c3", null).record())
                .awaitCompletion();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(token("rita", "reviewer")).queryParam("from", day).queryParam("to", day)
                        .queryParam("groupBy", "role").get("/api/v1/adoption").then().statusCode(200)
                        .body("days.find { it.group == 'employee' }.activeUsers", equalTo(2))
                        .body("days.find { it.group == 'employee' }.actions", equalTo(3))
                        .body("days.find { it.group == 'analyst' }.activeUsers", equalTo(1)));
        given().auth().oauth2(token("rita", "reviewer")).queryParam("groupBy", "shoeSize").get("/api/v1/adoption")
                .then().statusCode(400).contentType("application/problem+json");
        // a date PostgreSQL cannot hold, and an empty groupBy, are the caller's errors, not a 500 or the default
        given().auth().oauth2(token("rita", "reviewer")).queryParam("to", "+999999999-12-31").get("/api/v1/adoption")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("to"));
        given().auth().oauth2(token("rita", "reviewer")).queryParam("from", "-0001-01-01").get("/api/v1/adoption")
                .then().statusCode(400).body("errors.field", hasItem("from"));
        given().auth().oauth2(token("rita", "reviewer")).get("/api/v1/adoption?groupBy=").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("groupBy"));
        given().auth().oauth2(token("rita", "reviewer")).queryParam("from", "9999-12-01").queryParam("to", "9999-12-31")
                .get("/api/v1/adoption").then().statusCode(200);
    }

    @Test
    void theCommittedOpenApiDocumentIsTheOneServed() throws Exception {
        OpenApiConformance.assertCommittedDocumentIsCurrent("governance-service");
    }
}
