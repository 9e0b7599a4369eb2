package dev.compass.agent;

import static dev.compass.agent.AgentTestSupport.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.contracts.Topics;
import dev.compass.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A conversation is about one budget period: money moves only between the lines of that period. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "agent"))
class BudgetPeriodTest {

    @BeforeEach
    void agents() {
        agentsActive();
    }

    /**
     * Two periods of one brand x market: 2026-Q4 has tv, search and print; 2027-Q1 has search and print, and no tv
     * line (the money a conversation about 2027-Q1 moves into tv goes into a new 2027-Q1 tv line).
     */
    static void twoPeriods(String brand, String market) {
        given().auth().oauth2(token("analyst")).contentType(ContentType.JSON).body("""
                {"lines":[
                 {"brand":"%1$s","market":"%2$s","channel":"tv","period":"2026-Q4","amount":240000,"committed":100000},
                 {"brand":"%1$s","market":"%2$s","channel":"search","period":"2026-Q4","amount":60000,"committed":20000,"minimum":10000},
                 {"brand":"%1$s","market":"%2$s","channel":"print","period":"2026-Q4","amount":48000,"minimum":20000},
                 {"brand":"%1$s","market":"%2$s","channel":"search","period":"2027-Q1","amount":70000,"minimum":10000},
                 {"brand":"%1$s","market":"%2$s","channel":"print","period":"2027-Q1","amount":50000,"minimum":10000}]}
                """.formatted(brand, market)).put("/api/v1/budget/lines").then().statusCode(200);
    }

