package dev.compass.governance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.TestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every list of a governance request body, and every item of one, is bounded: a 400 naming the field. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
class RequestLimitsTest {
    static String employee() {
        return TestStack.token("olaf", List.of("employee"), List.of());
    }

    static String list(int items, int length) {
        String item = "\"" + "t".repeat(length) + "\"";
        return "[" + String.join(",", Collections.nCopies(items, item)) + "]";
    }

    static String agent(String id, String tools, String dataScopes) {
        return """
                {"id":"%s","name":"Limits","owner":"bob","purpose":"limits","tools":%s,"dataScopes":%s,
                 "riskTier":"LOW_IS_NOT_A_TIER"}""".formatted(id, tools, dataScopes).replace("LOW_IS_NOT_A_TIER", "HIGH");
    }

    static String useCase(String dataSources) {
        return """
                {"title":"Limits %s","problem":"bounded lists","dataSources":%s,"owner":"olaf",
                 "category":"SNACKABLE","sourcing":"BUILD"}""".formatted(UUID.randomUUID(), dataSources);
    }

    static io.restassured.response.ValidatableResponse post(String path, String body) {
        return given().auth().oauth2(employee()).contentType(ContentType.JSON).body(body).post(path).then();
    }

    @Test
    void agentToolsAndDataScopesAreBounded() {
        String id = "limits-" + UUID.randomUUID().toString().substring(0, 8);
        // at the limits: accepted
        post("/api/v1/agents", agent(id, list(100, 200), list(100, 200))).statusCode(201);
        post("/api/v1/agents", agent(id + "-a", list(101, 10), list(1, 10))).statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("tools"));
        post("/api/v1/agents", agent(id + "-b", list(1, 201), list(1, 10))).statusCode(400)
                .body("errors.field", hasItem("tools[0]"));
        post("/api/v1/agents", agent(id + "-c", list(1, 10), list(101, 10))).statusCode(400)
                .body("errors.field", hasItem("dataScopes"));
        post("/api/v1/agents", agent(id + "-d", list(1, 10), "[\"ok\",\"" + "d".repeat(201) + "\"]")).statusCode(400)
                .body("errors.field", hasItem("dataScopes[1]"));
        // what the probe sent: 4,000 tools of 200 characters (816 KB) is refused for what it is, not stored
        post("/api/v1/agents", agent(id + "-e", list(4000, 200), list(1, 10))).statusCode(400)
                .body("errors.field", hasItem("tools"));
        given().auth().oauth2(employee()).get("/api/v1/agents/" + id + "-e").then().statusCode(404);
    }

    @Test
    void useCaseDataSourcesAreBounded() {
        post("/api/v1/use-cases", useCase(list(50, 200))).statusCode(201);
        post("/api/v1/use-cases", useCase(list(51, 10))).statusCode(400).body("errors.field", hasItem("dataSources"));
        post("/api/v1/use-cases", useCase(list(1, 201))).statusCode(400).body("errors.field", hasItem("dataSources[0]"));
        // what the probe sent: one item of 900 KB
        post("/api/v1/use-cases", useCase(list(1, 900_000))).statusCode(400)
                .body("errors.field", hasItem("dataSources[0]"));
    }

    @Test
    void aBodyFarLargerThanAnyValidOneIsRefusedBeforeItIsRead() {
        String id = "limits-" + UUID.randomUUID().toString().substring(0, 8);
        post("/api/v1/agents", agent(id, list(25_000, 200), list(1, 10))).statusCode(413)
                .contentType("application/problem+json").body("detail", containsString("at most"))
                .body("detail", not(containsString("weeks")));
        given().auth().oauth2(employee()).get("/api/v1/agents/" + id).then().statusCode(404)
                .body("status", equalTo(404));
    }
}
