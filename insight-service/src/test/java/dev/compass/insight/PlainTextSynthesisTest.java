package dev.compass.insight;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.EventType;
import dev.compass.contracts.Topics;
import dev.compass.contracts.events.ChunkEvent;
import dev.compass.contracts.events.DocumentMetadata;
import dev.compass.contracts.schema.SchemaValidator;
import dev.compass.insight.domain.Summaries;
import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.TestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Executive syntheses of documents as a plain-text upload gives them: no page numbers (the chunks carry none), no
 * headings, and a text without sentence punctuation that the chunker cut at word boundaries. Such a 56-chunk document
 * once got an empty summary and no findings.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "insight"))
class PlainTextSynthesisTest {
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String USER = TestStack.token("plain-text-reader", List.of("employee"), List.of("brand-" + RUN));

    @jakarta.inject.Inject
    Summaries summaries;
    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    static final String[] SUBJECTS = {"Cardiologists in Germany", "Primary care physicians", "Hospital pharmacists",
        "Payers in France", "Nurses in Spain", "Key opinion leaders", "Patients with heart failure"};
    static final String[] VERBS = {"prefer", "report concerns about", "increasingly prescribe", "are sceptical of",
        "value the evidence behind", "ask for more data on", "recommend"};
    static final String[] OBJECTS = {"once-daily dosing of Zelvora", "the new reimbursement rules",
        "digital detailing by field representatives", "the long-term safety data from the registry",
        "combination therapy with beta blockers", "the price premium over generic alternatives",
        "remote patient monitoring programmes"};
    static final String[] TAILS = {"because of adherence benefits in elderly patients",
        "according to the third wave of the tracking survey", "especially in large teaching hospitals",
        "although budgets remain tight this year", "when compared with competitor products",
        "in both urban and rural practices"};

