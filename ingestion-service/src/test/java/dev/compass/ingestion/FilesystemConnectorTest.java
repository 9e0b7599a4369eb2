package dev.compass.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The folder connector: top-level folders are sites; the second sync sees only what changed. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingestion"))
class FilesystemConnectorTest {

    static JsonNode sync(String sourceId) {
        String syncId = given().auth().oauth2(Support.ops()).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/sources/" + sourceId + "/syncs").then().statusCode(202).extract().path("id");
        JsonNode[] last = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            last[0] = Support.json(given().auth().oauth2(Support.ops()).get("/api/v1/syncs/" + syncId)
                    .then().statusCode(200).extract().asString());
            return last[0].path("status").asText().startsWith("COMPLETED") || last[0].path("status").asText().equals("FAILED");
        });
        return last[0];
    }

    static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    static String text(String topic) {
        return "Field report on " + topic + ". Physicians in Spain described prescribing patterns for Cardiozen,"
                + " noting access barriers, reimbursement delays and patient adherence across regions in 2024.";
    }

    @Test
    void incrementalSyncSeesNewChangedAndDeletedFilesOnly() throws Exception {
        Path root = Files.createTempDirectory("fs-source");
        write(root.resolve("site-a/reports/q1.txt"), text("the first quarter"));
        write(root.resolve("site-a/reports/q2.txt"), text("the second quarter with more detail"));
        write(root.resolve("site-b/notes.txt"), text("a regional advisory board"));

        String sourceId = given().auth().oauth2(Support.ops()).contentType(ContentType.JSON)
                .body("{\"type\":\"filesystem\",\"name\":\"research share\",\"config\":{\"root\":\"" + root
                        + "\",\"groups\":[\"market-research\"]}}")
                .post("/api/v1/sources").then().statusCode(201).extract().path("id");

        JsonNode first = sync(sourceId);
        assertEquals("COMPLETED", first.path("status").asText(), first.toString());
        assertEquals(2, first.path("sitesTotal").asInt());
        assertEquals(2, first.path("sitesDone").asInt());
        assertEquals(3, first.path("itemsNew").asInt());
        assertEquals(0, first.path("itemsChanged").asInt());

        // nothing changed: nothing ingested
        JsonNode idle = sync(sourceId);
        assertEquals(3, idle.path("itemsSeen").asInt());
        assertEquals(0, idle.path("itemsNew").asInt() + idle.path("itemsChanged").asInt() + idle.path("itemsDeleted").asInt());

        String q1Id = docId("site-a", "/reports/q1.txt");
        write(root.resolve("site-a/reports/q2.txt"), text("the second quarter, revised after the audit of sales"));
        Files.setLastModifiedTime(root.resolve("site-a/reports/q2.txt"), FileTime.from(Instant.now().plusSeconds(5)));
        Files.delete(root.resolve("site-a/reports/q1.txt"));
        write(root.resolve("site-b/new.txt"), text("a new competitor launch in Italy"));
        // touched but identical: not re-ingested
        Files.setLastModifiedTime(root.resolve("site-b/notes.txt"), FileTime.from(Instant.now().plusSeconds(9)));

        JsonNode second = sync(sourceId);
        assertEquals("COMPLETED", second.path("status").asText(), second.toString());
        assertEquals(1, second.path("itemsNew").asInt(), second.toString());
        assertEquals(1, second.path("itemsChanged").asInt(), second.toString());
        assertEquals(1, second.path("itemsDeleted").asInt(), second.toString());
        given().auth().oauth2(Support.ops()).get("/api/v1/documents/" + q1Id).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("DELETED"));
        JsonNode q2 = Support.awaitTerminal(docId("site-a", "/reports/q2.txt"), Duration.ofSeconds(60));
        assertEquals("PUBLISHED", q2.path("status").asText(), q2.toString());
        assertEquals("market-research", q2.path("groups").get(0).asText());
    }

    /** The live document at a site and path. */
    static String docId(String site, String path) {
        JsonNode page = Support.json(given().auth().oauth2(Support.ops()).queryParam("site", site).queryParam("limit", 500)
                .get("/api/v1/documents").then().statusCode(200).extract().asString());
        for (JsonNode d : page.path("items")) {
            if (d.path("path").asText().equals(path) && !d.path("status").asText().equals("DELETED")) {
                return d.path("id").asText();
            }
        }
        throw new AssertionError("no live document at " + site + path + ": " + page);
    }

    @Test
    void aSourceReadsOnlyInsideTheAllowedFoldersAndFollowsNoLinkOutOfItsRoot() throws Exception {
        // the allowed roots are the temporary folder in tests: a server path elsewhere is refused
        given().auth().oauth2(Support.ops()).contentType(ContentType.JSON)
                .body("{\"type\":\"filesystem\",\"name\":\"server config\",\"config\":{\"root\":\"/etc\"}}")
                .post("/api/v1/sources").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("config.root"))
                .body("errors.message", hasItem(containsString("is not inside a folder filesystem sources may read")));

        Path root = Files.createTempDirectory("fs-links");
        Path outside = Files.createTempFile("outside-the-root", ".txt");
        Files.writeString(outside, text("a file that is not in the source"), StandardCharsets.UTF_8);
        write(root.resolve("site-a/report.txt"), text("the report that is in the source"));
        Files.createSymbolicLink(root.resolve("site-a/linked.txt"), outside);
        Files.createSymbolicLink(root.resolve("site-linked"), outside.getParent());
        String sourceId = given().auth().oauth2(Support.ops()).contentType(ContentType.JSON)
                .body("{\"type\":\"filesystem\",\"name\":\"links\",\"config\":{\"root\":\"" + root + "\"}}")
                .post("/api/v1/sources").then().statusCode(201).extract().path("id");
        JsonNode done = sync(sourceId);
        assertEquals("COMPLETED", done.path("status").asText(), done.toString());
        assertEquals(1, done.path("sitesTotal").asInt(), "a linked folder is not a site");
        assertEquals(1, done.path("itemsNew").asInt(), "the linked file is not read: " + done);
    }
}
