package dev.compass.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** GET /api/v1/sources is paged like the suite's other lists: limit, a JSON array, a Link rel="next" with a cursor. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingestion"))
class SourceListingTest {
    private static final Pattern NEXT = Pattern.compile("<(/api/v1/sources\\?[^>]+)>; rel=\"next\"");

    /** Registers a SharePoint source (nothing is called at registration); returns its id. */
    static String register(String name) {
        return given().auth().oauth2(Support.ops()).contentType(ContentType.JSON)
                .body("{\"type\":\"sharepoint\",\"name\":\"" + name + "\",\"config\":{\"tokenUrl\":"
                        + "\"http://localhost:9/t\",\"clientId\":\"app\","
                        + "\"clientSecretEnv\":\"GRAPH_TEST_CLIENT_SECRET\",\"graphBaseUrl\":\"http://localhost:9\"}}")
                .post("/api/v1/sources").then().statusCode(201).extract().path("id");
    }

    /** The path and query of a page's next link, or null on the last page. */
    static String next(Response page) {
        String link = page.header("Link");
        if (link == null) {
            return null;
        }
        Matcher m = NEXT.matcher(link);
        assertTrue(m.matches(), "a Link <...>; rel=\"next\" to the sources: " + link);
        return m.group(1);
    }

    /** Every registered source, walking the pages by their Link headers. */
    static List<Map<String, Object>> all() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (String next = "/api/v1/sources?limit=" + 500; next != null; ) {
            Response page = given().auth().oauth2(Support.ops()).get(next);
            page.then().statusCode(200);
            all.addAll(page.jsonPath().getList("$"));
            next = next(page);
        }
        return all;
    }

    @Test
    void theSourcesArePagedOldestFirstAndAWalkSeesEachOnceWhileSourcesAreAdded() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            mine.add(register("paged-" + run + "-" + i));
        }

        // without a limit: a page of 100, and a link to the next that repeats the query with a cursor
        Response first = given().auth().oauth2(Support.ops()).get("/api/v1/sources");
        first.then().statusCode(200).contentType(ContentType.JSON);
        assertEquals(100, first.jsonPath().getList("$").size());
        String link = next(first);
        assertTrue(link != null && link.contains("limit=100") && link.contains("cursor="), "a next link: " + link);

        // page by page with limit 7; a source registered during the walk is seen once, at its end
        List<String> seen = new ArrayList<>();
        List<Instant> created = new ArrayList<>();
        String late = null;
        for (String next = "/api/v1/sources?limit=7"; next != null; ) {
            Response page = given().auth().oauth2(Support.ops()).get(next);
            page.then().statusCode(200).contentType(ContentType.JSON);
            List<String> ids = page.jsonPath().getList("id");
            assertTrue(!ids.isEmpty() && ids.size() <= 7, "a page of 1 to 7: " + ids);
            seen.addAll(ids);
            page.jsonPath().getList("createdAt", String.class).forEach(t -> created.add(Instant.parse(t)));
            next = next(page);
            assertTrue(next == null || next.contains("limit=7") && next.contains("cursor="), "same query: " + next);
            if (late == null) {
                late = register("paged-" + run + "-late");
            }
        }
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no source on two pages");
        assertTrue(seen.containsAll(mine), "every source is on a page");
        for (int i = 1; i < mine.size(); i++) {
            assertTrue(seen.indexOf(mine.get(i - 1)) < seen.indexOf(mine.get(i)), "oldest first");
        }
        for (int i = 1; i < created.size(); i++) {
            assertTrue(!created.get(i).isBefore(created.get(i - 1)), "ordered by createdAt: " + created);
        }
        assertEquals(late, seen.get(seen.size() - 1), "the source added during the walk comes last, once");

        // the largest page holds them all here, and has no next link
        Response whole = given().auth().oauth2(Support.ops()).queryParam("limit", 500).get("/api/v1/sources");
        whole.then().statusCode(200);
        assertEquals(seen, whole.jsonPath().getList("id"));
        assertNull(whole.header("Link"));
    }

    @Test
    void aBadLimitOrCursorIsAProblemNamingIt() {
        Map<String, String> refused = Map.of("0", "must be greater than or equal to 1", "501",
                "must be less than or equal to 500");
        refused.forEach((limit, why) -> given().auth().oauth2(Support.ops()).queryParam("limit", limit)
                .get("/api/v1/sources").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("limit")).body("errors.message", hasItem(why)));
        given().auth().oauth2(Support.ops()).get("/api/v1/sources?limit=ten").then().statusCode(400)
                .contentType("application/problem+json").body("detail", equalTo("limit: not a valid number: ten"));
        given().auth().oauth2(Support.ops()).get("/api/v1/sources?limit=5&limit=500").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("limit: given 2 times; it takes one value"));
        given().auth().oauth2(Support.ops()).queryParam("cursor", "not-ours").get("/api/v1/sources").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("cursor"))
                .body("errors.message", hasItem("a cursor returned by this API in a Link header"));
        given().auth().oauth2(Support.ops()).get("/api/v1/sources?limt=5").then().statusCode(400)
                .body("detail", equalTo("unknown query parameter limt; it takes cursor, limit"));
    }
}
