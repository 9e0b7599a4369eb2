package dev.compass.insight;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.compass.localstack.LocalStackTestResource;
import dev.compass.localstack.TestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Mix-model input that would be modelled wrongly, or would yield figures JSON cannot carry, is refused up front with a
 * problem that says why; contradictory lift tests and out-of-range optimisation requests likewise.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "insight"))
class MixModelInputTest {
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String ANALYST = TestStack.token("ann", List.of("analyst"), List.of());
    static final String EMPLOYEE = TestStack.token("emma", List.of("employee"), List.of());
    static String model;

    static RequestSpecification upload(String csv) {
        return given().auth().oauth2(ANALYST).contentType("text/csv").body(csv).queryParam("brand", "Inputs")
                .queryParam("market", "FR-" + RUN);
    }

    static String csv(UnaryOperator<String> edit) {
        return edit.apply(WeeklyData.csv(WeeklyData.simulate(60, 3)));
    }

    static synchronized String model() {
        if (model == null) {
            // column names in another case than the parameters name them: matched as ingestion does
            model = upload(WeeklyData.csv(WeeklyData.simulate(104, 7)).replaceFirst("date,revenue", "Date,Revenue"))
                    .queryParam("controls", "PRICE").queryParam("ignore", "Note")
                    .post("/api/v1/mix-models").then().statusCode(201).extract().path("id");
        }
        return model;
    }

    @Test
    void dataThatWouldBeModelledWronglyIsRefusedWithTheReason() {
        String weekly = csv(s -> s);
        // monthly, daily, a repeated week, a missing week
        StringBuilder m = new StringBuilder(weekly.lines().findFirst().orElseThrow()).append('\n');
        StringBuilder d = new StringBuilder(m);
        List<String> rows = weekly.lines().skip(1).toList();
        java.time.LocalDate day = java.time.LocalDate.of(2022, 1, 3);
        for (int i = 0; i < rows.size(); i++) {
            String rest = rows.get(i).substring(10);
            m.append(day.plusDays(30L * i)).append(rest).append('\n');
            d.append(day.plusDays(i)).append(rest).append('\n');
        }
        upload(m.toString()).post("/api/v1/mix-models").then().statusCode(422).body("detail", containsString("not a weekly"));
        upload(d.toString()).post("/api/v1/mix-models").then().statusCode(422).body("detail", containsString("not a weekly"));
        upload(weekly + rows.get(5) + "\n").post("/api/v1/mix-models").then().statusCode(422)
                .body("detail", containsString("more than once"));
        upload(weekly.replace(rows.get(5) + "\n", "")).post("/api/v1/mix-models").then().statusCode(422)
                .body("detail", containsString("missing"));
        // a repeated (in any case), empty or NUL-holding column name
        upload(weekly.replaceFirst(",search,", ",TV,")).post("/api/v1/mix-models").then().statusCode(422)
                .body("detail", containsString("'TV' is used by columns 3 and 4"));
        upload(weekly.replaceFirst(",search,", ",,")).post("/api/v1/mix-models").then().statusCode(422)
                .body("detail", containsString("column 4 has no name"));
        upload(weekly.replaceFirst(",search,", ",se\u0000arch,")).post("/api/v1/mix-models").then().statusCode(422)
                .body("detail", containsString("NUL"));
        // a channel never spent on, a KPI that is zero throughout or negative, spend beyond any budget
        String noSocial = weekly.lines().map(l -> {
            String[] c = l.split(",");
            if (!c[0].equals("date")) c[4] = "0";
            return String.join(",", c);
        }).reduce("", (a, b) -> a + b + "\n");
        upload(noSocial).post("/api/v1/mix-models").then().statusCode(422)
                .body("detail", containsString("channel social has no spend in any week"));
        String zeroKpi = weekly.lines().map(l -> {
            String[] c = l.split(",");
            if (!c[0].equals("date")) c[1] = "0";
            return String.join(",", c);
        }).reduce("", (a, b) -> a + b + "\n");
        upload(zeroKpi).post("/api/v1/mix-models").then().statusCode(422)
                .body("detail", containsString("zero in every week"));
        String[] r5 = rows.get(5).split(",");
        r5[1] = "-" + r5[1];
        upload(weekly.replace(rows.get(5), String.join(",", r5))).post("/api/v1/mix-models").then().statusCode(422)
                .body("detail", containsString("negative"));
        r5 = rows.get(5).split(",");
        r5[2] = "1e300";
        upload(weekly.replace(rows.get(5), String.join(",", r5))).post("/api/v1/mix-models").then().statusCode(422)
                .body("detail", containsString("1e300"));
    }

