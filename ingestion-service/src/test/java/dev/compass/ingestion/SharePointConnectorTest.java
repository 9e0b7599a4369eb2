package dev.compass.ingestion;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.compass.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SharePoint connector against a local stub of Microsoft Graph: token, sites paged by @odata.nextLink, drives,
 * drive delta with nextLink/deltaLink, 429 + Retry-After, permissions to groups, content via redirect; then an
 * incremental round with a change, a deleted facet, and a 410 (resyncRequired) that forces a full resync of a drive.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingestion"))
class SharePointConnectorTest {
    static WireMockServer graph;

    @BeforeAll
    static void startGraph() {
        graph = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        graph.start();
    }

    @AfterAll
    static void stopGraph() {
        graph.stop();
    }

    static String base() {
        return "http://localhost:" + graph.port();
    }

    static String file(String id, String name, String cTag, int size) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"cTag\":\"" + cTag + "\",\"size\":" + size
                + ",\"lastModifiedDateTime\":\"2025-01-01T00:00:00Z\",\"file\":{\"mimeType\":\"text/plain\"},"
                + "\"parentReference\":{\"path\":\"/drive/root:/Studies\"}}";
    }

    static String text(String topic) {
        return "SharePoint study on " + topic + ". Interviews with 40 oncologists in Germany covered Oncora use,"
                + " treatment sequencing, budget constraints and the expected impact of biosimilars in 2025.";
    }

    static void content(String drive, String item, String body) {
        graph.stubFor(get(urlPathEqualTo("/v1.0/drives/" + drive + "/items/" + item + "/content"))
                .willReturn(aResponse().withStatus(302).withHeader("Location", base() + "/download/" + item + "/"
                        + Math.abs(body.hashCode()))));
        graph.stubFor(get(urlPathEqualTo("/download/" + item + "/" + Math.abs(body.hashCode())))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody(body)));
    }

    static void delta(String drive, String token, String body) {
        graph.stubFor(get(urlPathEqualTo("/v1.0/drives/" + drive + "/root/delta"))
                .withQueryParam("token", token == null ? absent() : equalTo(token)).willReturn(okJson(body)));
    }

    @Test
    void deltaSyncHandlesPagingThrottlingPermissionsDeletionsAndResync() {
        String b = base();
        graph.stubFor(post(urlPathEqualTo("/tenant/oauth2/v2.0/token"))
                .willReturn(okJson("{\"token_type\":\"Bearer\",\"access_token\":\"tok\",\"expires_in\":3600}")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/sites")).withQueryParam("search", equalTo("*"))
                .withQueryParam("page", absent()).willReturn(okJson("{\"value\":[{\"id\":\"site-1\",\"name\":\"Oncology\"}],"
                        + "\"@odata.nextLink\":\"" + b + "/v1.0/sites?search=*&page=2\"}")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/sites")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson("{\"value\":[{\"id\":\"site-2\",\"name\":\"Cardio\"}]}")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/sites/site-1/drives")).willReturn(okJson("{\"value\":[{\"id\":\"d1\"}]}")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/sites/site-2/drives")).willReturn(okJson("{\"value\":[{\"id\":\"d2\"}]}")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/drives/d1/items/a/permissions")).willReturn(okJson("{\"value\":["
                + "{\"grantedToV2\":{\"siteGroup\":{\"displayName\":\"Oncology Members\",\"id\":\"3\"}}},"
                + "{\"grantedToIdentitiesV2\":[{\"group\":{\"displayName\":\"Market Research\",\"id\":\"g-1\"}}]},"
                + "{\"grantedToV2\":{\"user\":{\"displayName\":\"Bob\"}}}]}")));
        for (String[] p : new String[][] {{"d1", "b"}, {"d2", "c"}, {"d2", "d"}}) {
            graph.stubFor(get(urlPathEqualTo("/v1.0/drives/" + p[0] + "/items/" + p[1] + "/permissions"))
                    .willReturn(okJson("{\"value\":[{\"grantedToV2\":{\"group\":{\"id\":\"g-" + p[1] + "\"}}}]}")));
        }
        // round 1: d1 in two pages, the second throttled once; d2 in one page
        delta("d1", null, "{\"value\":[{\"id\":\"root\",\"root\":{},\"folder\":{}},{\"id\":\"f\",\"name\":\"Studies\","
                + "\"folder\":{}}," + file("a", "a.txt", "ca1", 200) + "],\"@odata.nextLink\":\"" + b
                + "/v1.0/drives/d1/root/delta?token=p2\"}");
        graph.stubFor(get(urlPathEqualTo("/v1.0/drives/d1/root/delta")).withQueryParam("token", equalTo("p2"))
                .inScenario("throttle").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("throttled")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("{\"error\":{\"code\":\"TooManyRequests\"}}")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/drives/d1/root/delta")).withQueryParam("token", equalTo("p2"))
                .inScenario("throttle").whenScenarioStateIs("throttled")
                .willReturn(okJson("{\"value\":[" + file("b", "b.txt", "cb1", 200) + "],\"@odata.deltaLink\":\"" + b
                        + "/v1.0/drives/d1/root/delta?token=d1-1\"}")));
        delta("d2", null, "{\"value\":[" + file("c", "c.txt", "cc1", 200) + "],\"@odata.deltaLink\":\"" + b
                + "/v1.0/drives/d2/root/delta?token=d2-1\"}");
        content("d1", "a", text("first-line immunotherapy"));
        content("d1", "b", text("hospital formulary committees in Bavaria"));
        content("d2", "c", text("heart failure registries and cardiology referrals"));

        String sourceId = given().auth().oauth2(Support.ops()).contentType(ContentType.JSON)
                .body("{\"type\":\"sharepoint\",\"name\":\"tenant\",\"config\":{\"tokenUrl\":\"" + b
                        + "/tenant/oauth2/v2.0/token\",\"clientId\":\"app\","
                        + "\"clientSecretEnv\":\"GRAPH_TEST_CLIENT_SECRET\","
                        + "\"graphBaseUrl\":\"" + b + "\"}}")
                .post("/api/v1/sources").then().statusCode(201)
                .body("config.clientSecretEnv", org.hamcrest.Matchers.equalTo("GRAPH_TEST_CLIENT_SECRET"))
                .extract().path("id");

        JsonNode first = FilesystemConnectorTest.sync(sourceId);
        assertEquals("COMPLETED", first.path("status").asText(), first.toString());
        // the secret came from the environment variable the source names (the pom sets it for the tests)
        graph.verify(postRequestedFor(urlPathEqualTo("/tenant/oauth2/v2.0/token"))
                .withRequestBody(containing("client_secret=s3cret")));
        assertEquals(2, first.path("sitesTotal").asInt(), "both pages of sites");
        assertEquals(3, first.path("itemsNew").asInt(), first.toString());

        List<LoggedRequest> throttled = graph.findAll(getRequestedFor(urlPathEqualTo("/v1.0/drives/d1/root/delta"))
                .withQueryParam("token", equalTo("p2")));
        assertEquals(2, throttled.size());
        long waited = throttled.get(1).getLoggedDate().getTime() - throttled.get(0).getLoggedDate().getTime();
        assertTrue(waited >= 950, "Retry-After 1 s honoured, waited " + waited + " ms");

        JsonNode a = Support.awaitTerminal(FilesystemConnectorTest.docId("Oncology", "/Studies/a.txt"), Duration.ofSeconds(60));
        assertEquals("PUBLISHED", a.path("status").asText(), a.toString());
        List<String> groups = new ArrayList<>();
        a.path("groups").forEach(g -> groups.add(g.asText()));
        assertEquals(List.of("Oncology Members", "Market Research"), groups);
        String bId = FilesystemConnectorTest.docId("Oncology", "/Studies/b.txt");
        String cId = FilesystemConnectorTest.docId("Cardio", "/Studies/c.txt");
        assertEquals("g-c", Support.awaitTerminal(cId, Duration.ofSeconds(60)).path("groups").get(0).asText());

        // round 2: the persisted deltaLinks are used; a changes, b is deleted; d2's token expired (410)
        delta("d1", "d1-1", "{\"value\":[" + file("a", "a.txt", "ca2", 230) + ",{\"id\":\"b\",\"deleted\":{\"state\":"
                + "\"deleted\"}}],\"@odata.deltaLink\":\"" + b + "/v1.0/drives/d1/root/delta?token=d1-2\"}");
        content("d1", "a", text("first-line immunotherapy, updated with the 2025 label extension"));
        graph.stubFor(get(urlPathEqualTo("/v1.0/drives/d2/root/delta")).withQueryParam("token", equalTo("d2-1"))
                .willReturn(aResponse().withStatus(410).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":\"resyncRequired\",\"message\":\"Resync required.\"}}")));
        delta("d2", null, "{\"value\":[" + file("d", "d.txt", "cd1", 200) + "],\"@odata.deltaLink\":\"" + b
                + "/v1.0/drives/d2/root/delta?token=d2-2\"}");
        content("d2", "d", text("cardiac rehabilitation programmes in the Nordics"));

        JsonNode second = FilesystemConnectorTest.sync(sourceId);
        assertEquals("COMPLETED", second.path("status").asText(), second.toString());
        assertEquals(1, second.path("itemsNew").asInt(), second.toString());
        assertEquals(1, second.path("itemsChanged").asInt(), second.toString());
        assertEquals(2, second.path("itemsDeleted").asInt(), "b by its deleted facet, c by the full resync: " + second);
        for (String gone : List.of(bId, cId)) {
            given().auth().oauth2(Support.ops()).get("/api/v1/documents/" + gone).then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("DELETED"));
        }
        JsonNode d = Support.awaitTerminal(FilesystemConnectorTest.docId("Cardio", "/Studies/d.txt"), Duration.ofSeconds(60));
        assertEquals("PUBLISHED", d.path("status").asText());
        JsonNode a2 = Support.awaitTerminal(FilesystemConnectorTest.docId("Oncology", "/Studies/a.txt"), Duration.ofSeconds(60));
        assertTrue(!a2.path("id").asText().equals(a.path("id").asText()), "a changed: a new version was ingested");
        assertEquals("PUBLISHED", a2.path("status").asText());
        given().auth().oauth2(Support.ops()).get("/api/v1/documents/" + a.path("id").asText()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("DELETED"));
        graph.verify(getRequestedFor(urlPathEqualTo("/v1.0/drives/d1/root/delta")).withQueryParam("token", equalTo("d1-1")));

        // round 3: nothing changed; the deltaLinks of round 2 are used
        delta("d1", "d1-2", "{\"value\":[],\"@odata.deltaLink\":\"" + b + "/v1.0/drives/d1/root/delta?token=d1-3\"}");
        delta("d2", "d2-2", "{\"value\":[],\"@odata.deltaLink\":\"" + b + "/v1.0/drives/d2/root/delta?token=d2-3\"}");
        JsonNode third = FilesystemConnectorTest.sync(sourceId);
        assertEquals(0, third.path("itemsNew").asInt() + third.path("itemsChanged").asInt()
                + third.path("itemsDeleted").asInt(), third.toString());

        // round 4: a is no longer shared with Market Research; its version is the same, the feed reports the sharing
        // change, and access follows: a new version with the narrower groups replaces the one Market Research could read
        graph.stubFor(get(urlPathEqualTo("/v1.0/drives/d1/items/a/permissions")).willReturn(okJson("{\"value\":["
                + "{\"grantedToV2\":{\"siteGroup\":{\"displayName\":\"Oncology Members\",\"id\":\"3\"}}}]}")));
        delta("d1", "d1-3", "{\"value\":[" + file("a", "a.txt", "ca2", 230).replace("{\"id\"",
                "{\"@microsoft.graph.sharedChanged\":\"True\",\"id\"") + "],\"@odata.deltaLink\":\"" + b
                + "/v1.0/drives/d1/root/delta?token=d1-4\"}");
        delta("d2", "d2-3", "{\"value\":[],\"@odata.deltaLink\":\"" + b + "/v1.0/drives/d2/root/delta?token=d2-4\"}");
        JsonNode fourth = FilesystemConnectorTest.sync(sourceId);
        assertEquals(1, fourth.path("itemsChanged").asInt(), fourth.toString());
        JsonNode a3 = Support.awaitTerminal(FilesystemConnectorTest.docId("Oncology", "/Studies/a.txt"),
                Duration.ofSeconds(60));
        assertEquals("PUBLISHED", a3.path("status").asText(), a3.toString());
        assertEquals(List.of("Oncology Members"), List.of(a3.path("groups").get(0).asText()), a3.toString());
        assertEquals(1, a3.path("groups").size(), a3.toString());
        given().auth().oauth2(Support.ops()).get("/api/v1/documents/" + a2.path("id").asText()).then()
                .statusCode(200).body("status", org.hamcrest.Matchers.equalTo("DELETED"));
        graph.verify(getRequestedFor(urlPathEqualTo("/v1.0/drives/d1/root/delta"))
                .withHeader("Prefer", equalTo("deltashowsharingchanges, deltatraversepermissiongaps")));
    }

    @Test
    void theServiceTokenGoesOnlyToTheGraphEndpointTheSourceNames() {
        String b = base();
        String elsewhere = "http://127.0.0.1:" + graph.port(); // allowed for token URLs in tests, but not the Graph base
        graph.stubFor(post(urlPathEqualTo("/tenant/oauth2/v2.0/token"))
                .willReturn(okJson("{\"token_type\":\"Bearer\",\"access_token\":\"tok\",\"expires_in\":3600}")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/sites")).withQueryParam("search", equalTo("tokens"))
                .willReturn(okJson("{\"value\":[{\"id\":\"site-t\",\"name\":\"Tokens\"}]}")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/sites/site-t/drives")).willReturn(okJson("{\"value\":[{\"id\":\"dt\"}]}")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/drives/dt/items/t1/permissions")).willReturn(okJson("{\"value\":[]}")));
        // the first page's item is served by a pre-authenticated download URL on another host, as SharePoint does
        graph.stubFor(get(urlPathEqualTo("/v1.0/drives/dt/items/t1/content"))
                .willReturn(aResponse().withStatus(302).withHeader("Location", elsewhere + "/download/t1?sig=x")));
        graph.stubFor(get(urlPathEqualTo("/download/t1")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/plain").withBody(text("token handling in market access"))));
        // ... and its nextLink leads away from the Graph endpoint
        delta("dt", null, "{\"value\":[" + file("t1", "t1.txt", "ct1", 200) + "],\"@odata.nextLink\":\"" + elsewhere
                + "/v1.0/drives/dt/root/delta?token=stolen\"}");
        String sourceId = given().auth().oauth2(Support.ops()).contentType(ContentType.JSON)
                .body("{\"type\":\"sharepoint\",\"name\":\"tokens\",\"config\":{\"tokenUrl\":\"" + b
                        + "/tenant/oauth2/v2.0/token\",\"clientId\":\"app\","
                        + "\"clientSecretEnv\":\"GRAPH_TEST_CLIENT_SECRET\","
                        + "\"graphBaseUrl\":\"" + b + "\",\"siteSearch\":\"tokens\"}}")
                .post("/api/v1/sources").then().statusCode(201).extract().path("id");

        JsonNode run = FilesystemConnectorTest.sync(sourceId);
        assertEquals(1, run.path("sitesFailed").asInt(), run.toString());
        assertTrue(run.path("errors").toString().contains("@odata.nextLink leads to " + elsewhere
                + ", not to the Graph endpoint " + b), run.toString());
        graph.verify(0, getRequestedFor(urlPathEqualTo("/v1.0/drives/dt/root/delta"))
                .withQueryParam("token", equalTo("stolen")));
        graph.verify(getRequestedFor(urlPathEqualTo("/v1.0/drives/dt/items/t1/content"))
                .withHeader("Authorization", equalTo("Bearer tok")));
        graph.verify(1, getRequestedFor(urlPathEqualTo("/download/t1")).withoutHeader("Authorization"));
        graph.verify(0, getRequestedFor(urlPathEqualTo("/download/t1")).withHeader("Authorization", matching(".*")));
        JsonNode t1 = Support.awaitTerminal(FilesystemConnectorTest.docId("Tokens", "/Studies/t1.txt"), Duration.ofSeconds(60));
        assertEquals("PUBLISHED", t1.path("status").asText(), "the page before the bad link was ingested: " + t1);
    }

    @Test
    void aSourceCannotSendTheServiceSecretsToAHostOfTheCallersChoosing() {
        // the service posts the client secret to tokenUrl: only allowed hosts (localhost in tests), only GRAPH_* variables
        String stolen = "{\"type\":\"sharepoint\",\"name\":\"x\",\"config\":{\"tokenUrl\":\"https://collector.example/t\","
                + "\"clientId\":\"app\",\"clientSecretEnv\":\"GRAPH_CLIENT_SECRET\"}}";
        given().auth().oauth2(Support.ops()).contentType(ContentType.JSON).body(stolen).post("/api/v1/sources")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("config.tokenUrl"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("collector.example is not one"));
        // the secret never travels in clear text, and a config property the connector does not know is refused
        String clearText = "{\"type\":\"sharepoint\",\"name\":\"x\",\"config\":{\"tokenUrl\":"
                + "\"http://login.microsoftonline.com/t\",\"clientId\":\"app\",\"clientSecretEnv\":\"GRAPH_SECRET\"}}";
        given().auth().oauth2(Support.ops()).contentType(ContentType.JSON).body(clearText).post("/api/v1/sources")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("config.tokenUrl"))
                .body("errors[0].message", org.hamcrest.Matchers.startsWith("must be an https URL"));
        String misspelt = "{\"type\":\"sharepoint\",\"name\":\"x\",\"config\":{\"tokenUrl\":\"" + base()
                + "/t\",\"clientId\":\"app\",\"clientSecretEnv\":\"GRAPH_S\",\"siteSerch\":\"Oncology\"}}";
        given().auth().oauth2(Support.ops()).contentType(ContentType.JSON).body(misspelt).post("/api/v1/sources")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("config.siteSerch"))
                .body("errors[0].message", org.hamcrest.Matchers.equalTo("not a property of a sharepoint source's"
                        + " config; it has clientId, clientSecretEnv, graphBaseUrl, scope, siteSearch, tokenUrl"));
        String otherVariable = "{\"type\":\"sharepoint\",\"name\":\"x\",\"config\":{\"tokenUrl\":\"" + base()
                + "/t\",\"clientId\":\"app\",\"clientSecretEnv\":\"DB_PASSWORD\"}}";
        given().auth().oauth2(Support.ops()).contentType(ContentType.JSON).body(otherVariable).post("/api/v1/sources")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("config.clientSecretEnv"));
        String graphElsewhere = "{\"type\":\"sharepoint\",\"name\":\"x\",\"config\":{\"tokenUrl\":\"" + base()
                + "/t\",\"clientId\":\"app\",\"clientSecretEnv\":\"GRAPH_S\",\"graphBaseUrl\":\"http://169.254.169.254\"}}";
        given().auth().oauth2(Support.ops()).contentType(ContentType.JSON).body(graphElsewhere).post("/api/v1/sources")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("config.graphBaseUrl"));
    }

    @Test
    void aClientSecretIsNeverStoredInASourcesConfig() {
        // the config is stored as sent: a secret in it would sit in the database in plain text
        String inline = "{\"type\":\"sharepoint\",\"name\":\"inline-secret\",\"config\":{\"tokenUrl\":\"" + base()
                + "/t\",\"clientId\":\"app\",\"clientSecret\":\"SuperSecret123!\"}}";
        given().auth().oauth2(Support.ops()).contentType(ContentType.JSON).body(inline).post("/api/v1/sources")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("config.clientSecret"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("name that variable in"
                        + " clientSecretEnv"));
        assertTrue(SourceListingTest.all().stream().noneMatch(s -> "inline-secret".equals(s.get("name"))),
                "the refused source is not stored");
        // nor is a source without any secret accepted
        String none = "{\"type\":\"sharepoint\",\"name\":\"no-secret\",\"config\":{\"tokenUrl\":\"" + base()
                + "/t\",\"clientId\":\"app\"}}";
        given().auth().oauth2(Support.ops()).contentType(ContentType.JSON).body(none).post("/api/v1/sources")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("config.clientSecretEnv"));
    }

    @Test
    void aSourceWhoseSecretVariableIsNotSetIsRefusedAtRegistrationNotAtItsFirstSync() {
        // the variable is not set in the service's environment: the sync would fail at its token request, so the
        // registration is refused, naming the property; the message says what is missing (and holds no value)
        String unset = "{\"type\":\"sharepoint\",\"name\":\"unset-secret\",\"config\":{\"tokenUrl\":\"" + base()
                + "/t\",\"clientId\":\"app\",\"clientSecretEnv\":\"GRAPH_NOT_SET_IN_TESTS\"}}";
        given().auth().oauth2(Support.ops()).contentType(ContentType.JSON).body(unset).post("/api/v1/sources")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("config.clientSecretEnv"))
                .body("errors[0].message", org.hamcrest.Matchers.equalTo("GRAPH_NOT_SET_IN_TESTS is not set in the"
                        + " service's environment (or is empty): set it to the client secret where the service runs"));
        assertTrue(SourceListingTest.all().stream().noneMatch(s -> "unset-secret".equals(s.get("name"))),
                "the refused source is not stored");
        // the prefix rule still comes first: a variable outside GRAPH_* is refused whether it is set or not
        String path = "{\"type\":\"sharepoint\",\"name\":\"x\",\"config\":{\"tokenUrl\":\"" + base()
                + "/t\",\"clientId\":\"app\",\"clientSecretEnv\":\"PATH\"}}";
        given().auth().oauth2(Support.ops()).contentType(ContentType.JSON).body(path).post("/api/v1/sources")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("config.clientSecretEnv"))
                .body("errors[0].message", org.hamcrest.Matchers.startsWith("must name an environment variable"
                        + " starting with GRAPH_"));
        // a variable that is set (by the build, for the tests) is accepted; its value is never shown
        String set = "{\"type\":\"sharepoint\",\"name\":\"set-secret\",\"config\":{\"tokenUrl\":\"" + base()
                + "/t\",\"clientId\":\"app\",\"clientSecretEnv\":\"GRAPH_TEST_CLIENT_SECRET\"}}";
        String created = given().auth().oauth2(Support.ops()).contentType(ContentType.JSON).body(set)
                .post("/api/v1/sources").then().statusCode(201)
                .body("config.clientSecretEnv", org.hamcrest.Matchers.equalTo("GRAPH_TEST_CLIENT_SECRET"))
                .extract().asString();
        assertTrue(!created.contains(System.getenv("GRAPH_TEST_CLIENT_SECRET")), created);
    }

    @Test
    void oneSyncRunsPerSourceAndARunningSyncCanBeCancelled() {
        String b = base();
        graph.stubFor(post(urlPathEqualTo("/tenant/oauth2/v2.0/token"))
                .willReturn(okJson("{\"token_type\":\"Bearer\",\"access_token\":\"tok\",\"expires_in\":3600}")));
        graph.stubFor(get(urlPathEqualTo("/v1.0/sites")).withQueryParam("search", equalTo("slow"))
                .willReturn(okJson("{\"value\":[{\"id\":\"slow-1\",\"name\":\"Slow one\"},"
                        + "{\"id\":\"slow-2\",\"name\":\"Slow two\"}]}")));
        // each site's drive list takes 4 s: the first sync is surely still running when the second is asked for
        for (String site : List.of("slow-1", "slow-2")) {
            String drive = "d" + site;
            graph.stubFor(get(urlPathEqualTo("/v1.0/sites/" + site + "/drives")).willReturn(okJson("{\"value\":[{\"id\":\""
                    + drive + "\"}]}").withFixedDelay(4000)));
            graph.stubFor(get(urlPathEqualTo("/v1.0/drives/" + drive + "/items/" + site + "-f/permissions"))
                    .willReturn(okJson("{\"value\":[{\"grantedToV2\":{\"group\":{\"id\":\"g-slow\"}}}]}")));
            delta(drive, null, "{\"value\":[" + file(site + "-f", site + ".txt", "c-" + site, 200)
                    + "],\"@odata.deltaLink\":\"" + b + "/v1.0/drives/" + drive + "/root/delta?token=" + drive + "-1\"}");
            content(drive, site + "-f", text("slow sites of " + site));
        }
        String sourceId = given().auth().oauth2(Support.ops()).contentType(ContentType.JSON)
                .body("{\"type\":\"sharepoint\",\"name\":\"slow\",\"config\":{\"tokenUrl\":\"" + b
                        + "/tenant/oauth2/v2.0/token\",\"clientId\":\"app\","
                        + "\"clientSecretEnv\":\"GRAPH_TEST_CLIENT_SECRET\","
                        + "\"graphBaseUrl\":\"" + b + "\",\"siteSearch\":\"slow\"}}")
                .post("/api/v1/sources").then().statusCode(201).extract().path("id");

        String first = given().auth().oauth2(Support.ops()).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/sources/" + sourceId + "/syncs").then().statusCode(202).extract().path("id");
        // a second sync of the same source would crawl the same sites at once: refused, naming the running one
        given().auth().oauth2(Support.ops()).contentType(ContentType.JSON).body("{\"fullResync\":true}")
                .post("/api/v1/sources/" + sourceId + "/syncs").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("has a running sync, " + first));

        // a cancellation takes no body: one sent anyway (a reason, say) is refused, not silently dropped
        given().auth().oauth2(Support.ops()).contentType(ContentType.JSON).body("{\"reason\":\"stop\"}")
                .post("/api/v1/syncs/" + first + "/cancellation").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("takes no body"));
        given().auth().oauth2(Support.ops()).contentType(ContentType.JSON).post("/api/v1/syncs/" + first + "/cancellation")
                .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("CANCELLED"))
                .body("errors", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.startsWith("cancelled by ")));
        given().auth().oauth2(Support.ops()).contentType(ContentType.JSON).post("/api/v1/syncs/" + first + "/cancellation")
                .then().statusCode(409).body("detail", org.hamcrest.Matchers.equalTo("sync " + first
                        + " is CANCELLED; only a RUNNING sync can be cancelled"));

        // the source is free again: the next sync runs to the end and ingests what the cancelled one never reached
        JsonNode next = FilesystemConnectorTest.sync(sourceId);
        assertEquals("COMPLETED", next.path("status").asText(), next.toString());
        assertEquals(2, next.path("itemsNew").asInt(), next.toString());
        JsonNode cancelled = Support.json(given().auth().oauth2(Support.ops()).get("/api/v1/syncs/" + first)
                .then().statusCode(200).extract().asString());
        assertEquals("CANCELLED", cancelled.path("status").asText(), cancelled.toString());
        assertEquals(0, cancelled.path("itemsNew").asInt(), "the cancelled sync stopped before its first item: "
                + cancelled);
    }
}
