package dev.compass.ingestion.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Graph client against a stub of Microsoft Graph: what it reads, and what it refuses to read. */
class GraphClientTest {
    private WireMockServer graph;
    private GraphClient client;

    @BeforeEach
    void start() {
        graph = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        graph.start();
        graph.stubFor(post(urlPathEqualTo("/token"))
                .willReturn(okJson("{\"access_token\":\"tok\",\"expires_in\":3600}")));
        client = new GraphClient(graph.baseUrl() + "/token", "app", "secret", "scope", 0, Duration.ofSeconds(1),
                Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        graph.stop();
    }

    @Test
    void aDownloadLargerThanTheLimitIsRefusedWhateverTheItemClaimedItsSizeWas() {
        byte[] body = new byte[4096];
        graph.stubFor(get(urlPathEqualTo("/content")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "/download")));
        graph.stubFor(get(urlPathEqualTo("/download")).willReturn(aResponse().withStatus(200).withBody(body)));

        assertArrayEquals(body, client.getBytes(graph.baseUrl() + "/content", 4096), "exactly at the limit");
        GraphClient.TooLarge over = assertThrows(GraphClient.TooLarge.class,
                () -> client.getBytes(graph.baseUrl() + "/content", 4095));
        assertTrue(over.getMessage().contains("sent more than 4095 bytes"), over.getMessage());
    }

    @Test
    void aGraphCallThatRedirectsIsNotFollowedWithTheToken() {
        graph.stubFor(get(urlPathEqualTo("/v1.0/sites")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://127.0.0.1:" + graph.port() + "/collector")));

        GraphClient.GraphException e = assertThrows(GraphClient.GraphException.class,
                () -> client.getJson(graph.baseUrl() + "/v1.0/sites"));
        assertEquals(302, e.status());
        assertEquals(0, graph.findAll(getRequestedFor(urlPathEqualTo("/collector"))).size(),
                "the redirect target was never called");
    }
}