    static Response post(String brand, String market, String period) {
        String body = "{\"brand\":\"" + brand + "\",\"market\":\"" + market + "\",\"objective\":\"grow new patient"
                + " starts\",\"requestedAmount\":60000,\"horizonWeeks\":13"
                + (period == null ? "" : ",\"period\":\"" + period + "\"") + "}";
        return given().auth().oauth2(token("employee")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/conversations");
    }

    static List<Map<String, Object>> lines(String brand, String market) {
        return given().auth().oauth2(token("employee")).queryParam("brand", brand).queryParam("market", market)
                .get("/api/v1/budget/lines").then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** period -> channel -> amount */
    static Map<String, Map<String, Double>> amounts(List<Map<String, Object>> lines) {
        Map<String, Map<String, Double>> out = new HashMap<>();
        lines.forEach(l -> out.computeIfAbsent((String) l.get("period"), k -> new HashMap<>())
                .put((String) l.get("channel"), ((Number) l.get("amount")).doubleValue()));
        return out;
    }

    /** Runs a conversation about {@code period} to its approval; returns the proposal's moves. */
    static List<Map<String, Object>> negotiateAndApprove(String brand, String market, String period,
            String expectedPeriod) {
        return negotiateAndApprove(brand, market, period, expectedPeriod, "EUR");
    }

    /** The same, checking that the proposal and its ledger entries are in the budget's currency. */
    static List<Map<String, Object>> negotiateAndApprove(String brand, String market, String period,
            String expectedPeriod, String expectedCurrency) {
        String id = post(brand, market, period).then().statusCode(202).extract().path("conversationId");
        assertEquals(expectedPeriod, conversation(id).getString("period"), "the period is on the conversation");
        answer(id, json(ofTopic(Topics.QUESTIONS, id, 1).get(0).value()).getString("questionId"));
        ConsumerRecord<String, String> record = ofTopic(Topics.PROPOSALS, id, 1).get(0);
        JsonPath proposal = json(record.value());
        JsonPath c = awaitStatus(id, "AWAITING_APPROVAL");
        assertEquals(List.of("REQUEST", "PROPOSE", "ACCEPT"), c.getList("messages.performative"));
        assertEquals(expectedPeriod, c.getString("messages[0].data.period"), "the request names the period");
        assertEquals(expectedPeriod, c.getString("messages[1].data.period"), "the offer names the period");
        assertEquals(expectedPeriod, proposal.getString("period"), "the proposal governance decides names the period");
        assertEquals(expectedCurrency, proposal.getString("currency"), "the proposal names its amounts' currency");
        decision(proposal.getString("proposalId"), id, "APPROVED", UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        JsonPath done = awaitStatus(id, "COMPLETED");
        assertTrue(done.getString("messages[-1].text").contains("applied " + expectedCurrency + " "),
                done.getString("messages[-1].text"));
        List<ConsumerRecord<String, String>> entries = ofTopic(Topics.LEDGER, proposal.getString("proposalId"), 2);
        assertTrue(entries.stream().allMatch(r -> expectedCurrency.equals(json(r.value()).getString("currency"))),
                "every ledger entry is in the budget's currency: " + entries);
        return proposal.getList("moves");
    }

    @Test
    void aConversationAboutOnePeriodMovesMoneyOnlyBetweenThatPeriodsLines() {
        String brand = brand();
        mixModel(brand, "FR", profitableTv());
        twoPeriods(brand, "FR");
        Map<String, String> periodOf = lines(brand, "FR").stream().collect(Collectors.toMap(
                l -> (String) l.get("lineId"), l -> (String) l.get("period")));

        // named in another case than the lines': matched regardless of case, stored as the lines spell it
        List<Map<String, Object>> moves = negotiateAndApprove(brand, "FR", "2027-q1", "2027-Q1");
        assertEquals(60_000.0, moves.stream().mapToDouble(m -> ((Number) m.get("amount")).doubleValue()).sum(), 0.01);
        for (Map<String, Object> m : moves) {
            assertEquals("2027-Q1", periodOf.get((String) m.get("fromLineId")), "cut from a 2027-Q1 line: " + moves);
            assertTrue(!periodOf.containsKey((String) m.get("toLineId")) || "2027-Q1".equals(periodOf.get(
                    (String) m.get("toLineId"))), "funds no line of another period: " + moves);
        }
        List<Map<String, Object>> after = lines(brand, "FR");
        Map<String, Map<String, Double>> amounts = amounts(after);
        // 2026-Q4 is untouched: same amounts, no reallocation in its history
        assertEquals(Map.of("tv", 240_000.0, "search", 60_000.0, "print", 48_000.0), amounts.get("2026-Q4"));
        assertTrue(after.stream().filter(l -> "2026-Q4".equals(l.get("period")))
                .allMatch(l -> ((List<?>) l.get("history")).size() == 1), "2026-Q4 only has its import: " + after);
        // 2027-Q1 gave 60,000 to a new 2027-Q1 tv line
        Map<String, Double> q1 = amounts.get("2027-Q1");
        assertEquals(60_000.0, q1.get("tv"), 0.01, "the tv line of 2027-Q1 was created and funded: " + q1);
        assertEquals(70_000 + 50_000 - 60_000, q1.get("search") + q1.get("print"), 0.01);
        assertEquals(6, after.size(), "one new line, tv of 2027-Q1: " + after);
    }

    @Test
    void theProposalAndItsLedgerEntriesAreInTheCurrencyOfTheBudget() {
        String brand = brand();
        mixModel(brand, "CH", profitableTv());
        // the budget's first line names its currency; the rest of the plan names none and takes it
        given().auth().oauth2(token("analyst")).contentType(ContentType.JSON).body("""
                {"lines":[{"brand":"%s","market":"CH","channel":"search","period":"2027-Q1","currency":"CHF",
                 "amount":70000,"minimum":10000}]}""".formatted(brand)).put("/api/v1/budget/lines")
                .then().statusCode(200);
        twoPeriods(brand, "CH");
        assertTrue(lines(brand, "CH").stream().allMatch(l -> "CHF".equals(l.get("currency"))), "all in CHF");
        negotiateAndApprove(brand, "CH", "2027-Q1", "2027-Q1", "CHF");
        assertTrue(lines(brand, "CH").stream().allMatch(l -> "CHF".equals(l.get("currency"))),
                "the new tv line of 2027-Q1 too");
    }

    @Test
    void aConversationAboutTheOtherPeriodFundsThatPeriodsLineOfTheChannel() {
        String brand = brand();
        mixModel(brand, "DE", profitableTv());
        twoPeriods(brand, "DE");
        Map<String, String> idOf = lines(brand, "DE").stream().collect(Collectors.toMap(
                l -> l.get("period") + "/" + l.get("channel"), l -> (String) l.get("lineId")));

        List<Map<String, Object>> moves = negotiateAndApprove(brand, "DE", "2026-Q4", "2026-Q4");
        Set<String> q4 = Set.of(idOf.get("2026-Q4/search"), idOf.get("2026-Q4/print"));
        assertTrue(moves.stream().allMatch(m -> q4.contains((String) m.get("fromLineId"))), "from 2026-Q4: " + moves);
        assertTrue(moves.stream().allMatch(m -> idOf.get("2026-Q4/tv").equals(m.get("toLineId"))),
                "into 2026-Q4's tv line: " + moves);
        Map<String, Map<String, Double>> amounts = amounts(lines(brand, "DE"));
        assertEquals(Map.of("search", 70_000.0, "print", 50_000.0), amounts.get("2027-Q1"), "2027-Q1 is untouched");
        assertEquals(300_000.0, amounts.get("2026-Q4").get("tv"), 0.01);
        assertEquals(60_000 + 48_000 - 60_000, amounts.get("2026-Q4").get("search")
                + amounts.get("2026-Q4").get("print"), 0.01);
    }

    @Test
    void aConversationMustNameThePeriodWhenTheBudgetHasSeveralAndOneItHas() {
        String brand = brand();
        mixModel(brand, "IT", profitableTv());
        twoPeriods(brand, "IT");
        post(brand, "IT", null).then().statusCode(422).contentType("application/problem+json")
                .body("detail", allOf(containsString("2026-Q4, 2027-Q1"), containsString("name the period")))
                .body("errors.field", hasItem("period"));
        post(brand, "IT", "2027-Q2").then().statusCode(422).contentType("application/problem+json")
                .body("detail", allOf(containsString("2027-Q2"), containsString("2026-Q4, 2027-Q1")))
                .body("errors.field", hasItem("period"));
        post(brand, "IT", " ").then().statusCode(400).body("errors.field", hasItem("period"));
        post(brand, "IT", "x".repeat(51)).then().statusCode(400).body("errors.field", hasItem("period"));
        // nothing was started
        assertTrue(given().auth().oauth2(token("employee")).queryParam("limit", 500).get("/api/v1/conversations")
                .then().statusCode(200).extract().jsonPath().getList("brand").stream().noneMatch(brand::equals));
    }

    @Test
    void theOnlyPeriodIsTheConversationsWhenNoneIsNamedAndAPeriodWithoutLinesIsRecorded() {
        String brand = brand();
        mixModel(brand, "NL", profitableTv());
        plan(brand, "NL"); // 2026-H1 only
        String id = post(brand, "NL", null).then().statusCode(202).extract().path("conversationId");
        assertEquals("2026-H1", conversation(id).getString("period"));
        // no lines at all: started as before, with the period named recorded
        String other = brand();
        mixModel(other, "NL", profitableTv());
        String none = post(other, "NL", "2027-Q1").then().statusCode(202).extract().path("conversationId");
        assertEquals("2027-Q1", conversation(none).getString("period"));
        String unnamed = post(other, "NL", null).then().statusCode(202).extract().path("conversationId");
        assertEquals(null, conversation(unnamed).getString("period"));
    }
    @Test
    void aConversationStartedWithoutLinesOrPeriodTakesTheOnlyPeriodFinanceFindsAndFailsWithSeveral() {
        // lines imported while the commercial agent waits for evidence: one period, which finance uses and records
        String brand = brand();
        mixModel(brand, "ES", profitableTv());
        String id = post(brand, "ES", null).then().statusCode(202).extract().path("conversationId");
        assertEquals(null, conversation(id).getString("period"));
        plan(brand, "ES");
        answer(id, json(ofTopic(Topics.QUESTIONS, id, 1).get(0).value()).getString("questionId"));
        JsonPath c = awaitStatus(id, "AWAITING_APPROVAL");
        assertEquals("2026-H1", c.getString("period"));
        assertEquals("2026-H1", c.getString("messages[1].data.period"));

        // two periods: finance does not pick one
        String other = brand();
        mixModel(other, "ES", profitableTv());
        String failing = post(other, "ES", null).then().statusCode(202).extract().path("conversationId");
        twoPeriods(other, "ES");
        answer(failing, json(ofTopic(Topics.QUESTIONS, failing, 1).get(0).value()).getString("questionId"));
        JsonPath f = awaitStatus(failing, "FAILED");
        assertEquals(List.of("REQUEST", "FAILURE"), f.getList("messages.performative"));
        assertTrue(f.getString("reason").contains("has lines for 2026-Q4, 2027-Q1"), f.getString("reason"));
        assertTrue(lines(other, "ES").stream().allMatch(l -> ((List<?>) l.get("history")).size() == 1),
                "no line changed");
    }
}
