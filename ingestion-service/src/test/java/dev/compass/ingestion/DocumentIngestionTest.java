package dev.compass.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.CloudEventHeaders;
import dev.compass.contracts.EventType;
import dev.compass.contracts.Topics;
import dev.compass.contracts.schema.SchemaValidator;
import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.Management;
import dev.compass.localstack.OpenApiConformance;
import dev.compass.localstack.TestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Documents through the service: REST upload, asynchronous processing, PostgreSQL, the outbox and Kafka. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingestion"))
class DocumentIngestionTest {

    /** Same rules as the pipeline's module-level torture test (see TortureSetTest there for the reasoning). */
    static final Map<String, String> OVERRIDES = Map.of(
            "testBrokenHTMLContainingRFC822.html", "PUBLISHED",
            "testRTFInvalidUnicode.rtf", "PUBLISHED",
            "testPDF_protected.pdf", "PUBLISHED",
            "testEXCEL.strict.xlsx", "QUARANTINED/UNSUPPORTED_TYPE");

    static String expected(String file, String category) {
        if (OVERRIDES.containsKey(file)) {
            return OVERRIDES.get(file);
        }
        String c = category.contains(":") ? category.substring(0, category.indexOf(':')).strip() : category.strip();
        return switch (c) {
            case "normal", "edge" -> "PUBLISHED";
            case "encrypted", "restricted" -> "QUARANTINED/ENCRYPTED";
            case "corrupt" -> "QUARANTINED/CORRUPT";
            default -> throw new IllegalArgumentException(category);
        };
    }

    @Test
    void everyTortureFileEndsInItsTerminalStateNothingIsLostAndTheServiceStaysReady() throws Exception {
        Path dir = Support.datasets().resolve("parser-torture");
        List<String> lines = Files.readAllLines(dir.resolve("MANIFEST.tsv"));
        Map<String, String> idToFile = new LinkedHashMap<>();
        Map<String, String> categories = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            byte[] bytes = Files.readAllBytes(dir.resolve(f[0]));
            String id = Support.upload("torture", "/torture/" + f[0], f[0], bytes, List.of("market-research"))
                    .then().statusCode(202).body("status", equalTo("RECEIVED")).extract().path("id");
            idToFile.put(id, f[0]);
            categories.put(f[0], f[1]);
        }
        assertEquals(44, idToFile.size());

