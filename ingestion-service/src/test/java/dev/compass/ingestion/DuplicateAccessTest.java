package dev.compass.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.Topics;
import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.TestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Duplicates and access: a copy is set aside as a DUPLICATE only of an original that everyone who may read the copy
 * may read too; deleting an original hands its content on to a copy.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingestion"))
class DuplicateAccessTest {
    static final String EMEA = TestStack.token("ana-emea", List.of("analyst"), List.of("emea-marketing"));
    static final String FINANCE = TestStack.token("fin", List.of("analyst"), List.of("finance"));

    static JsonNode view(String token, String id) {
        return Support.json(given().auth().oauth2(token).get("/api/v1/documents/" + id).then().statusCode(200)
                .extract().asString());
    }

    @Test
    void theSameBytesUploadedByAGroupThatMayNotReadTheOriginalAreADocumentOfTheirOwn() {
        byte[] text = ("EMEA launch brief for Cardiozen 2026: the media mix moves towards congress sponsorship in"
                + " Germany and France, while digital detailing grows in the Nordics and in Benelux.")
                .getBytes(StandardCharsets.UTF_8);
        String original = Support.uploadAs(EMEA, "site-emea", "/brief.txt", "brief.txt", text,
                List.of("emea-marketing")).then().statusCode(202).extract().path("id");
        assertEquals("PUBLISHED", Support.awaitTerminal(original, Duration.ofSeconds(60)).path("status").asText());

        String copy = Support.uploadAs(FINANCE, "site-finance", "/budget/brief.txt", "brief.txt", text,
                List.of("finance")).then().statusCode(202).extract().path("id");
        Support.awaitTerminal(copy, Duration.ofSeconds(60));
        JsonNode seen = view(FINANCE, copy);
        assertEquals("PUBLISHED", seen.path("status").asText(), seen.toString());
        assertTrue(seen.path("chunks").asInt() > 0, seen.toString());
        assertEquals(List.of("finance"), List.of(seen.path("groups").get(0).asText()));
        String body = seen.toString();
        assertFalse(body.contains(original) || body.contains("site-emea") || body.contains("outside your groups")
                || body.contains("DUPLICATE"), body);
        // its chunks are published with its own groups, for finance to find
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Support.readAll(Topics.CHUNKS).stream()
                .anyMatch(r -> copy.equals(r.key())
                        && Support.json(r.value()).path("groups").toString().equals("[\"finance\"]")));
        // the original is untouched
        assertEquals("PUBLISHED", view(EMEA, original).path("status").asText());

