package dev.compass.governance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.TestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Four eyes on the agent registry and on the use-case lifecycle: nobody lets their own agent act or moves their own
 * idea a step further, admins included; stopping an agent or closing an idea is never blocked.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
class FourEyesTest {
    static String token(String subject, String... roles) {
        return TestStack.token(subject, List.of(roles), List.of());
    }

    static String register(String by, String owner) {
        String id = "four-eyes-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(token(by, "reviewer")).contentType(ContentType.JSON)
                .body(GovernancePlatformTest.agentJson(id, owner)).post("/api/v1/agents").then().statusCode(201)
                .body("createdBy", equalTo(by));
        return id;
    }

    static ValidatableResponse change(String agent, String token, String action) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"action\":\"" + action + "\"}")
                .post("/api/v1/agents/" + agent + "/status-changes").then();
    }

    @Test
    void aReviewerCannotActivateAnAgentHeOwnsOrRegisteredButAnyoneMayStopIt() {
        String sam = token("rev.sam", "reviewer");
        String rita = token("rita", "reviewer");
        // registered by rev.sam with himself as the owner, high risk: he cannot activate it, however he spells himself
        String own = register("rev.sam", "rev.sam");
        change(own, sam, "ACTIVATE").statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("four eyes")).body("detail", containsString("rev.sam owns agent " + own));
        change(own, token("Rev.Sam\u200b", "reviewer"), "ACTIVATE").statusCode(403)
                .body("detail", containsString("four eyes"));
        given().auth().oauth2(rita).get("/api/v1/agents/" + own).then().body("status", equalTo("PENDING_REVIEW"));

        // registered by rev.sam for lena: neither may activate it
        String forLena = register("rev.sam", "lena");
        change(forLena, sam, "ACTIVATE").statusCode(403)
                .body("detail", containsString("rev.sam registered agent " + forLena));
        change(forLena, token("lena", "reviewer"), "ACTIVATE").statusCode(403)
                .body("detail", containsString("lena owns agent " + forLena));

        // another reviewer activates; the view says who registered it and who changed its status
        change(own, rita, "ACTIVATE").statusCode(200).body("status", equalTo("ACTIVE"))
                .body("createdBy", equalTo("rev.sam")).body("statusChangedBy", equalTo("rita"));
        // stopping is never blocked: the owner suspends it ...
        change(own, sam, "SUSPEND").statusCode(200).body("status", equalTo("SUSPENDED"))
                .body("statusChangedBy", equalTo("rev.sam"));
        // ... but cannot reactivate it; another reviewer can
        change(own, sam, "REACTIVATE").statusCode(403).body("detail", containsString("four eyes"));
        change(own, rita, "REACTIVATE").statusCode(200).body("status", equalTo("ACTIVE"));
        change(own, sam, "RETIRE").statusCode(200).body("status", equalTo("RETIRED"))
                .body("statusChangedBy", equalTo("rev.sam"));
        // the registry's events say who made each change, so the audit trail does too
        var kafka = new io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion(TestStack.kafkaBootstrapServers());
        var events = kafka.consumeStrings().fromTopics(dev.compass.contracts.Topics.AGENTS);
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> events.getRecords()
                    .stream().filter(r -> own.equals(r.key())).count() == 5);
            assertEquals(List.of("rev.sam", "rita", "rev.sam", "rita", "rev.sam"), events.getRecords().stream()
                    .filter(r -> own.equals(r.key()))
                    .map(r -> io.restassured.path.json.JsonPath.from(r.value()).getString("changedBy")).toList());
        } finally {
            events.stop();
            kafka.close();
        }
    }

    @Test
    void anAdminIsNoExceptionToFourEyesOnActivation() {
        String ada = token("ada", "admin");
        String registered = "four-eyes-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(ada).contentType(ContentType.JSON)
                .body(GovernancePlatformTest.agentJson(registered, "lena")).post("/api/v1/agents").then()
                .statusCode(201);
        change(registered, ada, "ACTIVATE").statusCode(403).body("detail", containsString("ada registered agent"));
        String owned = register("rita", "ada");
        change(owned, ada, "ACTIVATE").statusCode(403).body("detail", containsString("ada owns agent"));
        change(owned, token("adam", "admin"), "ACTIVATE").statusCode(200).body("status", equalTo("ACTIVE"));
        change(owned, ada, "SUSPEND").statusCode(200);
    }

    static String idea(String by, String owner) {
        return given().auth().oauth2(token(by, "reviewer")).contentType(ContentType.JSON).body("""
                {"title":"Four eyes %s","problem":"An idea to move through review","dataSources":["crm"],
                 "owner":"%s","category":"SNACKABLE","sourcing":"BUILD"}""".formatted(UUID.randomUUID(), owner))
                .post("/api/v1/use-cases").then().statusCode(201).extract().path("id");
    }

    static ValidatableResponse move(String useCase, String token, String to) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"to\":\"" + to + "\"}")
                .post("/api/v1/use-cases/" + useCase + "/transitions").then();
    }

    @Test
    void aReviewerCannotApproveHisOwnUseCaseButMayCloseIt() {
        String sam = token("rev.sam", "reviewer");
        String rita = token("rita", "reviewer");
        String own = idea("rev.sam", "rev.sam");
        move(own, sam, "IN_REVIEW").statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("four eyes")).body("detail", containsString("rev.sam owns use case"));
        move(own, rita, "IN_REVIEW").statusCode(200);
        move(own, sam, "SANDBOX").statusCode(403).body("detail", containsString("four eyes"));
        move(own, rita, "SANDBOX").statusCode(200);
        move(own, token("REV.SAM", "admin"), "PILOT").statusCode(403).body("detail", containsString("four eyes"));
        move(own, rita, "PILOT").statusCode(200);
        move(own, sam, "PRODUCTION").statusCode(403);
        move(own, rita, "PRODUCTION").statusCode(200).body("status", equalTo("PRODUCTION"));
        move(own, sam, "RETIRED").statusCode(200).body("status", equalTo("RETIRED"));

        // submitted by rev.sam for olaf: rev.sam cannot take it into review, olaf (a reviewer too) cannot either
        String submitted = idea("rev.sam", "olaf");
        move(submitted, sam, "IN_REVIEW").statusCode(403).body("detail", containsString("rev.sam submitted use case"));
        move(submitted, token("olaf", "reviewer"), "IN_REVIEW").statusCode(403)
                .body("detail", containsString("olaf owns use case"));
        // rejecting one's own idea is not approving it
        move(submitted, sam, "REJECTED").statusCode(200).body("status", equalTo("REJECTED"))
                .body("history[-1].actor", equalTo("rev.sam"));
    }
}