        List<String> wrong = new ArrayList<>();
        Map<String, String> states = new HashMap<>();
        for (var e : idToFile.entrySet()) {
            JsonNode doc = Support.awaitTerminal(e.getKey(), Duration.ofMinutes(3));
            String got = doc.path("status").asText().equals("QUARANTINED")
                    ? "QUARANTINED/" + doc.path("reason").asText() : doc.path("status").asText();
            states.put(e.getKey(), doc.path("status").asText());
            String want = expected(e.getValue(), categories.get(e.getValue()));
            if (!got.equals(want)) {
                wrong.add(e.getValue() + ": expected " + want + ", got " + got + " (" + doc.path("detail").asText() + ")");
            }
            assertFalse(doc.path("detail").asText().isBlank(), e.getValue());
            assertTrue(doc.path("quality").has("score"), e.getValue());
            if (got.equals("PUBLISHED")) {
                assertTrue(doc.path("chunks").asInt() > 0, e.getValue());
            }
            // nothing is lost: the original comes back byte for byte, whatever the outcome
            byte[] back = given().auth().oauth2(Support.ops()).get("/api/v1/documents/" + e.getKey() + "/content")
                    .then().statusCode(200).extract().asByteArray();
            assertArrayEquals(Files.readAllBytes(dir.resolve(e.getValue())), back, e.getValue());
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));

        Management.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        // health and metrics are on the management port only: an API client reaches neither
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);

        // one schema-valid document event per document, with the state the API reports, and chunks in order
        Map<String, JsonNode> events = new HashMap<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (ConsumerRecord<String, String> r : Support.readAll(Topics.DOCUMENTS)) {
                if (idToFile.containsKey(r.key())) {
                    assertEquals(EventType.DOCUMENT.ceType(), Support.header(r, CloudEventHeaders.TYPE));
                    JsonNode payload = Support.json(r.value());
                    assertEquals(List.of(), SchemaValidator.instance().validate(EventType.DOCUMENT, payload));
                    events.put(r.key(), payload);
                }
            }
            return events.size() == idToFile.size();
        });
        for (var e : events.entrySet()) {
            assertEquals(states.get(e.getKey()), e.getValue().path("status").asText(), idToFile.get(e.getKey()));
            assertTrue(e.getValue().path("quality").has("score"));
        }
        String published = states.entrySet().stream().filter(s -> s.getValue().equals("PUBLISHED"))
                .map(Map.Entry::getKey).filter(id -> idToFile.get(id).equals("testJournalParser.pdf")).findFirst()
                .orElseThrow();
        List<ConsumerRecord<String, String>> chunks = Support.readAll(Topics.CHUNKS).stream().filter(r -> published.equals(r.key()))
                .toList();
        assertFalse(chunks.isEmpty());
        for (int i = 0; i < chunks.size(); i++) {
            JsonNode c = Support.json(chunks.get(i).value());
            assertEquals(List.of(), SchemaValidator.instance().validate(EventType.CHUNK, c));
            assertEquals(i, c.path("ordinal").asInt());
            assertEquals(chunks.size(), c.path("totalChunks").asInt());
            assertEquals(List.of("market-research"), List.of(c.path("groups").get(0).asText()));
            assertTrue(c.path("pageStart").asInt() >= 1, "PDF chunks carry pages");
        }
    }

    @Test
    void theSameUploadAgainIsTheSameDocumentAndTheSameBytesElsewhereAreADuplicate() {
        byte[] text = ("Cardiozen uptake in Germany rose after the 2024 formulary change. The survey of 220"
                + " cardiologists found that adherence improved and switching declined in the fourth quarter.")
                .getBytes(StandardCharsets.UTF_8);
        String id = Support.upload("site-dup", "/a/memo.txt", "memo.txt", text, List.of("market-research"))
                .then().statusCode(202).extract().path("id");
        Support.upload("site-dup", "/a/memo.txt", "memo.txt", text, List.of("market-research"))
                .then().statusCode(200).body("id", equalTo(id));
        assertEquals("PUBLISHED", Support.awaitTerminal(id, Duration.ofSeconds(60)).path("status").asText());
        String copy = Support.upload("site-other", "/b/copy.txt", "copy.txt", text, List.of("market-research"))
                .then().statusCode(202).extract().path("id");
        JsonNode dup = Support.awaitTerminal(copy, Duration.ofSeconds(60));
        assertEquals("DUPLICATE", dup.path("status").asText());
        assertEquals(id, dup.path("duplicateOf").asText());

        given().auth().oauth2(Support.token("analyst")).delete("/api/v1/documents/" + id).then().statusCode(204);
        given().auth().oauth2(Support.ops()).get("/api/v1/documents/" + id).then().statusCode(200)
                .body("status", equalTo("DELETED"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Support.readAll(Topics.DOCUMENTS).stream()
                .anyMatch(r -> id.equals(r.key()) && Support.json(r.value()).path("status").asText().equals("DELETED")));
        // the original is kept after deletion
        assertArrayEquals(text, given().auth().oauth2(Support.ops()).get("/api/v1/documents/" + id + "/content")
                .then().statusCode(200).extract().asByteArray());
    }

    @Test
    void aCopyForGroupsThatMayNotReadTheOriginalIsADocumentOfItsOwnAndNamesNothing() {
        byte[] text = ("Board memo on the Oncora price corridor for 2026: the finance committee agreed a floor and a"
                + " ceiling per market, with rebates capped at eight percent in the southern European markets.")
                .getBytes(StandardCharsets.UTF_8);
        String original = Support.upload("site-board", "/finance/corridor.txt", "corridor.txt", text,
                List.of("board")).then().statusCode(202).extract().path("id");
        assertEquals("PUBLISHED", Support.awaitTerminal(original, Duration.ofSeconds(60)).path("status").asText());
        String copy = Support.upload("site-open", "/copy.txt", "copy.txt", text, List.of("market-research"))
                .then().statusCode(202).extract().path("id");
        // its readers (market-research) may not read the original: not a duplicate of it, but a document of its own,
        // and nothing tells the uploader that the content exists elsewhere
        Support.awaitTerminal(copy, Duration.ofSeconds(60));
        String seen = given().auth().oauth2(Support.token("analyst")).get("/api/v1/documents/" + copy).then()
                .statusCode(200).body("status", equalTo("PUBLISHED")).body("duplicateOf", equalTo(null))
                .extract().asString();
        assertFalse(seen.contains(original) || seen.contains("site-board") || seen.contains("corridor")
                || seen.contains("outside your groups") || seen.contains("DUPLICATE"), seen);
        given().auth().oauth2(Support.ops()).get("/api/v1/documents/" + copy).then().statusCode(200)
                .body("duplicateOf", equalTo(null));
        // nor may the uploader, who cannot read the original, replace it by sending its bytes with other groups; the
        // refusal names neither the original nor its groups
        String refused = Support.upload("site-board", "/finance/corridor.txt", "corridor.txt", text,
                List.of("market-research")).then().statusCode(403).contentType("application/problem+json")
                .extract().asString();
        assertFalse(refused.contains(original) || refused.contains("board"), refused);
        // while the same upload again (a retry), groups unchanged, is still the same document
        Support.upload("site-board", "/finance/corridor.txt", "corridor.txt", text, List.of("board"))
                .then().statusCode(200).body("id", equalTo(original));
        given().auth().oauth2(Support.ops()).get("/api/v1/documents/" + original).then().statusCode(200)
                .body("status", equalTo("PUBLISHED")).body("groups", equalTo(List.of("board")));
    }

    @Test
    void aDocumentIsNotANearDuplicateOfOneItsReadersMayNotRead() {
        String study = "Field study of cardiologists in Spain and Portugal on anticoagulant switching in 2026."
                + " Interviews covered reimbursement delays, hospital formulary committees, patient adherence,"
                + " regional tenders, biosimilar entry, pharmacist influence, prescribing inertia, guideline"
                + " updates, digital education, sales force reach, congress attendance, payer negotiations,"
                + " budget impact models, real world evidence, outcomes agreements and competitor pricing moves.";
        String original = Support.upload("site-board", "/near/original.txt", "original.txt",
                study.getBytes(StandardCharsets.UTF_8), List.of("board")).then().statusCode(202).extract().path("id");
        assertEquals("PUBLISHED", Support.awaitTerminal(original, Duration.ofSeconds(60)).path("status").asText());
        String edited = Support.upload("site-open", "/near/edited.txt", "edited.txt",
                study.replace("Portugal", "Italy").getBytes(StandardCharsets.UTF_8), List.of("market-research"))
                .then().statusCode(202).extract().path("id");
        Support.awaitTerminal(edited, Duration.ofSeconds(60));
        String asOps = given().auth().oauth2(Support.ops()).get("/api/v1/documents/" + edited).then()
                .statusCode(200).extract().asString();
        // a near duplicate is one its readers may read: the board's original is none for market-research
        assertFalse(asOps.contains(original) || asOps.contains("NEAR_DUPLICATE"), asOps);
        String seen = given().auth().oauth2(Support.token("analyst")).get("/api/v1/documents/" + edited).then()
                .statusCode(200).extract().asString();
        assertFalse(seen.contains(original) || seen.contains("site-board") || seen.contains("original.txt")
                || seen.contains("outside your groups"), seen);
    }

    @Test
    void aDocumentWithoutGroupsIsSharedWithNoOne() {
        byte[] memo = ("A memo on Cardiozen field coaching in Austria, with enough words to be parsed and indexed.")
                .getBytes(StandardCharsets.UTF_8);
        // an analyst would lose it at once (not even they could read it back): refused, saying why
        Support.upload("site-nogroups", "/n.txt", "n.txt", memo, List.of()).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("metadata.groups"))
                .body("errors[0].message", containsString("shared with no one but ops and admins"));
        // ops may keep one for themselves: no one else sees it
        String id = Support.uploadAs(Support.ops(), "site-nogroups", "/n.txt", "n.txt", memo, List.of()).then()
                .statusCode(202).extract().path("id");
        given().auth().oauth2(Support.token("analyst")).get("/api/v1/documents/" + id).then().statusCode(404);
        given().auth().oauth2(Support.token("analyst")).get("/api/v1/documents/" + id + "/content").then()
                .statusCode(404);
        given().auth().oauth2(Support.ops()).get("/api/v1/documents/" + id).then().statusCode(200);
    }

    @Test
    void theSameBytesSharedWithOtherGroupsAreANewVersionThatReplacesTheOld() {
        byte[] text = ("Oncora access study: payers in Italy asked for outcome-based agreements, and hospital"
                + " pharmacists reported that the budget impact model was the deciding document in 2025.")
                .getBytes(StandardCharsets.UTF_8);
        String first = Support.upload("site-acl", "/acl/study.txt", "study.txt", text, List.of("market-research", "board"))
                .then().statusCode(202).extract().path("id");
        assertEquals("PUBLISHED", Support.awaitTerminal(first, Duration.ofSeconds(60)).path("status").asText());
        // access narrowed by a member of both groups: not the old document with the old groups, but a new version with
        // the new ones
        String second = Support.uploadAs(TestStack.token("bea", List.of("analyst"), List.of("market-research", "board")),
                "site-acl", "/acl/study.txt", "study.txt", text, List.of("market-research"))
                .then().statusCode(202).extract().path("id");
        assertFalse(first.equals(second));
        JsonNode narrowed = Support.awaitTerminal(second, Duration.ofSeconds(60));
        assertEquals("PUBLISHED", narrowed.path("status").asText(), "not a duplicate of the version it replaces");
        assertEquals(List.of("market-research"), List.of(narrowed.path("groups").get(0).asText()));
        assertEquals(1, narrowed.path("groups").size());
        given().auth().oauth2(Support.ops()).get("/api/v1/documents/" + first).then().statusCode(200)
                .body("status", equalTo("DELETED"));
        // the same upload again is the same document
        Support.upload("site-acl", "/acl/study.txt", "study.txt", text, List.of("market-research")).then().statusCode(200)
                .body("id", equalTo(second));
    }

    @Test
    void anUploaderSharesADocumentOnlyWithGroupsTheyAreIn() {
        byte[] planted = ("Finance guidance for 2026: move the whole Cardiozen budget to the agency named in this"
                + " memo, effective immediately, as agreed by the board.").getBytes(StandardCharsets.UTF_8);
        String emea = TestStack.token("ana-emea", List.of("analyst"), List.of("emea-marketing"));
        Support.uploadAs(emea, "site-plant", "/plant.txt", "plant.txt", planted, List.of("emea-marketing", "finance"))
                .then().statusCode(403).contentType("application/problem+json")
                .body("errors[0].field", equalTo("metadata.groups"))
                .body("errors[0].message", equalTo("you may share a document only with groups you are a member of;"
                        + " you are not in finance"));
        // nothing was stored: finance readers are served no planted text
        given().auth().oauth2(Support.ops()).queryParam("site", "site-plant").get("/api/v1/documents").then()
                .statusCode(200).body("items.size()", equalTo(0));
        // the uploader's own groups are theirs to share with, and ops may share with any
        Support.uploadAs(emea, "site-plant", "/emea.txt", "emea.txt", planted, List.of("emea-marketing"))
                .then().statusCode(202);
        Support.uploadAs(Support.ops(), "site-plant", "/finance.txt", "finance.txt", planted, List.of("finance"))
                .then().statusCode(202);
    }

    @Test
    void aReaderCannotTakeADocumentAwayFromGroupsTheyAreNotIn() {
        byte[] text = ("ACL study: budget owners in finance and brand managers in EMEA marketing share this review of"
                + " the 2026 Cardiozen media plan, with reach and frequency per market.").getBytes(StandardCharsets.UTF_8);
        String both = TestStack.token("ana-both", List.of("analyst"), List.of("finance", "emea-marketing"));
        String emea = TestStack.token("ana-emea", List.of("analyst"), List.of("emea-marketing"));
        String finance = TestStack.token("fin", List.of("employee"), List.of("finance"));
        String id = Support.uploadAs(both, "site-reshare", "/acl/acl.txt", "acl.txt", text,
                List.of("finance", "emea-marketing")).then().statusCode(202).extract().path("id");
        assertEquals("PUBLISHED", Support.awaitTerminal(id, Duration.ofSeconds(60)).path("status").asText());
        // a reader in emea-marketing only may neither re-share it with everyone nor narrow it to their own group
        Support.uploadAs(emea, "site-reshare", "/acl/acl.txt", "acl.txt", text, List.of("all-employees"))
                .then().statusCode(403).contentType("application/problem+json");
        Support.uploadAs(emea, "site-reshare", "/acl/acl.txt", "acl.txt", text, List.of("emea-marketing"))
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("you are not in finance"));
        // finance keeps its access to the one version there is
        given().auth().oauth2(finance).get("/api/v1/documents/" + id).then().statusCode(200)
                .body("status", equalTo("PUBLISHED")).body("groups", equalTo(List.of("finance", "emea-marketing")));
        given().auth().oauth2(Support.ops()).queryParam("site", "site-reshare").get("/api/v1/documents").then()
                .statusCode(200).body("items.size()", equalTo(1));
        // its groups as they are: refused to ana-emea, who is not in finance; for ana-both, the retry it always was
        Support.uploadAs(emea, "site-reshare", "/acl/acl.txt", "acl.txt", text, List.of("emea-marketing", "finance"))
                .then().statusCode(403);
        Support.uploadAs(both, "site-reshare", "/acl/acl.txt", "acl.txt", text, List.of("emea-marketing", "finance"))
                .then().statusCode(200).body("id", equalTo(id));
        // nor delete it, which would take it away from finance as well
        given().auth().oauth2(emea).delete("/api/v1/documents/" + id).then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("you are not in finance"));
        given().auth().oauth2(finance).get("/api/v1/documents/" + id).then().statusCode(200)
                .body("status", equalTo("PUBLISHED"));
        given().auth().oauth2(both).delete("/api/v1/documents/" + id).then().statusCode(204);
        given().auth().oauth2(finance).get("/api/v1/documents/" + id).then().statusCode(200)
                .body("status", equalTo("DELETED"));
    }

    @Test
    void theRetryOfAnUploadDoesNotNameADocumentTheCallerMayNotRead() {
        byte[] text = ("Board memo: the 2027 launch sequence for Oncovia in the Nordics, shared with no group yet while"
                + " legal reviews it.").getBytes(StandardCharsets.UTF_8);
        String id = Support.uploadAs(Support.ops(), "site-hidden", "/board/memo.txt", "memo.txt", text, List.of())
                .then().statusCode(202).extract().path("id");
        assertEquals("PUBLISHED", Support.awaitTerminal(id, Duration.ofSeconds(60)).path("status").asText());
        String analyst = TestStack.token("ana", List.of("analyst"), List.of("market-research"));
        given().auth().oauth2(analyst).get("/api/v1/documents/" + id).then().statusCode(404);
        // the same bytes, place and (no) groups: the idempotent retry, but not for a caller who may not read it (who
        // may not upload without groups in the first place)
        Support.uploadAs(analyst, "site-hidden", "/board/memo.txt", "memo.txt", text, List.of()).then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", not(containsString(id))).body("$", not(org.hamcrest.Matchers.hasKey("id")));
        Support.uploadAs(Support.ops(), "site-hidden", "/board/memo.txt", "memo.txt", text, List.of()).then()
                .statusCode(200).body("id", equalTo(id));
    }

    @Test
    void listingIsKeysetPaginatedAndFiltered() {
        for (int i = 0; i < 3; i++) {
            Support.upload("site-list", "/l/" + i + ".txt", i + ".txt",
                    ("Note " + i + " on Oncora pricing in France, with enough words to index it properly.")
                            .getBytes(StandardCharsets.UTF_8), List.of("market-research")).then().statusCode(202);
        }
        String cursor = given().auth().oauth2(Support.ops()).queryParam("site", "site-list").queryParam("limit", 2)
                .get("/api/v1/documents").then().statusCode(200).body("items.size()", equalTo(2))
                .extract().path("nextCursor");
        given().auth().oauth2(Support.ops()).queryParam("site", "site-list").queryParam("limit", 2)
                .queryParam("cursor", cursor).get("/api/v1/documents").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].path", equalTo("/l/2.txt"));
        given().auth().oauth2(Support.ops()).queryParam("status", "BOGUS").get("/api/v1/documents")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void uploadsAreValidatedAndProtected() {
        given().multiPart("file", "x.txt", "x".getBytes()).multiPart("metadata", "{\"site\":\"s\"}")
                .post("/api/v1/documents").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(Support.token("analyst")).multiPart("file", "x.txt", "x".getBytes())
                .multiPart("metadata", "{\"path\":\"/x\"}", "application/json").post("/api/v1/documents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("metadata.site"));
        // a misspelt "group" would leave a restricted document open to everyone: refused, nothing is stored
        given().auth().oauth2(Support.token("analyst")).multiPart("file", "memo.txt", "confidential".getBytes())
                .multiPart("metadata", "{\"site\":\"misspelt\",\"group\":[\"finance\"]}", "application/json")
                .post("/api/v1/documents").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("metadata.group"))
                .body("errors[0].message", equalTo("not a property of the metadata; it has groups, path, site, tags,"
                        + " title"));
        given().auth().oauth2(Support.ops()).queryParam("site", "misspelt").get("/api/v1/documents").then()
                .statusCode(200).body("items.size()", equalTo(0));
        given().auth().oauth2(Support.token("analyst")).multiPart("file", "x.txt", "x".getBytes())
                .multiPart("metadata", "{\"site\":\"s\",\"tags\":{\"a\":1e400}}", "application/json")
                .post("/api/v1/documents").then().statusCode(400).body("errors[0].field", equalTo("metadata.tags.a"));
        // a path that climbs out of its place, a file name past 255 characters, a tag of 100,000 characters
        given().auth().oauth2(Support.token("analyst")).multiPart("file", "x.txt", "x".getBytes())
                .multiPart("metadata", "{\"site\":\"s\",\"path\":\"/a/../../etc/passwd\"}", "application/json")
                .post("/api/v1/documents").then().statusCode(400).body("errors[0].field", equalTo("metadata.path"));
        given().auth().oauth2(Support.token("analyst")).multiPart("file", "x".repeat(300) + ".txt", "x".getBytes())
                .multiPart("metadata", "{\"site\":\"s\",\"groups\":[\"market-research\"]}", "application/json")
                .post("/api/v1/documents").then()
                .statusCode(400).body("errors[0].field", equalTo("file"));
        given().auth().oauth2(Support.token("analyst")).multiPart("file", "x.txt", "x".getBytes())
                .multiPart("metadata", "{\"site\":\"s\",\"tags\":{\"a\":\"" + "v".repeat(100_000) + "\"}}",
                        "application/json").post("/api/v1/documents").then().statusCode(400)
                .body("errors[0].field", equalTo("metadata.tags.a"));
        given().auth().oauth2(Support.token("analyst")).multiPart("file", "x.txt", "x".getBytes())
                .multiPart("metadata", "{\"site\":12}", "application/json").post("/api/v1/documents")
                .then().statusCode(400).body("errors[0].field", equalTo("metadata.site"))
                .body("errors[0].message", equalTo("must be a string"));
        given().auth().oauth2(Support.ops()).get("/api/v1/documents/nope").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aDownloadIsNotSniffedAndNamesItsFileInUtf8() {
        String id = Support.upload("site-names", "/names/report.txt", "report 2026.txt", ("Report on Cardiozen"
                + " prescribers in Austria, with enough words to be parsed.").getBytes(StandardCharsets.UTF_8),
                List.of("market-research")).then().statusCode(202).extract().path("id");
        given().auth().oauth2(Support.ops()).get("/api/v1/documents/" + id + "/content").then().statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Content-Disposition", equalTo("attachment; filename=\"report 2026.txt\""));
        // a name outside ASCII: an ASCII fallback and the name itself in UTF-8 (RFC 6266, RFC 8187)
        assertEquals("attachment; filename=\"Marktbericht _ber _rzte _.txt\"; filename*=UTF-8''"
                + "Marktbericht%20%C3%9Cber%20%C3%84rzte%20%F0%9F%98%80.txt",
                dev.compass.ingestion.api.DocumentResource.contentDisposition("Marktbericht Über Ärzte 😀.txt"));
    }

    static Set<String> none() {
        return Set.of();
    }

    @Test
    void theCommittedOpenApiDocumentIsTheOneServed() throws Exception {
        OpenApiConformance.assertCommittedDocumentIsCurrent("ingestion-service");
    }
}
