package dev.compass.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.EventType;
import dev.compass.contracts.Topics;
import dev.compass.contracts.schema.SchemaValidator;
import dev.compass.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Spend/sales data sets: usable ones published whole, unusable ones kept as REJECTED with their issues. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingestion"))
class DatasetTest {

    @Test
    void aUsableDataSetIsPublishedWithItsRows() throws Exception {
        byte[] csv = Files.readAllBytes(Support.datasets().resolve("mmm-pymc-marketing-example/mmm_example.csv"));
        String id = given().auth().oauth2(Support.token("analyst")).contentType("text/csv").body(csv)
                .queryParam("brand", "Cardiozen").queryParam("market", "DE").queryParam("kpi", "y")
                .queryParam("dateColumn", "date_week").queryParam("channels", "x1,x2")
                .queryParam("controls", "event_1,event_2").post("/api/v1/datasets")
                .then().statusCode(202).body("status", equalTo("USABLE")).extract().path("id");
        given().auth().oauth2(Support.token("analyst")).get("/api/v1/datasets/" + id).then().statusCode(200)
                .body("weeks", equalTo(179)).body("channels", equalTo(List.of("x1", "x2")));
        JsonNode[] event = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Support.readAll(Topics.DATASETS).stream()
                .filter(r -> id.equals(r.key())).peek(r -> event[0] = Support.json(r.value())).findFirst().isPresent());
        assertEquals(List.of(), SchemaValidator.instance().validate(EventType.DATASET, event[0]));
        assertEquals(179, event[0].path("rows").size());
        assertEquals(2018, Integer.parseInt(event[0].path("rows").get(0).path("week").asText().substring(0, 4)));
    }

    @Test
    void theSameDataSetSubmittedAgainKeepsItsIdAndIsPublishedOnce() throws Exception {
        byte[] csv = Files.readAllBytes(Support.datasets().resolve("mmm-pymc-marketing-example/mmm_example.csv"));
        String first = submit(csv, "Dedupa", "IT").then().statusCode(202).extract().path("id");
        submit(csv, "Dedupa", "IT").then().statusCode(200).body("id", equalTo(first))
                .body("status", equalTo("USABLE")).body("duplicate", equalTo(true))
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/datasets/" + first));
        // another market is another data set, even with the same bytes
        String other = submit(csv, "Dedupa", "ES").then().statusCode(202).extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Support.readAll(Topics.DATASETS).stream()
                .anyMatch(r -> other.equals(r.key())));
        long published = Support.readAll(Topics.DATASETS).stream()
                .filter(r -> Support.json(r.value()).path("brand").asText().equals("Dedupa")
                        && Support.json(r.value()).path("market").asText().equals("IT")).count();
        assertEquals(1, published, "the resubmission is not published again");
    }

    @Test
    void brandAndMarketFollowTheSuiteWideRule() throws Exception {
        byte[] csv = Files.readAllBytes(Support.datasets().resolve("mmm-pymc-marketing-example/mmm_example.csv"));
        // a leading space and '|' (the separator of the data-set key brand|market) are refused, naming the field
        for (String brand : List.of(" Cardiozen", "Cardio|zen")) {
            submit(csv, brand, "DE").then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem(org.hamcrest.Matchers.containsString("brand")));
        }
        submit(csv, "Cardiozen", "DE|FR").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(org.hamcrest.Matchers.containsString("market")));
        // names the shared rule accepts, such as an ampersand and a trailing full stop, are accepted
        submit(csv, "Pfizer & Co.", "UK").then().statusCode(202).body("status", equalTo("USABLE"));
    }

    private static io.restassured.response.Response submit(byte[] csv, String brand, String market) {
        return given().auth().oauth2(Support.token("analyst")).contentType("text/csv").body(csv)
                .queryParam("brand", brand).queryParam("market", market).queryParam("kpi", "y")
                .queryParam("dateColumn", "date_week").queryParam("channels", "x1,x2")
                .queryParam("controls", "event_1,event_2").post("/api/v1/datasets");
    }

    @Test
    void anUnusableDataSetIs422WithItsIssuesAndIsKeptAsRejected() {
        StringBuilder csv = new StringBuilder("date,revenue,tv_spend\n");
        for (int w = 0; w < 10; w++) {
            csv.append(java.time.LocalDate.of(2024, 1, 1).plusWeeks(w == 5 ? 4 : w)).append(',')
                    .append(w == 3 ? "n/a" : "1000").append(',').append(w == 2 ? "-5" : "200").append('\n');
        }
        // kpi and dateColumn default to revenue and date, like a mix-model upload's
        String id = given().auth().oauth2(Support.token("analyst")).contentType("text/csv").body(csv.toString())
                .queryParam("brand", "Oncora").queryParam("market", "FR").post("/api/v1/datasets")
                .then().statusCode(422).contentType("application/problem+json")
                .body("issues.code", hasItem("NEGATIVE_SPEND")).body("issues.code", hasItem("NON_NUMERIC"))
                .body("issues.code", hasItem("DUPLICATE_WEEK")).body("issues.code", hasItem("SHORT_HISTORY"))
                .extract().path("id");
        given().auth().oauth2(Support.token("analyst")).get("/api/v1/datasets/" + id).then().statusCode(200)
                .body("status", equalTo("REJECTED")).body("kpi", equalTo("revenue")).body("dateColumn", equalTo("date"));
        // a column with two roles (the KPI as a channel, a channel as a control) would be modelled against itself
        given().auth().oauth2(Support.token("analyst")).contentType("text/csv").body(csv.toString())
                .queryParam("brand", "Oncora").queryParam("market", "FR").queryParam("kpi", "tv_spend")
                .queryParam("channels", "tv_spend").post("/api/v1/datasets").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("channels"))
                .body("errors[0].message", equalTo("tv_spend is already the KPI; a column has one role"));
        given().auth().oauth2(Support.token("analyst")).contentType("text/csv").body(csv.toString())
                .queryParam("brand", "Oncora").queryParam("market", "FR").queryParam("channels", "tv_spend")
                .queryParam("controls", "TV_spend").post("/api/v1/datasets").then().statusCode(400)
                .body("errors[0].field", equalTo("controls"));
        given().auth().oauth2(Support.token("analyst")).contentType("text/csv").body("date,revenue\n")
                .queryParam("market", "FR").queryParam("kpi", "revenue").queryParam("dateColumn", "date")
                .post("/api/v1/datasets").then().statusCode(400).contentType("application/problem+json");
    }
}
