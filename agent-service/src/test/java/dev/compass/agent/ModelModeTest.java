package dev.compass.agent;

import static dev.compass.agent.AgentTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.contracts.Topics;
import dev.compass.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same dialogue with an OpenAI-compatible model (a WireMock stand-in that calls tools) phrasing the messages. */
@QuarkusTest
@TestProfile(ModelModeTest.ModelMode.class)
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "agent"))
class ModelModeTest {

    public static class ModelMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("compass.agent.llm.enabled", "true",
                    "quarkus.langchain4j.openai.chat-model.model-name", "stub-model",
                    "compass.agent.evidence-timeout", "500ms");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ModelStub.class));
        }
    }

    @BeforeEach
    void setUp() {
        ModelStub.reset();
        agentsActive();
    }

    @Test
    void theModelPhrasesFromToolResultsAndItsNumbersPassTheGuard() {
        String brand = brand();
        mixModel(brand, "DE", profitableTv());
        plan(brand, "DE");
        String id = start(brand, "DE", 60_000.0);
        JsonPath c = awaitStatus(id, "AWAITING_APPROVAL");
        assertEquals(List.of("REQUEST", "PROPOSE", "ACCEPT"), c.getList("messages.performative"));
        for (int i = 0; i < 3; i++) {
            assertEquals("stub-model", c.getString("messages[" + i + "].provenance.model"));
            assertTrue(c.getString("messages[" + i + "].text").startsWith("In figures:"), c.getString("messages[" + i + "].text"));
            assertTrue(c.getList("messages[" + i + "].provenance.toolsCalled").contains("llm:messageFacts"));
        }
        // the model's text carries the computed figures, e.g. the requested amount
        assertTrue(c.getString("messages[0].text").contains("60,000.00"), c.getString("messages[0].text"));
        assertTrue(ModelStub.server.getAllServeEvents().size() >= 6, "two model calls per message");
    }

    @Test
    void aNumberNoToolProducedIsCaughtTheDeterministicTextIsUsedAndAViolationIsPublished() {
        ModelStub.inventNumbersFor("PROPOSE");
        String brand = brand();
        mixModel(brand, "DE", profitableTv());
        plan(brand, "DE");
        String id = start(brand, "DE", 60_000.0);
        JsonPath c = awaitStatus(id, "AWAITING_APPROVAL");
        assertEquals("PROPOSE", c.getString("messages[1].performative"));
        String text = c.getString("messages[1].text");
        assertTrue(text.startsWith("The finance agent proposes to fund 60,000.00"), text);
        assertTrue(!text.contains("999,999"));
        assertEquals("deterministic", c.getString("messages[1].provenance.model"));
        assertEquals("stub-model", c.getString("messages[0].provenance.model"));

        List<ConsumerRecord<String, String>> violations = awaitRecords(Topics.VIOLATIONS,
                r -> r.value().contains(id), 1, Duration.ofSeconds(20));
        JsonPath v = json(violations.get(0).value());
        assertEquals("NUMBER_GUARD", v.getString("kind"));
        assertEquals(c.getString("messages[1].messageId"), v.getString("subjectId"));
        assertTrue(v.getString("detail").contains("999,999.00"), v.getString("detail"));
    }
}
