package dev.compass.insight;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.CloudEventHeaders;
import dev.compass.contracts.EventType;
import dev.compass.contracts.Topics;
import dev.compass.contracts.events.MixModelEvent;
import dev.compass.contracts.schema.EventJson;
import dev.compass.contracts.schema.SchemaValidator;
import dev.compass.insight.domain.MixModelEventMapper;
import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.TestStack;
import dev.compass.mixmodel.PosteriorMeanResponse;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Mix models: data set events fitted and published, CSV uploads, curves, optimisation, 422 and calibration. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "insight"))
class MixModelsTest {
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String ANALYST = TestStack.token("ann", List.of("analyst"), List.of());
    static final String EMPLOYEE = TestStack.token("emma", List.of("employee"), List.of());
    static String uploaded;

    static synchronized String uploadedModel() {
        if (uploaded == null) {
            uploaded = given().auth().oauth2(ANALYST).contentType("text/csv")
                    .body(WeeklyData.csv(WeeklyData.simulate(104, 7)))
                    .queryParam("brand", "Cardiolix").queryParam("market", "DE-" + RUN)
                    .queryParam("controls", "price").queryParam("ignore", "note")
                    .post("/api/v1/mix-models").then().statusCode(201).extract().path("id");
        }
        return uploaded;
    }

