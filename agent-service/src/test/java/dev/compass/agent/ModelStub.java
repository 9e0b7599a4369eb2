package dev.compass.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * An OpenAI-compatible model server stand-in: the first call of every phrasing gets a tool call to messageFacts, the
 * second (which carries the tool result) gets a text that repeats the tool result, so every number in it is a tool
 * number. {@link #inventNumbersFor} makes the text of one performative carry an invented figure.
 */
public class ModelStub implements QuarkusTestResourceLifecycleManager {
    static final String TOOL_RESULT = "$.messages[?(@.role == 'tool')]";
    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().globalTemplating(true));
        server.start();
        reset();
        return Map.of("quarkus.langchain4j.openai.base-url", server.baseUrl() + "/v1/");
    }

    @Override
    public void stop() {
        if (server != null) server.stop();
    }

    static void reset() {
        server.resetAll();
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(10)
                .willReturn(json("""
                        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"stub-model",
                         "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
                           {"id":"call_1","type":"function","function":{"name":"messageFacts","arguments":"{}"}}]},
                           "finish_reason":"tool_calls"}],
                         "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}""")));
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(5)
                .withRequestBody(matchingJsonPath(TOOL_RESULT))
                .willReturn(json(text("In figures: {{{regexExtract (jsonPath request.body '$.messages[-1].content') '[a-z ]+ [0-9,.]+[0-9]'}}}."))));
    }

    static void inventNumbersFor(String performative) {
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(1)
                .withRequestBody(matchingJsonPath(TOOL_RESULT))
                .withRequestBody(containing("Write the " + performative + " message"))
                .willReturn(json(text("Finance can release 999,999.00 at no loss at all."))));
    }

    private static String text(String content) {
        return """
                {"id":"chatcmpl-2","object":"chat.completion","created":1700000001,"model":"stub-model",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":20,"completion_tokens":10,"total_tokens":30}}""".formatted(content);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
