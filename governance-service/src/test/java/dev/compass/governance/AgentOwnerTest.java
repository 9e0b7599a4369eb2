package dev.compass.governance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.TestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An agent registered without an accountable owner is given one by a reviewer (four eyes: whoever named the owner does
 * not activate the agent), and a RETIRED registration may be replaced by a new one with the same id.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
class AgentOwnerTest {
    static String token(String subject, String... roles) {
        return TestStack.token(subject, List.of(roles), List.of());
    }

    static ValidatableResponse change(String agent, String token, String action) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"action\":\"" + action + "\"}")
                .post("/api/v1/agents/" + agent + "/status-changes").then();
    }

    static ValidatableResponse owner(String agent, String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/v1/agents/" + agent + "/owner-changes").then();
    }

    @Test
    void anAgentWithoutAnOwnerIsGivenOneByAReviewerAndAnotherActivatesIt() {
        String id = "ownerless-" + UUID.randomUUID().toString().substring(0, 8);
        String rita = token("rita", "reviewer");
        String nora = token("rev.nora", "reviewer");
        given().auth().oauth2(token("emp", "employee")).contentType(ContentType.JSON)
                .body(GovernancePlatformTest.agentJson(id, null)).post("/api/v1/agents").then().statusCode(201)
                .body("owner", nullValue());
        change(id, rita, "ACTIVATE").statusCode(422).body("detail", containsString("owner-changes"));

        owner(id, token("emp", "employee"), "{\"owner\":\"lena\"}").statusCode(403);
        owner(id, nora, "{\"owner\":\" \"}").statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("owner"));
        owner(id, nora, "{}").statusCode(400).body("errors.field", hasItem("owner"));
        owner(id, nora, "{\"owner\":\"lena\",\"reason\":\"x\",\"ownr\":\"y\"}").statusCode(400)
                .body("errors.field", hasItem("ownr"));
        owner("no-such-agent", nora, "{\"owner\":\"lena\"}").statusCode(404);
        owner(id, nora, "{\"owner\":\"lena\",\"reason\":\"the deployment's agent\"}").statusCode(200)
                .body("owner", equalTo("lena")).body("ownerNamedBy", equalTo("rev.nora"))
                .body("status", equalTo("PENDING_REVIEW"));

        // four eyes: neither the person who named the owner nor the owner activates it
        change(id, nora, "ACTIVATE").statusCode(403).body("detail", containsString("four eyes"))
                .body("detail", containsString("rev.nora named the owner of agent " + id));
        change(id, token("lena", "reviewer"), "ACTIVATE").statusCode(403)
                .body("detail", containsString("lena owns agent " + id));
        change(id, rita, "ACTIVATE").statusCode(200).body("status", equalTo("ACTIVE"));

        // an acting agent's owner is changed while it is suspended, and another reviewer lets it act again
        owner(id, nora, "{\"owner\":\"max\"}").statusCode(409).body("detail", containsString("SUSPEND"));
        change(id, token("lena", "employee", "reviewer"), "SUSPEND").statusCode(200);
        owner(id, rita, "{\"owner\":\"max\",\"reason\":\"lena moved on\"}").statusCode(200)
                .body("owner", equalTo("max")).body("ownerNamedBy", equalTo("rita"))
                .body("status", equalTo("SUSPENDED"));
        change(id, rita, "REACTIVATE").statusCode(403).body("detail", containsString("rita named the owner"));
        change(id, nora, "REACTIVATE").statusCode(200).body("status", equalTo("ACTIVE"));
        change(id, nora, "RETIRE").statusCode(200);
        owner(id, rita, "{\"owner\":\"max\"}").statusCode(409);

        // every change is in the audit trail, with who made it
        String ops = token("olga", "ops");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ops)
                .queryParam("subject", id).get("/api/v1/audit").then().body("$", hasSize(7)));
        var records = given().auth().oauth2(ops).queryParam("subject", id).get("/api/v1/audit").then().extract()
                .jsonPath();
        assertEquals(List.of("emp", "rev.nora", "rita", "lena", "rita", "rev.nora", "rev.nora"),
                records.getList("payload.changedBy"));
        assertEquals("lena", records.getString("[1].payload.owner"));
        assertEquals("the deployment's agent", records.getString("[1].payload.reason"));
    }

    @Test
    void aRetiredRegistrationMayBeReplacedByANewOne() {
        String id = "squatted-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(token("squatter", "employee")).contentType(ContentType.JSON)
                .body(GovernancePlatformTest.agentJson(id, null)).post("/api/v1/agents").then().statusCode(201);
        given().auth().oauth2(token("deployer", "employee")).contentType(ContentType.JSON)
                .body(GovernancePlatformTest.agentJson(id, "bob")).post("/api/v1/agents").then().statusCode(409)
                .body("detail", containsString("RETIRED"));
        change(id, token("rita", "reviewer"), "RETIRE").statusCode(200);
        given().auth().oauth2(token("deployer", "employee")).contentType(ContentType.JSON)
                .body(GovernancePlatformTest.agentJson(id, "bob")).post("/api/v1/agents").then().statusCode(201)
                .header("Location", containsString("/api/v1/agents/" + id)).body("status", equalTo("PENDING_REVIEW"))
                .body("owner", equalTo("bob")).body("createdBy", equalTo("deployer"))
                .body("statusChangedBy", nullValue()).body("statusReason", nullValue());
        given().auth().oauth2(token("squatter", "employee")).contentType(ContentType.JSON)
                .body(GovernancePlatformTest.agentJson(id, null)).post("/api/v1/agents").then().statusCode(409);
        // the replaced registration is a new one: the person who registered it cannot activate it, the first could
        change(id, token("deployer", "reviewer"), "ACTIVATE").statusCode(403);
        change(id, token("squatter", "reviewer"), "ACTIVATE").statusCode(200).body("status", equalTo("ACTIVE"));
        given().auth().oauth2(token("x", "employee")).get("/api/v1/agents/" + id).then()
                .body("createdBy", equalTo("deployer"));
    }

    @Test
    void anIdRegisteredAnewWhileAClientWalksThePagesIsListedOnceInItsPlace() {
        String unique = UUID.randomUUID().toString().substring(0, 6);
        String retired = "walk-" + unique + "-a";
        String employee = token("walker", "employee");
        for (String id : List.of(retired, "walk-" + unique + "-b")) {
            given().auth().oauth2(token("deployer", "employee")).contentType(ContentType.JSON)
                    .body(GovernancePlatformTest.agentJson(id, "bob")).post("/api/v1/agents").then().statusCode(201);
        }
        change(retired, token("rita", "reviewer"), "RETIRE").statusCode(200);
        // a client walks the list until it has seen the retired id; then the id is registered anew
        String next = "/api/v1/agents?limit=1";
        List<String> seen = new java.util.ArrayList<>();
        while (!seen.contains(retired)) {
            io.restassured.response.Response page = given().auth().oauth2(employee).get(next);
            seen.addAll(page.then().statusCode(200).extract().jsonPath().getList("id"));
            String link = page.header("Link");
            next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        }
        String firstRegistered = given().auth().oauth2(employee).get("/api/v1/agents/" + retired).then().extract()
                .path("firstRegisteredAt");
        given().auth().oauth2(token("deployer", "employee")).contentType(ContentType.JSON)
                .body(GovernancePlatformTest.agentJson(retired, "bob")).post("/api/v1/agents").then().statusCode(201)
                .body("firstRegisteredAt", equalTo(firstRegistered));
        while (next != null) {
            io.restassured.response.Response page = given().auth().oauth2(employee).get(next);
            seen.addAll(page.then().statusCode(200).extract().jsonPath().getList("id"));
            String link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        }
        assertEquals(1, seen.stream().filter(retired::equals).count(), "the id registered anew, once: " + seen);
        assertEquals(seen.size(), new java.util.HashSet<>(seen).size(), "no agent twice");
        assertEquals(seen.indexOf(retired) + 1, seen.indexOf("walk-" + unique + "-b"), "in registration order");
    }
}
