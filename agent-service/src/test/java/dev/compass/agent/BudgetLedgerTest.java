package dev.compass.agent;

import static dev.compass.agent.AgentTestSupport.brand;
import static dev.compass.agent.AgentTestSupport.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Plan imports of the budget ledger: serialised per line, validated per field, line ids checked one way. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "agent"))
class BudgetLedgerTest {

    static Response put(String body) {
        return given().auth().oauth2(token("analyst")).contentType(ContentType.JSON).body(body)
                .put("/api/v1/budget/lines");
    }

    static List<Map<String, Object>> lines(String brand) {
        return given().auth().oauth2(token("employee")).queryParam("brand", brand).get("/api/v1/budget/lines")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    static String line(String brand, String channel, double amount) {
        return """
                {"brand":"%s","market":"XX","channel":"%s","period":"2027Q1","amount":%s}""".formatted(brand, channel,
                amount);
    }

    /** Each change starts from the amount the previous one left, and the changes add up to the amount. */
    @SuppressWarnings("unchecked")
    static void assertHistoryChains(Map<String, Object> line, int changes) {
        List<Map<String, Object>> history = (List<Map<String, Object>>) line.get("history");
        assertEquals(changes, history.size(), "one history entry per successful import: " + history);
        double previous = 0;
        double sum = 0;
        for (int i = 0; i < history.size(); i++) {
            Map<String, Object> h = history.get(i);
            if (i == 0) {
                assertNull(h.get("previousAmount"), "the first change creates the line: " + history);
            } else {
                assertEquals(previous, ((Number) h.get("previousAmount")).doubleValue(), 0.001,
                        "change " + i + " starts from the previous amount: " + history);
            }
            double next = ((Number) h.get("newAmount")).doubleValue();
            assertEquals(next - previous, ((Number) h.get("delta")).doubleValue(), 0.001, "delta of " + h);
            sum += ((Number) h.get("delta")).doubleValue();
            previous = next;
        }
        double amount = ((Number) line.get("amount")).doubleValue();
        assertEquals(previous, amount, 0.001, "the last change leaves the amount: " + history);
        assertEquals(amount, sum, 0.001, "the deltas add up to the amount: " + history);
    }

    @Test
    void parallelImportsOfTheSameLinesAllSucceedOrConflictAndTheHistoryChains() throws Exception {
        String brand = brand();
        int threads = 8;
        int ok = 0;
        for (int round = 0; round < 2; round++) { // first the lines are new, then they exist
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                double amount = round * 100 + t + 1;
                // half the plans name the lines in the other order: no deadlock either way
                String a = line(brand, "tv", amount);
                String b = line(brand, "print", amount * 2);
                String body = "{\"lines\":[" + (t % 2 == 0 ? a + "," + b : b + "," + a) + "]}";
                statuses.add(pool.submit(() -> {
                    start.await();
                    return put(body).then().extract().statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> f : statuses) {
                int status = f.get();
                assertTrue(status == 200 || status == 409, "a parallel import answered " + status);
                if (status == 200) ok++;
            }
            pool.shutdown();
        }
        assertTrue(ok > 0, "some imports succeed");
        List<Map<String, Object>> lines = lines(brand);
        assertEquals(2, lines.size(), "one line per channel: " + lines);
        for (Map<String, Object> l : lines) {
            assertHistoryChains(l, ok);
        }
        double tv = lines.stream().filter(l -> l.get("channel").equals("tv")).mapToDouble(l -> ((Number) l.get("amount"))
                .doubleValue()).findFirst().orElseThrow();
        double print = lines.stream().filter(l -> l.get("channel").equals("print"))
                .mapToDouble(l -> ((Number) l.get("amount")).doubleValue()).findFirst().orElseThrow();
        assertEquals(tv * 2, print, 0.001, "both lines hold the amounts of the same, last import");
        assertTrue(tv > 100, "the final amount is one of the second round's: " + tv);
    }

    @Test
    void anAmountNoDoubleCanHoldIsA400NamingTheField() {
        String brand = brand();
        put("{\"lines\":[" + line(brand, "tv", 1) + ","
                + "{\"brand\":\"" + brand + "\",\"market\":\"XX\",\"channel\":\"print\",\"period\":\"2027Q1\",\"amount\":1e400}]}")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("lines[1].amount")));
        put("{\"lines\":[{\"brand\":\"" + brand + "\",\"market\":\"XX\",\"channel\":\"tv\",\"period\":\"2027Q1\","
                + "\"amount\":1e400,\"committed\":1e400,\"minimum\":1e400}]}")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("lines[0].amount", "lines[0].committed", "lines[0].minimum")));
        put("{\"lines\":[{\"brand\":\"" + brand + "\",\"market\":\"XX\",\"channel\":\"tv\",\"period\":\"2027Q1\","
                + "\"amount\":1e300}]}")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("lines[0].amount")));
        assertEquals(List.of(), lines(brand), "nothing of a rejected plan is imported");
        // a tiny amount is refused at once, whatever its exponent: no amount is rounded
        put("{\"lines\":[{\"brand\":\"" + brand + "\",\"market\":\"XX\",\"channel\":\"tv\",\"period\":\"2027Q1\","
                + "\"amount\":1e-100000000,\"committed\":0.004}]}")
                .then().statusCode(400).body("errors.field", equalTo(List.of("lines[0].amount", "lines[0].committed")));
        assertEquals(List.of(), lines(brand), "nothing of a rejected plan is imported");
    }

    @Test
    void aBrandOrMarketNameTheOtherServicesWouldRefuseIsA400() {
        String brand = brand();
        // the rule of data sets and mix models: a market " DE" or a brand "A|B" could never meet its mix model
        put("{\"lines\":[{\"brand\":\"" + brand + "|x\",\"market\":\" DE\",\"channel\":\"tv\",\"period\":\"2027Q1\","
                + "\"amount\":10}]}")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("lines[0].brand", "lines[0].market")))
                .body("errors[0].message", equalTo(dev.compass.contracts.BrandAndMarket.MESSAGE));
        assertEquals(List.of(), lines(brand), "nothing of a rejected plan is imported");
    }

    @Test
    void anAmountWithMoreThanTwoDecimalsIsA400NamingTheFieldNeverRounded() {
        String brand = brand();
        String line = "{\"lines\":[{\"brand\":\"" + brand + "\",\"market\":\"XX\",\"channel\":\"tv\","
                + "\"period\":\"2027Q1\",";
        put(line + "\"amount\":100.005}]}").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("lines[0].amount")))
                .body("errors[0].message", equalTo("must have at most 2 decimals (cents)"));
        put(line + "\"amount\":100,\"committed\":10.001,\"minimum\":0.125}]}").then().statusCode(400)
                .body("errors.field", equalTo(List.of("lines[0].committed", "lines[0].minimum")));
        assertEquals(List.of(), lines(brand), "nothing of a rejected plan is imported");
        // cents, trailing zeros and exponents are amounts to the cent
        put(line + "\"amount\":100.01,\"committed\":10.100,\"minimum\":1.5e1}]}").then().statusCode(200)
                .body("amount", equalTo(List.of(100.01f))).body("committed", equalTo(List.of(10.1f)))
                .body("minimum", equalTo(List.of(15.0f)));
        // a conversation's requestedAmount too
        given().auth().oauth2(token("employee")).contentType(ContentType.JSON)
                .body(AgentTestSupport.startBody(brand, "XX", 100.005)).post("/api/v1/conversations").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("requestedAmount")))
                .body("errors[0].message", equalTo("must have at most 2 decimals (cents)"));
    }

    static String printLine(String brand, String extra) {
        return "{\"lines\":[{\"brand\":\"" + brand + "\",\"market\":\"ES\",\"channel\":\"print\","
                + "\"period\":\"2027-Q1\"," + extra + "}]}";
    }

    @Test
    @SuppressWarnings("unchecked")
    void anImportWithoutCommittedOrMinimumKeepsTheLinesAndTheHistoryRecordsTheirChanges() {
        String brand = brand();
        put(printLine(brand, "\"amount\":159000,\"committed\":32000,\"minimum\":16000")).then().statusCode(200)
                .body("releasable", equalTo(List.of(127000.0f)));
        // correcting the amount keeps the committed part and the minimum
        put(printLine(brand, "\"amount\":150000")).then().statusCode(200)
                .body("committed", equalTo(List.of(32000.0f))).body("minimum", equalTo(List.of(16000.0f)))
                .body("releasable", equalTo(List.of(118000.0f)));
        // one given, the other kept
        put(printLine(brand, "\"amount\":150000,\"committed\":10000")).then().statusCode(200)
                .body("committed", equalTo(List.of(10000.0f))).body("minimum", equalTo(List.of(16000.0f)));
        put(printLine(brand, "\"amount\":150000,\"minimum\":0")).then().statusCode(200)
                .body("committed", equalTo(List.of(10000.0f))).body("minimum", equalTo(List.of(0.0f)));
        // a kept value is checked against the new amount like a given one
        put(printLine(brand, "\"amount\":5000")).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("lines[0].committed")));
        put(printLine(brand, "\"amount\":5000,\"committed\":5000")).then().statusCode(200);

        Map<String, Object> line = lines(brand).get(0);
        assertHistoryChains(line, 5);
        List<Map<String, Object>> history = (List<Map<String, Object>>) line.get("history");
        Map<String, Object> created = history.get(0);
        assertNull(created.get("previousCommitted"), "a new line had none: " + created);
        assertEquals(32000.0, ((Number) created.get("newCommitted")).doubleValue(), 0.001, "" + created);
        assertNull(created.get("previousMinimum"), "" + created);
        assertEquals(16000.0, ((Number) created.get("newMinimum")).doubleValue(), 0.001, "" + created);
        Map<String, Object> kept = history.get(1);
        assertEquals(List.of(32000.0, 32000.0, 16000.0, 16000.0), figures(kept), "kept: " + kept);
        assertEquals(List.of(32000.0, 10000.0, 16000.0, 16000.0), figures(history.get(2)), "" + history.get(2));
        assertEquals(List.of(10000.0, 10000.0, 16000.0, 0.0), figures(history.get(3)), "" + history.get(3));
        assertEquals(List.of(10000.0, 5000.0, 0.0, 0.0), figures(history.get(4)), "" + history.get(4));

        // a new line without them has none
        String other = brand();
        put(printLine(other, "\"amount\":100")).then().statusCode(200).body("committed", equalTo(List.of(0.0f)))
                .body("minimum", equalTo(List.of(0.0f))).body("releasable", equalTo(List.of(100.0f)));
    }

    static List<Double> figures(Map<String, Object> h) {
        return java.util.stream.Stream.of("previousCommitted", "newCommitted", "previousMinimum", "newMinimum")
                .map(k -> h.get(k) == null ? null : ((Number) h.get(k)).doubleValue()).toList();
    }

    @Test
    void aMinimumAboveTheAmountIsA400NamingTheField() {
        String brand = brand();
        put("{\"lines\":[{\"brand\":\"" + brand + "\",\"market\":\"XX\",\"channel\":\"tv\",\"period\":\"2027Q1\","
                + "\"amount\":100,\"minimum\":500}]}")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("lines[0].minimum")));
        put("{\"lines\":[{\"brand\":\"" + brand + "\",\"market\":\"XX\",\"channel\":\"tv\",\"period\":\"2027Q1\","
                + "\"amount\":100,\"minimum\":100,\"committed\":100}]}").then().statusCode(200);
    }

    @Test
    void aLineIdThatIsNotTheLinesOwnIsAConflict() {
        String brand = brand();
        String printId = brand + "-XX-print-2027Q1"; // the demo's format
        put("{\"lines\":[{\"lineId\":\"" + printId + "\"," + line(brand, "print", 10).substring(1) + ","
                + line(brand, "tv", 20) + "]}").then().statusCode(200)
                .body("lineId", equalTo(List.of(printId, (brand + ":xx:tv:2027q1").toLowerCase())));
        String tvId = (brand + ":xx:tv:2027q1").toLowerCase();

        // the print line's id with the tv line's brand, market, channel and period
        put("{\"lines\":[{\"lineId\":\"" + printId + "\"," + line(brand, "tv", 30).substring(1) + "]}")
                .then().statusCode(409).contentType("application/problem+json");
        // an id no line has, for the existing tv line
        put("{\"lines\":[{\"lineId\":\"other-id\"," + line(brand, "tv", 30).substring(1) + "]}")
                .then().statusCode(409).contentType("application/problem+json");
        // the print line's id for a new line
        put("{\"lines\":[{\"lineId\":\"" + printId + "\"," + line(brand, "search", 30).substring(1) + "]}")
                .then().statusCode(409).contentType("application/problem+json");

        // each line's own id, in either format, is accepted
        put("{\"lines\":[{\"lineId\":\"" + printId + "\"," + line(brand, "print", 11).substring(1) + ","
                + "{\"lineId\":\"" + tvId + "\"," + line(brand, "tv", 21).substring(1) + "]}")
                .then().statusCode(200).body("lineId", equalTo(List.of(printId, tvId)))
                .body("amount", equalTo(List.of(11.0f, 21.0f)));
        assertEquals(2, lines(brand).size());
    }

    @Test
    void brandMarketChannelAndPeriodNameALineWhateverTheirCase() {
        String brand = brand();
        String tvId = (brand + ":xx:tv:2027q1").toLowerCase();
        put("{\"lines\":[" + line(brand, "tv", 100) + "]}").then().statusCode(200);
        // the same line, spelt in other cases, without an id: the line is replaced, never a conflict about an id
        put("{\"lines\":[{\"brand\":\"" + brand.toUpperCase() + "\",\"market\":\"xx\",\"channel\":\"TV\","
                + "\"period\":\"2027q1\",\"amount\":150}]}")
                .then().statusCode(200).body("lineId", equalTo(List.of(tvId))).body("amount", equalTo(List.of(150.0f)));
        List<Map<String, Object>> lines = lines(brand);
        assertEquals(1, lines.size(), "still one line: " + lines);
        assertHistoryChains(lines.get(0), 2);
        assertEquals(1, lines(brand.toLowerCase()).size(), "the brand filter ignores case too");
        // and with its id
        put("{\"lines\":[{\"lineId\":\"" + tvId + "\",\"brand\":\"" + brand + "\",\"market\":\"XX\",\"channel\":\"Tv\","
                + "\"period\":\"2027Q1\",\"amount\":160}]}").then().statusCode(200);
        // one plan naming the same line twice in two cases
        put("{\"lines\":[" + line(brand, "tv", 1) + "," + line(brand, "TV", 2) + "]}")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("lines[1]")));
    }

    @Test
    void aClientThatSendsNoIdNeverGetsAConflictAboutOne() {
        String brand = brand();
        // "<brand> Q" and "<brand>-q" are two brands whose generated ids would be the same
        put("{\"lines\":[" + line(brand + " Q", "tv", 1) + "]}").then().statusCode(200);
        String second = put("{\"lines\":[" + line(brand + "-q", "tv", 2) + "]}").then().statusCode(200)
                .extract().path("[0].lineId");
        String first = lines(brand + " Q").get(0).get("lineId").toString();
        assertNotEquals(first, second);
        put("{\"lines\":[" + line(brand + "-q", "tv", 3) + "]}").then().statusCode(200)
                .body("lineId", equalTo(List.of(second)));
        JsonPath again = put("{\"lines\":[" + line(brand + " Q", "tv", 4) + "]}").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(first, again.getString("[0].lineId"));
    }

    static String line(String brand, String market, String channel, String currency, double amount) {
        return """
                {"brand":"%s","market":"%s","channel":"%s","period":"2027Q1",%s"amount":%s}""".formatted(brand, market,
                channel, currency == null ? "" : "\"currency\":\"" + currency + "\",", amount);
    }

    @Test
    void theLinesOfABrandAndMarketShareOneCurrencyThatAPlanCannotChange() {
        String brand = brand();
        // no currency named: the default one; one named: the budget's from its first lines on
        put("{\"lines\":[" + line(brand, "DE", "tv", null, 100) + "," + line(brand, "GB", "tv", "GBP", 200) + "]}")
                .then().statusCode(200).body("currency", equalTo(List.of("EUR", "GBP")));
        put("{\"lines\":[" + line(brand, "gb", "search", null, 50) + "]}").then().statusCode(200)
                .body("[0].currency", equalTo("GBP"));

        // a line in another currency than its budget's: refused, nothing of the plan imported
        put("{\"lines\":[" + line(brand, "CH", "tv", "CHF", 10) + "," + line(brand, "GB", "print", "EUR", 30) + "]}")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("lines[1].currency")))
                .body("detail", org.hamcrest.Matchers.containsString("is in GBP"));
        // two currencies for the lines of one brand and market in one plan
        put("{\"lines\":[" + line(brand, "FR", "tv", "EUR", 10) + "," + line(brand, "fr", "print", "USD", 30) + "]}")
                .then().statusCode(400).body("errors.field", equalTo(List.of("lines[1].currency")));
        // not a currency
        put("{\"lines\":[" + line(brand, "FR", "tv", "EURO", 10) + "]}").then().statusCode(400)
                .body("errors.field", equalTo(List.of("lines[0].currency")));
        put("{\"lines\":[" + line(brand, "FR", "tv", "XYZ", 10) + "]}").then().statusCode(400)
                .body("errors.field", equalTo(List.of("lines[0].currency")));

        Map<String, String> currencyOf = new java.util.TreeMap<>();
        lines(brand).forEach(l -> currencyOf.put(l.get("market") + "/" + l.get("channel"), (String) l.get("currency")));
        assertEquals(Map.of("DE/tv", "EUR", "GB/tv", "GBP", "gb/search", "GBP"), currencyOf,
                "only the accepted plans' lines, each in its budget's currency");
    }

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    @Test
    void linesImportedBeforeBudgetsHadACurrencyAreInTheDefaultOneAndStayInIt() throws Exception {
        String brand = brand();
        // a line as an earlier version stored it: no currency recorded for its budget
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement("insert into budget_line (id, brand,"
                + " market, channel, period, amount, committed, minimum, updated_at) values (?, ?, 'IE', 'tv',"
                + " '2027Q1', 500, 0, 0, now())")) {
            ps.setString(1, "legacy-" + brand);
            ps.setString(2, brand);
            ps.executeUpdate();
        }
        assertEquals("EUR", lines(brand).get(0).get("currency"));
        put("{\"lines\":[" + line(brand, "IE", "search", "GBP", 10) + "]}").then().statusCode(422)
                .body("errors.field", equalTo(List.of("lines[0].currency")));
        put("{\"lines\":[" + line(brand, "IE", "search", null, 10) + "]}").then().statusCode(200)
                .body("[0].currency", equalTo("EUR"));
    }
}