    /** Publishes the text as a plain-text upload's chunks (about 150 words each, no pages); returns them by id. */
    static Map<String, String> publishUnpaged(String id, String text) {
        String[] words = text.split(" ");
        List<String> texts = new ArrayList<>();
        for (int from = 0; from < words.length; from += 150) {
            texts.add(String.join(" ", List.of(words).subList(from, Math.min(words.length, from + 150))));
        }
        DocumentMetadata meta = new DocumentMetadata(List.of(), "en", LocalDate.of(2026, 3, 1), null, null, null,
                null);
        Map<String, String> byId = new HashMap<>();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String chunkId = id + "-c" + i;
            byId.put(chunkId, texts.get(i));
            ChunkEvent c = new ChunkEvent(id, chunkId, i, texts.size(), "Field notes " + id, "uploads", null, null,
                    List.of(), texts.get(i), texts.get(i).split("\\s+").length, List.of("brand-" + RUN), 60, meta,
                    "corr-" + id, null, Instant.now());
            records.add(Events.record(EventType.CHUNK, id, c, UUID.randomUUID().toString(), "corr-" + id));
        }
        Events.kafka().produce(Serdes.String(), Serdes.ByteArray()).fromRecords(records).awaitCompletion();
        return byId;
    }

    static void awaitIndexed(String id) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().auth().oauth2(USER).get("/api/v1/documents/" + id + "/index-status")
                        .then().statusCode(200).body("status", equalTo("INDEXED")));
    }

    static JsonNode insightEvent(String id) {
        var records = Events.kafka().consumeStrings().fromTopics(Topics.INSIGHTS).awaitRecords(1, Duration.ofSeconds(30));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> records.getRecords().stream()
                .anyMatch(r -> id.equals(r.key())));
        ConsumerRecord<String, String> event = records.getRecords().stream().filter(r -> id.equals(r.key()))
                .findFirst().orElseThrow();
        JsonNode json = Events.json(event.value());
        assertEquals(List.of(), SchemaValidator.instance().validate(EventType.INSIGHT, json));
        return json;
    }

    @Test
    void aLongTextFileWithoutFullStopsGetsASummaryAndFindingsQuotedFromItsChunks() {
        String id = "notes-" + RUN;
        Random r = new Random(3);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 430; i++) { // a bullet list without punctuation, as Tika gives a text file: one paragraph
            items.add("- " + SUBJECTS[r.nextInt(SUBJECTS.length)] + " " + VERBS[r.nextInt(VERBS.length)] + " "
                    + OBJECTS[r.nextInt(OBJECTS.length)] + " " + TAILS[r.nextInt(TAILS.length)]);
        }
        Map<String, String> chunks = publishUnpaged(id, String.join(" ", items));
        assertTrue(chunks.size() >= 50, chunks.size() + " chunks");
        awaitIndexed(id);

        JsonPath view = given().auth().oauth2(USER).get("/api/v1/documents/" + id + "/summary")
                .then().statusCode(200).body("outcome", equalTo("SUMMARISED"))
                .body("method", equalTo(Summaries.EXTRACTIVE)).extract().jsonPath();
        String summary = view.getString("summary");
        assertFalse(summary.isBlank(), "the summary is not empty");
        assertFalse(summary.contains("(p. 0)"), "no page the document does not have: " + summary);
        List<Map<String, Object>> findings = view.getList("findings");
        assertTrue(findings.size() >= 5 && findings.size() <= 10, findings.toString());
        for (Map<String, Object> f : findings) {
            String chunk = chunks.get((String) f.get("chunkId"));
            assertTrue(chunk != null && chunk.contains((String) f.get("text")), "quoted from its chunk: " + f);
            assertFalse(((String) f.get("text")).startsWith("-"), "an item, not its bullet: " + f);
            assertEquals(0, f.get("page"), "a text file has no page numbers");
            assertEquals(List.of(), f.get("pages"), "no page is cited that does not exist");
        }
        assertTrue(findings.stream().anyMatch(f -> summary.contains((String) f.get("text"))), summary);

        JsonNode event = insightEvent(id);
        assertEquals(summary, event.get("summary").asText());
        assertEquals(findings.size(), event.get("findings").size());
        for (JsonNode f : event.get("findings")) {
            assertTrue(chunks.get(f.get("chunkIds").get(0).asText()).contains(f.get("text").asText()), f.toString());
            assertEquals(0, f.get("pages").size(), f.toString());
        }

        // an answer quoting it cites its chunk, not a page 0 the document does not have
        JsonPath answer = given().auth().oauth2(USER).contentType("application/json")
                .body("{\"question\":\"Do cardiologists in Germany prefer once-daily dosing of Zelvora?\"}")
                .post("/api/v1/answers").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> citations = answer.getList("citations");
        assertFalse(citations.isEmpty(), answer.prettify());
        for (Map<String, Object> c : citations) { // every document this user may read is a text file
            assertEquals(null, c.get("page"), "no page the document does not have: " + c);
        }
    }

    @Test
    void aDocumentOfNumbersOnlySaysItHasNothingToSummarise() {
        String id = "figures-" + RUN;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            text.append(2020 + i % 6).append(' ').append(12.5 + i).append(' ').append(i * 7 % 101).append(' ');
        }
        publishUnpaged(id, text.toString().strip());
        awaitIndexed(id);

        given().auth().oauth2(USER).get("/api/v1/documents/" + id + "/summary")
                .then().statusCode(200).body("outcome", equalTo("NOTHING_TO_SUMMARISE"))
                .body("method", equalTo(Summaries.NOTHING_TO_SUMMARISE)).body("summary", emptyString())
                .body("findings.size()", equalTo(0));
        JsonNode event = insightEvent(id);
        assertEquals(Summaries.NOTHING_TO_SUMMARISE, event.get("method").asText());
        assertEquals("", event.get("summary").asText());
        assertEquals(0, event.get("findings").size());
    }

    @Test
    void aSynthesisAnEarlierSummarizerLeftEmptyIsWrittenAgainAndPublished() throws Exception {
        String id = "stale-" + RUN;
        Random r = new Random(5);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add("- " + SUBJECTS[r.nextInt(SUBJECTS.length)] + " " + VERBS[r.nextInt(VERBS.length)] + " "
                    + OBJECTS[r.nextInt(OBJECTS.length)] + " " + TAILS[r.nextInt(TAILS.length)]);
        }
        Map<String, String> chunks = publishUnpaged(id, String.join(" ", items));
        awaitIndexed(id);
        // what the summarizer before this fix stored for such a document: an empty summary, no findings
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement("update document_summary set summary = '',"
                + " findings = '[]', method = ? where document_id = ?")) {
            ps.setString(1, Summaries.EXTRACTIVE);
            ps.setString(2, id);
            assertEquals(1, ps.executeUpdate());
        }
        given().auth().oauth2(USER).get("/api/v1/documents/" + id + "/summary").then().statusCode(200)
                .body("summary", emptyString());

        assertTrue(summaries.resummariseStale() >= 1);

        JsonPath view = given().auth().oauth2(USER).get("/api/v1/documents/" + id + "/summary")
                .then().statusCode(200).body("outcome", equalTo("SUMMARISED")).extract().jsonPath();
        assertFalse(view.getString("summary").isBlank());
        for (Map<String, Object> f : view.<Map<String, Object>>getList("findings")) {
            assertTrue(chunks.get((String) f.get("chunkId")).contains((String) f.get("text")), f.toString());
        }
        // the new synthesis is published after the first one, so a consumer of the topic ends with it
        var records = Events.kafka().consumeStrings().fromTopics(Topics.INSIGHTS).awaitRecords(2, Duration.ofSeconds(30));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> records.getRecords().stream()
                .filter(e -> id.equals(e.key())).count() == 2);
        List<ConsumerRecord<String, String>> published = records.getRecords().stream().filter(e -> id.equals(e.key()))
                .toList();
        assertEquals(view.getString("summary"), Events.json(published.get(1).value()).get("summary").asText());
        assertEquals(0, summaries.resummariseStale(), "written once: nothing is stale any more");
    }
}