    @Test
    void aColumnHasOneRole() {
        String weekly = csv(s -> s);
        upload(weekly).queryParam("controls", "revenue").post("/api/v1/mix-models").then().statusCode(400)
                .body("errors[0].field", equalTo("controls"));
        upload(weekly).queryParam("controls", "tv").queryParam("ignore", "tv").post("/api/v1/mix-models").then()
                .statusCode(400).body("errors[0].field", equalTo("ignore"));
        upload(weekly).queryParam("kpi", "date").post("/api/v1/mix-models").then().statusCode(400)
                .body("errors[0].field", equalTo("kpi"));
    }

    @Test
    void theListShowsTheFitOfEveryVersion() {
        String id = model();
        given().auth().oauth2(EMPLOYEE).queryParam("brand", "Inputs").queryParam("market", "FR-" + RUN)
                .get("/api/v1/mix-models").then().statusCode(200).body("find { it.id == '" + id + "' }.r2",
                        notNullValue());
    }

    @Test
    void boundsObeyTheBudgetCapAndALargeBoundDoesNotChangeTheAnswer() {
        String id = model();
        given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON)
                .body("{\"mode\":\"TARGET_MROI\",\"targetMroi\":1,\"bounds\":{\"tv\":{\"max\":1e308}}}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(400)
                .body("errors.field", hasItem("bounds.tv.max"));
        given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON)
                .body("{\"mode\":\"FIXED_BUDGET\",\"bounds\":{\"search\":{\"min\":1e308}}}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(400)
                .body("errors.field", hasItem("bounds.search.min"));
        float free = given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON)
                .body("{\"mode\":\"TARGET_MROI\",\"targetMroi\":1}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(200)
                .extract().path("allocation.tv");
        float bounded = given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON)
                .body("{\"mode\":\"TARGET_MROI\",\"targetMroi\":1,\"bounds\":{\"tv\":{\"max\":1e15}}}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(200)
                .extract().path("allocation.tv");
        assertEquals(free, bounded, 1e-4 * free);
        given().auth().oauth2(EMPLOYEE).contentType(ContentType.JSON).body("{\"mode\":\"INCREMENTAL\"}")
                .post("/api/v1/mix-models/" + id + "/optimizations").then().statusCode(400)
                .body("errors[0].field", equalTo("weeklyBudget"));
    }

    @Test
    void liftTestsThatContradictEachOtherOrTheDataAreRefused() {
        String id = model();
        String lift = "{\"channel\":\"tv\",\"start\":\"2022-06-06\",\"end\":\"2022-08-29\",\"incrementalKpi\":%s,"
                + "\"standardError\":%s}";
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON)
                .body("[" + String.format(lift, "1", "1") + "," + String.format(lift, "1e6", "1") + "]")
                .post("/api/v1/mix-models/" + id + "/calibrations").then().statusCode(422)
                .body("detail", containsString("contradict each other"))
                .body("detail", containsString("lift test [0] and lift test [1]"));
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON)
                .body("[" + String.format(lift, "1e12", "1") + "]")
                .post("/api/v1/mix-models/" + id + "/calibrations").then().statusCode(422)
                .body("detail", containsString("the lift tests contradict the data"));
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON)
                .body("[" + String.format(lift, "1e300", "1e-300") + "]")
                .post("/api/v1/mix-models/" + id + "/calibrations").then().statusCode(400)
                .body("errors.field", hasItem("[0].incrementalKpi"));
        given().auth().oauth2(ANALYST).contentType(ContentType.JSON)
                .body("[" + String.format(lift, "1", "1") + ",{\"channel\":\"radio\",\"start\":\"2022-06-06\","
                        + "\"end\":\"2022-08-29\",\"incrementalKpi\":1,\"standardError\":1}]")
                .post("/api/v1/mix-models/" + id + "/calibrations").then().statusCode(400)
                .body("errors[0].field", equalTo("[1].channel"));
    }
}