    @Test
    void aDatasetEventIsFittedAndPublishedWithCurvesAnAgentCanRebuild() throws Exception {
        String datasetId = "ds-" + RUN;
        String market = "FR-" + RUN;
        String eventId = Events.send(EventType.DATASET, datasetId, WeeklyData.event(datasetId, "Cardiolix", market,
                WeeklyData.simulate(104, 11)), "corr-" + datasetId);
        var records = Events.kafka().consumeStrings().fromTopics(Topics.MIX_MODELS)
                .awaitRecords(1, Duration.ofSeconds(120));
        String key = "Cardiolix|" + market;
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> records.getRecords().stream()
                .anyMatch(r -> key.equals(r.key())));
        ConsumerRecord<String, String> record = records.getRecords().stream().filter(r -> key.equals(r.key()))
                .findFirst().orElseThrow();
        assertEquals(eventId, Events.header(record, CloudEventHeaders.CAUSATION_ID));
        assertEquals("corr-" + datasetId, Events.header(record, CloudEventHeaders.CORRELATION_ID));
        JsonNode json = Events.json(record.value());
        assertEquals(List.of(), SchemaValidator.instance().validate(EventType.MIX_MODEL, json));
        MixModelEvent event = EventJson.mapper().treeToValue(json, MixModelEvent.class);
        assertEquals(datasetId, event.datasetId());
        assertEquals(1, event.version());
        assertEquals(List.of("tv", "search", "social"), event.channels().stream().map(MixModelEvent.Channel::channel)
                .toList());
        for (MixModelEvent.Channel c : event.channels()) {
            // the published draws rebuild exactly the sampled (expected) response curve and the marginal ROI
            MixModelEventMapper.toChannelCurve(c);
            assertTrue(c.curveDraws() != null && c.curveDraws().size() == 8,
                    "the stored posterior draws are published (8 in tests)");
            PosteriorMeanResponse expected = new PosteriorMeanResponse(c.curveDraws().stream()
                    .map(d -> MixModelEventMapper.toChannelCurve(c.channel(), d)).toList());
            assertEquals(21, c.responseCurve().size());
            for (MixModelEvent.CurvePoint p : c.responseCurve()) {
                assertEquals(p.weeklyResponse(), expected.response(p.weeklySpend()), 1e-6 * (1 + p.weeklyResponse()));
                assertTrue(p.low() <= p.high() + 1e-9, "interval " + p);
            }
            assertEquals(c.mroi(), expected.marginal(c.weeklySpend()), 1e-6 * (1 + Math.abs(c.mroi())));
        }
        // the same data set announced again under another event id (republished, re-driven) is not fitted again
        Events.send(EventType.DATASET, datasetId, WeeklyData.event(datasetId, "Cardiolix", market,
                WeeklyData.simulate(104, 11)), "corr-again-" + datasetId);
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> consumed(Topics.DATASETS, "insight-service"));
        // the same model through REST
        given().auth().oauth2(EMPLOYEE).queryParam("brand", "Cardiolix").queryParam("market", market)
                .get("/api/v1/mix-models").then().statusCode(200).body("$", hasSize(1))
                .body("[0].id", equalTo(event.modelId()));
    }

    /** Whether the consumer group has committed every record of the topic (so each one was handled to its end). */
    static boolean consumed(String topic, String group) {
        try (var companion = Events.kafka()) {
            var committed = companion.consumerGroups().offsets(group);
            var partitions = companion.topics().describe(topic).get(topic).partitions().stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            var latest = companion.offsets().list(partitions);
            return partitions.stream().allMatch(tp -> latest.get(tp).offset() == 0 || committed.containsKey(tp)
                    && committed.get(tp).offset() >= latest.get(tp).offset());
        }
    }

    @Test
    void aCsvUploadIsFittedAndReadBackWithRoiIntervalsAndLineage() {
        String id = uploadedModel();
        given().auth().oauth2(EMPLOYEE).get("/api/v1/mix-models/" + id).then().statusCode(200)
                .body("brand", equalTo("Cardiolix")).body("kpi", equalTo("revenue")).body("weeks", equalTo(104))
                .body("channels.channel", equalTo(List.of("tv", "search", "social")))
                .body("channels[0].roiLow", notNullValue()).body("channels[0].saturation.type", notNullValue())
                .body("fit.r2", notNullValue()).body("lineage.datasetId", containsString("upload-"))
                .body("controlEffects.price", notNullValue());
        given().auth().oauth2(EMPLOYEE).get("/api/v1/mix-models/" + id).then().statusCode(200)
                .body("channels[0]", not(hasKey("curveDraws")));
        // with draws=true every channel lists its posterior draws' curves, whose mean is the expected response:
        // a caller rebuilds from them the marginal ROI the model reports
        String withDraws = given().auth().oauth2(EMPLOYEE).queryParam("draws", true).get("/api/v1/mix-models/" + id)
                .then().statusCode(200).extract().asString();
        JsonPath model = new JsonPath(withDraws).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        for (int i = 0; i < 3; i++) {
            String channel = model.getString("channels[" + i + "].channel");
            List<Map<String, Object>> draws = model.getList("channels[" + i + "].curveDraws");
            assertEquals(8, draws.size(), "the stored draws (8 in tests)");
            PosteriorMeanResponse expected = new PosteriorMeanResponse(draws.stream()
                    .map(d -> MixModelEventMapper.toChannelCurve(channel, d)).toList());
            double mroi = model.getDouble("channels[" + i + "].mroi");
            assertEquals(mroi, expected.marginal(model.getDouble("channels[" + i + "].weeklySpend")),
                    1e-6 * (1 + Math.abs(mroi)), channel);
        }
        // a value that is neither true nor false is refused, not read as false
        given().auth().oauth2(EMPLOYEE).queryParam("draws", "yes").get("/api/v1/mix-models/" + id).then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("draws"))
                .body("detail", equalTo("draws: must be true or false, not 'yes'"));
        given().auth().oauth2(EMPLOYEE).get("/api/v1/mix-models/" + id + "/response-curves").then().statusCode(200)
                .body("curves", hasSize(3)).body("curves[0].points", hasSize(21))
                .body("curves[0].points[0].weeklyResponse", equalTo(0.0f));
    }

    @Test
    @SuppressWarnings("unchecked")
    void optimisationReallocatesTheBudgetAndAnImpossibleRequestIs422() {
        String id = uploadedModel();
        double total = ((Number) given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(200)
                .body("mode", equalTo("FIXED_BUDGET")).extract().path("projectedWeeklyResponse")).doubleValue();
        Map<String, Number> allocation = given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON)
                .body("{\"weeklyBudget\":40000,\"bounds\":{\"tv\":{\"min\":5000,\"max\":30000}}}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(200)
                .body("upliftPercent", notNullValue()).extract().path("allocation");
        assertEquals(40000, allocation.values().stream().mapToDouble(Number::doubleValue).sum(), 1.0);
        double tv = allocation.get("tv").doubleValue();
        assertTrue(tv >= 5000 - 1e-6 && tv <= 30000 + 1e-6, "tv within bounds: " + tv);
        assertTrue(total > 0);

        given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON)
                .body("{\"weeklyBudget\":1000,\"bounds\":{\"tv\":{\"min\":5000},\"search\":{\"min\":5000}}}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(422)
                .contentType("application/problem+json").body("detail", notNullValue());
        // a bound with only a cap: min is 0, and the cap holds
        Map<String, Number> capped = given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON)
                .body("{\"weeklyBudget\":40000,\"bounds\":{\"tv\":{\"max\":1000}}}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(200).extract().path("allocation");
        assertTrue(capped.get("tv").doubleValue() <= 1000 + 1e-6, "tv capped: " + capped);
        // a channel switched off: its marginal ROI at zero spend may be infinite, which JSON cannot carry as a number
        Map<String, Object> off = given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON)
                .body("{\"weeklyBudget\":40000,\"bounds\":{\"tv\":{\"max\":0}}}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(200).extract().path("$");
        assertEquals(0.0, ((Map<String, Number>) off.get("allocation")).get("tv").doubleValue(), 1e-9);
        Object tvMroi = ((Map<String, Object>) off.get("marginalRoi")).get("tv");
        assertTrue(tvMroi == null || tvMroi instanceof Number, "a number or null, not " + tvMroi);
        // a body that is not JSON, or a value of the wrong type, is a problem that says so
        given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON).body("not json")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("not valid JSON"));
        given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON).body("{\"weeklyBudget\":\"lots\"}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("weeklyBudget"))
                .body("detail", equalTo("weeklyBudget: must be a number"));
        // a budget beyond any budget, and a mode that does not exist, are named with what is expected
        given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON).body("{\"weeklyBudget\":1e308}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(400)
                .body("errors.field", hasItem("weeklyBudget"));
        given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON).body("{\"mode\":\"BEST\"}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(400)
                .body("detail", equalTo("mode: must be one of FIXED_BUDGET, INCREMENTAL, TARGET_MROI"));
        // a misspelt property is refused, not dropped: the answer would otherwise ignore the caller's bounds
        given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON)
                .body("{\"weeklyBudget\":40000,\"bound\":{\"tv\":{\"max\":0}}}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(400)
                .body("errors.field", hasItem("bound")).body("detail", equalTo("bound: not a property of this"
                        + " object; it has bounds, mode, targetMroi, weeklyBudget"));
        // every value of the wrong type and every unknown property at once, not one per attempt
        given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON)
                .body("{\"weeklyBudget\":\"lots\",\"mode\":\"BEST\",\"bound\":{},\"bounds\":{\"tv\":{\"max\":\"x\"}}}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("bound", "bounds.tv.max", "mode", "weeklyBudget"))
                .body("errors.message", contains(
                        "not a property of this object; it has bounds, mode, targetMroi, weeklyBudget",
                        "must be a number", "must be one of FIXED_BUDGET, INCREMENTAL, TARGET_MROI", "must be a number"))
                .body("detail", startsWith("bound: not a property of this object; it has bounds, mode, targetMroi,"
                        + " weeklyBudget; bounds.tv.max: must be a number; mode: must be one of"));
        // a bad bound names its channel
        given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON).body("{\"bounds\":{\"tv\":{\"min\":-1}}}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("bounds.tv.min"));
        given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON).body("{\"bounds\":{\"radio\":{\"min\":1}}}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("bounds"));
        given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON).body("{\"mode\":\"TARGET_MROI\"}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(400)
                .body("errors.field", hasItem("targetMroi"));
        given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/mix-models/nope/optimizations").then().statusCode(404)
                .contentType("application/problem+json");
        // a number too large for a double is not an infinite budget or cap
        given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON).body("{\"bounds\":{\"tv\":{\"max\":1e400}}}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(400)
                .body("errors[0].field", equalTo("bounds.tv.max"))
                .body("errors[0].message", equalTo("must be a number a double can hold (at most about 1.8e308 in"
                        + " size)"));
    }

    @Test
    void inputThatTheDatabaseCannotHoldIsACallersErrorNotAFailure() {
        // the NUL character, in a body, a query or a path
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON).body("{\"query\":\"Cardio\\u0000zen\"}")
                .post("/api/v1/search").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("query"))
                .body("errors[0].message", equalTo("must not contain the NUL character (U+0000)"));
        given().auth().oauth2(EMPLOYEE).queryParam("brand", "Cardio\u0000zen").get("/api/v1/mix-models").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("brand"));
        given().auth().oauth2(EMPLOYEE).urlEncodingEnabled(false).get("/api/v1/mix-models/a%00b").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("id"));
        // a value of another JSON type is refused, not converted
        for (String[] wrong : new String[][] {{"{\"query\":123}", "query", "must be a string"},
                {"{\"query\":\"x\",\"limit\":5.5}", "limit", "must be a whole number"},
                {"{\"query\":\"x\",\"limit\":\"5\"}", "limit", "must be a whole number"},
                {"{\"query\":\"x\",\"limit\":true}", "limit", "must be a whole number"},
                {"{\"query\":\"x\",\"limit\":99999999999999}", "limit",
                        "must be a whole number from -2147483648 to 2147483647"}}) {
            given().auth().oauth2(ANALYST).contentType(ContentType.JSON).body(wrong[0]).post("/api/v1/search").then()
                    .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo(wrong[1]))
                    .body("errors[0].message", equalTo(wrong[2]));
        }
        // a cursor naming a time no row can have (this API never issued it)
        String farPast = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("-100000-01-01T00:00:00Z|x".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        given().auth().oauth2(EMPLOYEE).queryParam("cursor", farPast).get("/api/v1/mix-models").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void optionsListsTheMethodsOfThePathItself() {
        given().options("/api/v1/mix-models").then().statusCode(204)
                .header("Allow", equalTo("GET, HEAD, POST, OPTIONS"));
        // not the POST of .../optimizations or .../calibrations, which the same resource class serves
        given().options("/api/v1/mix-models/some-id/response-curves").then().statusCode(204)
                .header("Allow", equalTo("GET, HEAD, OPTIONS"));
        given().options("/api/v1/mix-models/some-id/optimizations").then().statusCode(204)
                .header("Allow", equalTo("POST, OPTIONS"));
    }

    @Test
    void aQueryParameterWithoutANameIsNamedAsSuch() throws Exception {
        // not reported under its value ("unknown query parameter x"); sent as written (a client library drops the =)
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            s.getOutputStream().write(("GET /api/v1/mix-models?=x HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + EMPLOYEE + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 400"), response);
            assertTrue(response.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/problem+json"),
                    response);
            assertTrue(response.contains("a query parameter without a name ('=x'): write name=value"), response);
        }
    }

    @Test
    void calibrationWithALiftTestRefitsAsANewVersion() {
        String id = uploadedModel();
        String calibrated = given().auth().oauth2(ANALYST).contentType(ContentType.JSON)
                .body("[{\"channel\":\"tv\",\"start\":\"2023-06-05\",\"end\":\"2023-08-28\","
                        + "\"incrementalKpi\":500000,\"standardError\":25000}]")
                .post("/api/v1/mix-models/" + id + "/calibrations").then().statusCode(201)
                .body("version", equalTo(2)).body("calibratedFrom", equalTo(id))
                .body("lineage.calibration[0].channel", equalTo("tv")).extract().path("id");
        assertTrue(!calibrated.equals(id));
        // the versions, newest first, one per page: the calibrated one, then its parent, then no further page
        io.restassured.response.Response newest = given().auth().oauth2(EMPLOYEE).queryParam("brand", "Cardiolix")
                .queryParam("market", "DE-" + RUN).queryParam("limit", 1).get("/api/v1/mix-models");
        newest.then().statusCode(200).body("$", hasSize(1)).body("[0].id", equalTo(calibrated))
                .body("[0].version", equalTo(2)).body("[0].r2", notNullValue());
        String link = newest.header("Link");
        assertTrue(link != null && link.endsWith("rel=\"next\""), "a next page: " + link);
        io.restassured.response.Response parent = given().auth().oauth2(EMPLOYEE)
                .get(link.substring(link.indexOf('<') + 1, link.indexOf('>')));
        parent.then().statusCode(200).body("$", hasSize(1)).body("[0].id", equalTo(id)).body("[0].version", equalTo(1));
        assertEquals(null, parent.header("Link"), "no page after the first version");
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON)
                .body("[{\"channel\":\"radio\",\"start\":\"2023-06-05\",\"end\":\"2023-08-28\","
                        + "\"incrementalKpi\":1,\"standardError\":0}]")
                .post("/api/v1/mix-models/" + id + "/calibrations").then().statusCode(400)
                .contentType("application/problem+json");
        // the position of the bad lift test in the list is named
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON)
                .body("[{\"channel\":\"tv\",\"start\":\"2023-06-05\",\"end\":\"2023-08-28\",\"incrementalKpi\":1,"
                        + "\"standardError\":1},{\"channel\":\"tv\",\"start\":\"2023-06-05\",\"incrementalKpi\":1,"
                        + "\"standardError\":-2}]")
                .post("/api/v1/mix-models/" + id + "/calibrations").then().statusCode(400)
                .body("errors.field", hasItem("[1].standardError")).body("errors.field", hasItem("[1].end"));
    }

    @Test
    void aFitSentAgainWithItsIdempotencyKeyAnswersTheSameModelNotASecondVersion() throws Exception {
        String market = "IK-" + RUN;
        String csv = WeeklyData.csv(WeeklyData.simulate(104, 11));
        String key = UUID.randomUUID().toString();
        java.util.function.BiFunction<String, String, io.restassured.response.Response> post = (token, controls) ->
                given().auth().oauth2(token).header("Idempotency-Key", key).contentType("text/csv").body(csv)
                        .queryParam("brand", "Cardiolix").queryParam("market", market)
                        .queryParam("controls", controls).queryParam("ignore", "note").post("/api/v1/mix-models");
        // sent twice at once: one fits; the other answers the same model or says the first is still fitting
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<io.restassured.response.Response> both;
        try {
            List<java.util.concurrent.Future<io.restassured.response.Response>> sent = pool.invokeAll(List.of(
                    () -> post.apply(ANALYST, "price"), () -> post.apply(ANALYST, "price")));
            both = new java.util.ArrayList<>();
            for (var f : sent) {
                both.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        List<Integer> statuses = both.stream().map(io.restassured.response.Response::statusCode).toList();
        assertTrue(statuses.contains(201) && statuses.stream().allMatch(c -> c == 201 || c == 409), "" + statuses);
        List<String> made = both.stream().filter(r -> r.statusCode() == 201).map(r -> r.jsonPath().getString("id"))
                .distinct().toList();
        assertEquals(1, made.size(), "one model: " + made);
        // sent again after the answer was lost: the same model, marked as replayed, and still one version
        post.apply(ANALYST, "price").then().statusCode(201).header("Idempotent-Replayed", "true")
                .header("Location", containsString(made.get(0))).body("id", equalTo(made.get(0)));
        given().auth().oauth2(EMPLOYEE).queryParam("market", market).get("/api/v1/mix-models").then().statusCode(200)
                .body("id", equalTo(made));
        // the same key with another request is refused, nothing fitted; a key is the caller's own
        post.apply(ANALYST, "").then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("another request"));
        String bert = TestStack.token("bert", List.of("analyst"), List.of());
        String his = post.apply(bert, "price").then().statusCode(201).header("Idempotent-Replayed", (String) null)
                .extract().path("id");
        given().auth().oauth2(EMPLOYEE).queryParam("market", market).get("/api/v1/mix-models").then().statusCode(200)
                .body("id", equalTo(List.of(his, made.get(0))));
        // a request that failed leaves no key behind: sent again, it is answered again, not replayed or held
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(ANALYST).header("Idempotency-Key", "failing-" + key).contentType("text/csv")
                    .body("date,revenue,tv\n2024-01-01,1,2\n").queryParam("brand", "Cardiolix")
                    .queryParam("market", market).post("/api/v1/mix-models").then().statusCode(422)
                    .body("detail", containsString("cannot be modelled"));
        }
        given().auth().oauth2(ANALYST).header("Idempotency-Key", "two words").contentType("text/csv").body(csv)
                .queryParam("brand", "Cardiolix").queryParam("market", market).post("/api/v1/mix-models").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("Idempotency-Key"));
    }

    @Test
    void unusableUploadsAndMissingRolesAreProblems() throws Exception {
        given().auth().oauth2(ANALYST).contentType("text/csv").body("date,revenue,tv\n2024-01-01,1,2\n")
                .queryParam("brand", "Cardio & Co.").queryParam("market", "IT/SM")
                .post("/api/v1/mix-models").then().statusCode(422).contentType("application/problem+json");
        // the rule of data sets and budget lines: a name another service would refuse is refused here too
        given().auth().oauth2(ANALYST).contentType("text/csv").body("date,revenue,tv\n2024-01-01,1,2\n")
                .queryParam("brand", "Cardiolix|x").queryParam("market", "IT ")
                .post("/api/v1/mix-models").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("brand", "market")))
                .body("errors[0].message", equalTo(dev.compass.contracts.BrandAndMarket.MESSAGE));
        given().auth().oauth2(ANALYST).contentType("text/csv").body("date,revenue,tv\n")
                .post("/api/v1/mix-models").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("brand"));
        given().auth().oauth2(EMPLOYEE).contentType("text/csv").body("date,revenue,tv\n")
                .queryParam("brand", "Cardiolix").queryParam("market", "IT")
                .post("/api/v1/mix-models").then().statusCode(403);
        given().auth().oauth2(ANALYST).contentType("application/pdf").body("%PDF-1.4".getBytes())
                .queryParam("brand", "Cardiolix").queryParam("market", "IT")
                .post("/api/v1/mix-models").then().statusCode(415).contentType("application/problem+json")
                .body("detail", containsString("application/pdf is not accepted"));
        // a Content-Type that is not a media type at all: a 415 problem that says so, with a token or without one
        for (String header : List.of("a", ";;")) {
            for (String token : java.util.Arrays.asList(ANALYST, null)) {
                java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://localhost:" + io.restassured.RestAssured.port + "/api/v1/mix-models?brand=C&market=IT"))
                        .header("Content-Type", header).POST(java.net.http.HttpRequest.BodyPublishers.ofString("x"));
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
                java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                        request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(415, answer.statusCode(), answer.body());
                assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""));
                assertTrue(answer.body().contains("(not a media type: type/subtype)"), answer.body());
            }
        }
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON).body("{\"datasetId\":\"missing\"}")
                .post("/api/v1/mix-models").then().statusCode(404).contentType("application/problem+json");
        // one body is one JSON value, each property once: not the last of two taken in silence
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON)
                .body("{\"datasetId\":\"missing\",\"datasetId\":\"other\"}").post("/api/v1/mix-models").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("the property 'datasetId' appears more than once"));
        // inside a nested object too, named where it is
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON)
                .body("{\"weeklyBudget\":1000,\"mode\":\"FIXED_BUDGET\",\"bounds\":{\"tv\":{\"min\":0,\"min\":500}}}")
                .post("/api/v1/mix-models/missing/optimizations").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("bounds: "))
                .body("detail", containsString("the property 'min' appears more than once"));
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON).body("{\"datasetId\":\"missing\"} {\"x\":1}")
                .post("/api/v1/mix-models").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("more follows the JSON value"));
    }
}