        // a copy every reader of which may read the original (here a member of both groups shares it with one of
        // them) is still a duplicate of it
        String both = TestStack.token("ana-both", List.of("analyst"), List.of("finance", "emea-marketing"));
        String broad = Support.uploadAs(both, "site-both", "/brief.txt", "brief.txt", text,
                List.of("finance", "emea-marketing")).then().statusCode(202).extract().path("id");
        JsonNode broadView = Support.awaitTerminal(broad, Duration.ofSeconds(60));
        assertEquals("PUBLISHED", broadView.path("status").asText(), "finance and EMEA are read by neither original");
        String narrow = Support.uploadAs(EMEA, "site-emea-2", "/brief.txt", "brief.txt", text,
                List.of("emea-marketing")).then().statusCode(202).extract().path("id");
        JsonNode narrowView = Support.awaitTerminal(narrow, Duration.ofSeconds(60));
        assertEquals("DUPLICATE", narrowView.path("status").asText());
        assertTrue(List.of(original, broad).contains(narrowView.path("duplicateOf").asText()), narrowView.toString());
    }

    @Test
    void aNearDuplicateOfADocumentTheUploaderMayNotReadIsNeitherSetAsideNorNamed() {
        StringBuilder sb = new StringBuilder("Payer interviews in Belgium and the Netherlands on biosimilar"
                + " switching in 2026.");
        String[] themes = {"tender timing", "formulary committees", "pharmacist substitution", "nurse education",
                "budget impact models", "gain sharing", "prescriber inertia"};
        for (int i = 1; i <= 50; i++) {
            sb.append(" Respondent ").append(i).append(" in region ").append(i % 9).append(" stressed ")
                    .append(themes[i % themes.length]).append('.');
        }
        String study = sb.append(" Competitor price moves closed the interviews in detail.").toString();
        String original = Support.uploadAs(EMEA, "site-emea-near", "/near.txt", "near.txt",
                study.getBytes(StandardCharsets.UTF_8), List.of("emea-marketing")).then().statusCode(202)
                .extract().path("id");
        assertEquals("PUBLISHED", Support.awaitTerminal(original, Duration.ofSeconds(60)).path("status").asText());
        // one word changed: near-identical (over the DUPLICATE threshold) and shared only with finance
        String edited = Support.uploadAs(FINANCE, "site-finance-near", "/near.txt", "near.txt",
                study.replace("detail.", "depth.").getBytes(StandardCharsets.UTF_8), List.of("finance"))
                .then().statusCode(202).extract().path("id");
        Support.awaitTerminal(edited, Duration.ofSeconds(60));
        JsonNode asOps = view(Support.ops(), edited);
        assertEquals("PUBLISHED", asOps.path("status").asText(), asOps.toString());
        assertFalse(asOps.toString().contains(original) || asOps.toString().contains("NEAR_DUPLICATE"),
                asOps.toString());
        JsonNode seen = view(FINANCE, edited);
        assertFalse(seen.toString().contains("outside your groups"), seen.toString());
    }

    @Test
    void concurrentIdenticalUploadsOfOneGroupGiveOneDocumentAndDuplicatesOfIt() throws Exception {
        byte[] text = ("Finance note: the Q3 reforecast cuts Oncora trade spend by four percent in Spain and Italy and"
                + " moves the saving into medical education programmes for oncology nurses.")
                .getBytes(StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                Callable<String> upload = () -> Support.uploadAs(FINANCE, "site-race", "/race/" + n + ".txt",
                        "note.txt", text, List.of("finance")).then().statusCode(202).extract().path("id");
                futures.add(pool.submit(upload));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : futures) {
                ids.add(f.get());
            }
            Map<String, List<String>> byStatus = ids.stream().collect(Collectors.groupingBy(
                    id -> Support.awaitTerminal(id, Duration.ofSeconds(60)).path("status").asText()));
            assertEquals(1, byStatus.getOrDefault("PUBLISHED", List.of()).size(), byStatus.toString());
            assertEquals(5, byStatus.getOrDefault("DUPLICATE", List.of()).size(), byStatus.toString());
            String published = byStatus.get("PUBLISHED").get(0);
            for (String dup : byStatus.get("DUPLICATE")) {
                assertEquals(published, view(FINANCE, dup).path("duplicateOf").asText());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void copiesUploadedAtOnceWithNestedGroupsLeaveOneOriginalReadableByAllTheirReaders() throws Exception {
        String both = TestStack.token("ana-both-race", List.of("analyst"), List.of("finance", "emea-marketing"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 6; round++) {
                byte[] text = ("Round " + round + " of the nested-groups race: the Oncora launch plan moves field"
                        + " force calls to remote detailing in Austria and Switzerland from the second quarter.")
                        .getBytes(StandardCharsets.UTF_8);
                int n = round;
                Future<String> narrow = pool.submit(() -> Support.uploadAs(EMEA, "site-nested-a", "/plan-" + n + ".txt",
                        "plan.txt", text, List.of("emea-marketing")).then().statusCode(202).extract().path("id"));
                Future<String> broad = pool.submit(() -> Support.uploadAs(both, "site-nested-ab", "/plan-" + n
                        + ".txt", "plan.txt", text, List.of("emea-marketing", "finance")).then().statusCode(202)
                        .extract().path("id"));
                String narrowId = narrow.get();
                String broadId = broad.get();
                Support.awaitTerminal(narrowId, Duration.ofSeconds(60));
                Support.awaitTerminal(broadId, Duration.ofSeconds(60));
                JsonNode narrowView = view(Support.ops(), narrowId);
                JsonNode broadView = view(Support.ops(), broadId);
                // never two published copies where every reader of one may read the other
                assertFalse(narrowView.path("status").asText().equals("PUBLISHED")
                        && broadView.path("status").asText().equals("PUBLISHED"),
                        "round " + n + ": " + narrowView + " / " + broadView);
                // whichever was received first, the copy shared more widely is the original
                assertEquals("PUBLISHED", broadView.path("status").asText(), broadView.toString());
                assertEquals("DUPLICATE", narrowView.path("status").asText(), narrowView.toString());
                assertEquals(broadId, narrowView.path("duplicateOf").asText(), narrowView.toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deletingAnOriginalHandsItsContentOnToTheCopyAllTheOthersReadersMayRead() {
        String both = TestStack.token("ana-both-del", List.of("analyst"), List.of("finance", "emea-marketing"));
        byte[] text = ("Steering note: the Respira launch in the Nordics moves congress spend to medical education and"
                + " keeps the field force at forty representatives until the second half of 2027.")
                .getBytes(StandardCharsets.UTF_8);
        String original = Support.uploadAs(both, "site-del-o", "/note.txt", "note.txt", text,
                List.of("emea-marketing", "finance")).then().statusCode(202).extract().path("id");
        assertEquals("PUBLISHED", Support.awaitTerminal(original, Duration.ofSeconds(60)).path("status").asText());
        // copies for one group each, and one for both groups, the last uploaded: all duplicates of the original
        List<String> copies = new ArrayList<>();
        String[][] groups = {{"emea-marketing"}, {"finance"}, {"emea-marketing", "finance"}};
        for (String[] g : groups) {
            String copy = Support.uploadAs(both, "site-del-" + String.join("-", g), "/note.txt", "note.txt", text,
                    List.of(g)).then().statusCode(202).extract().path("id");
            assertEquals(original, Support.awaitTerminal(copy, Duration.ofSeconds(60)).path("duplicateOf").asText());
            copies.add(copy);
        }
        String wide = copies.get(2);

        given().auth().oauth2(both).delete("/api/v1/documents/" + original).then().statusCode(204);

        // whatever order the copies are processed in, the one every other copy's readers may read is the original
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertEquals("PUBLISHED", view(Support.ops(), wide).path("status").asText());
            for (String narrow : copies.subList(0, 2)) {
                JsonNode v = view(Support.ops(), narrow);
                assertEquals("DUPLICATE", v.path("status").asText(), v.toString());
                assertEquals(wide, v.path("duplicateOf").asText(), v.toString());
            }
        });
    }

    @Test
    void deletingAnOriginalHandsItsContentOnToACopy() {
        byte[] text = ("Finance memo: the Cardiozen brand budget for 2027 keeps field force spend flat in Germany and"
                + " shifts two million euros from print to programmatic video in France and Spain.")
                .getBytes(StandardCharsets.UTF_8);
        String original = Support.uploadAs(FINANCE, "site-orig", "/memo.txt", "memo.txt", text, List.of("finance"))
                .then().statusCode(202).extract().path("id");
        assertEquals("PUBLISHED", Support.awaitTerminal(original, Duration.ofSeconds(60)).path("status").asText());
        List<String> copies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String copy = Support.uploadAs(FINANCE, "site-copy-" + i, "/memo.txt", "memo.txt", text,
                    List.of("finance")).then().statusCode(202).extract().path("id");
            JsonNode dup = Support.awaitTerminal(copy, Duration.ofSeconds(60));
            assertEquals("DUPLICATE", dup.path("status").asText());
            assertEquals(original, dup.path("duplicateOf").asText());
            copies.add(copy);
        }

        given().auth().oauth2(FINANCE).delete("/api/v1/documents/" + original).then().statusCode(204);

        // one copy becomes the original, processed like any document; the others are its duplicates
        Map<String, List<String>> byStatus = new java.util.HashMap<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            byStatus.clear();
            for (String c : copies) {
                byStatus.computeIfAbsent(view(FINANCE, c).path("status").asText(), k -> new ArrayList<>()).add(c);
            }
            return !byStatus.containsKey("RECEIVED") && !byStatus.containsKey("DUPLICATE")
                    || byStatus.getOrDefault("PUBLISHED", List.of()).size() == 1
                    && byStatus.getOrDefault("DUPLICATE", List.of()).size() == 2
                    && byStatus.get("DUPLICATE").stream()
                            .noneMatch(c -> view(FINANCE, c).path("duplicateOf").asText().equals(original));
        });
        assertEquals(1, byStatus.getOrDefault("PUBLISHED", List.of()).size(), byStatus.toString());
        assertEquals(2, byStatus.getOrDefault("DUPLICATE", List.of()).size(), byStatus.toString());
        String promoted = byStatus.get("PUBLISHED").get(0);
        JsonNode promotedView = view(FINANCE, promoted);
        assertTrue(promotedView.path("chunks").asInt() > 0, promotedView.toString());
        for (String c : byStatus.get("DUPLICATE")) {
            assertEquals(promoted, view(FINANCE, c).path("duplicateOf").asText());
        }
        // announced like any document: its PUBLISHED event and its chunks
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Support.readAll(Topics.DOCUMENTS).stream()
                .anyMatch(r -> promoted.equals(r.key())
                        && Support.json(r.value()).path("status").asText().equals("PUBLISHED")));
        assertFalse(Support.readAll(Topics.CHUNKS).stream().noneMatch(r -> promoted.equals(r.key())));

        // deleting the new original hands the content on again; deleting the last copy leaves nothing behind
        given().auth().oauth2(FINANCE).delete("/api/v1/documents/" + promoted).then().statusCode(204);
        List<String> rest = byStatus.get("DUPLICATE");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> rest
                .stream().map(c -> view(FINANCE, c).path("status").asText()).sorted().toList()
                .equals(List.of("DUPLICATE", "PUBLISHED")));
    }
}
