package dev.compass.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.agent.domain.Json;
import org.junit.jupiter.api.Test;

/** Which message texts are withheld from a caller who may not read a conversation's evidence. */
class EvidenceAccessTest {

    private static JsonNode message(String provenance) {
        return Json.tree("{\"messageId\":\"m\",\"conversationId\":\"c\",\"performative\":\"PROPOSE\","
                + "\"text\":\"The Oncura dossier says the discount was 12 percent, so move 40,000.\","
                + "\"data\":{\"amount\":40000}" + (provenance == null ? "" : ",\"provenance\":" + provenance) + "}");
    }

    @Test
    void aTextAModelWroteAfterReadingTheEvidenceIsWithheldWithItsFiguresKept() {
        JsonNode phrased = message("{\"model\":\"gpt-x\",\"modelVersion\":\"openai-compatible\","
                + "\"toolsCalled\":[\"figures\",\"llm:facts\",\"llm:evidence\"]}");
        JsonNode shown = EvidenceAccess.withheldMessage(phrased);
        assertFalse(shown.path("text").asText().contains("12 percent"), shown.toString());
        assertTrue(shown.path("text").asText().contains(EvidenceAccess.WITHHELD), shown.toString());
        assertEquals(40000, shown.path("data").path("amount").asInt());
        assertEquals("m", shown.path("messageId").asText());
    }

    @Test
    void aTextWrittenWithoutTheEvidenceIsShownAsItIs() {
        // a model that did not read the evidence, the deterministic text (also after a model's text was rejected,
        // whose tools are still listed), and a message without provenance
        for (String provenance : new String[] {
                "{\"model\":\"gpt-x\",\"toolsCalled\":[\"llm:facts\",\"llm:mixModel\"]}",
                "{\"model\":\"deterministic\",\"toolsCalled\":[\"llm:evidence\"]}", null}) {
            JsonNode message = message(provenance);
            assertEquals(message, EvidenceAccess.withheldMessage(message), String.valueOf(provenance));
        }
    }
}
