package dev.compass.governance.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.compass.contracts.Topics;
import dev.compass.contracts.schema.EventJson;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The audit trail's access rules where the payloads are odd: the rules fail closed. */
class AuditAccessRulesTest {
    static JsonNode json(String text) {
        try {
            return EventJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final AuditAccess.Reader FINANCE = new AuditAccess.Reader(false, Set.of("finance"));

    @Test
    void anAnswerIsLinkedToItsQuestionByItsCauseWhenItsQuestionIdIsNotOnTheTrail() {
        AuditAccess.Item question = new AuditAccess.Item(Topics.QUESTIONS, "ev-q", null,
                json("{\"conversationId\":\"c\",\"groups\":[\"finance\"]}"));
        JsonNode answer = json("{\"questionId\":\"other\",\"conversationId\":\"c\",\"answer\":\"a\"}");
        AuditAccess access = new AuditAccess(FINANCE, Map.of(), List.of(question));
        assertEquals(answer, access.visible(new AuditAccess.Item(Topics.ANSWERS, "ev-a", "ev-q", answer)));
        assertEquals(AuditAccess.withheld(AuditAccess.QUESTION_UNKNOWN),
                access.visible(new AuditAccess.Item(Topics.ANSWERS, "ev-a", "ev-x", answer)));
    }

    @Test
    void groupsThatAreNotAListOfNamesWithholdTheContent() {
        AuditAccess access = new AuditAccess(FINANCE, Map.of(), List.of());
        for (String groups : List.of("", ",\"groups\":null", ",\"groups\":\"finance\"", ",\"groups\":[\"finance\",1]")) {
            JsonNode chunk = json("{\"documentId\":\"d\",\"text\":\"t\"" + groups + "}");
            assertEquals(AuditAccess.withheld(AuditAccess.GROUPS_UNKNOWN),
                    access.visible(new AuditAccess.Item(Topics.CHUNKS, "e", null, chunk)), groups);
            JsonNode question = json("{\"conversationId\":\"c\"" + groups + "}");
            assertEquals(AuditAccess.withheld(AuditAccess.GROUPS_UNKNOWN),
                    access.visible(new AuditAccess.Item(Topics.QUESTIONS, "e", null, question)), groups);
        }
        // a payload that is not an object (recorded as text) is withheld too, a synthesis without a subject as well
        assertEquals(AuditAccess.withheld(AuditAccess.GROUPS_UNKNOWN), access.visible(new AuditAccess.Item(
                Topics.DOCUMENTS, "e", null, com.fasterxml.jackson.databind.node.TextNode.valueOf("x"))));
        assertEquals(AuditAccess.withheld(AuditAccess.DOCUMENT_UNKNOWN), access.visible(new AuditAccess.Item(
                Topics.INSIGHTS, "e", null, json("{\"summary\":\"s\"}"))));
        // a document without groups is nobody's but ops' and admins', as in the insight service
        assertEquals(AuditAccess.withheld(AuditAccess.DOCUMENT_CONTENT), access.visible(new AuditAccess.Item(
                Topics.DOCUMENTS, "e", null, json("{\"documentId\":\"d\",\"groups\":[]}"))));
        JsonNode usage = json("{\"user\":\"u\"}");
        assertEquals(usage, access.visible(new AuditAccess.Item(Topics.USAGE, "e", null, usage)));
    }

    @Test
    void aMessageAModelWroteAfterReadingTheEvidenceIsWithheldFromAReaderNotInAllTheQuestionsGroups() {
        AuditAccess.Item question = new AuditAccess.Item(Topics.QUESTIONS, "ev-q", null,
                json("{\"conversationId\":\"c\",\"groups\":[\"finance\",\"oncology\"]}"));
        JsonNode phrased = json("{\"messageId\":\"m\",\"conversationId\":\"c\",\"text\":\"The dossier says 12"
                + " percent; move 40,000.\",\"data\":{\"amount\":40000},\"provenance\":{\"model\":\"gpt-x\","
                + "\"toolsCalled\":[\"figures\",\"llm:evidence\"]}}");
        JsonNode shown = new AuditAccess(FINANCE, Map.of(), List.of(question))
                .visible(new AuditAccess.Item(Topics.DIALOGUE, "e", null, phrased));
        assertEquals(AuditAccess.MESSAGE_EVIDENCE, shown.get("withheld").asText());
        assertEquals(false, shown.get("text").asText().contains("12 percent"), shown.toString());
        assertEquals(40000, shown.path("data").path("amount").asInt());
        // a reader in every group of the question reads it; a model that did not read the evidence is shown as is
        AuditAccess both = new AuditAccess(new AuditAccess.Reader(false, Set.of("finance", "oncology")), Map.of(),
                List.of(question));
        assertEquals(phrased, both.visible(new AuditAccess.Item(Topics.DIALOGUE, "e", null, phrased)));
        JsonNode plain = json("{\"messageId\":\"m\",\"conversationId\":\"c\",\"text\":\"Move 40,000.\","
                + "\"provenance\":{\"model\":\"gpt-x\",\"toolsCalled\":[\"llm:facts\"]}}");
        assertEquals(plain, new AuditAccess(FINANCE, Map.of(), List.of(question))
                .visible(new AuditAccess.Item(Topics.DIALOGUE, "e", null, plain)));
    }

    @Test
    void aViolationThatMayQuoteTextKeepsOnlyItsFiguresUnlessTheReaderMayReadItsConversationsEvidence() {
        AuditAccess.Item question = new AuditAccess.Item(Topics.QUESTIONS, "ev-q", null,
                json("{\"conversationId\":\"c\",\"groups\":[\"finance\",\"marketing\"]}"));
        AuditAccess access = new AuditAccess(FINANCE, Map.of(), List.of(question));
        JsonNode guard = json("{\"kind\":\"NUMBER_GUARD\",\"subjectId\":\"m\",\"conversationId\":\"c\",\"detectedBy\":"
                + "\"finance-agent\",\"detail\":\"numbers no tool produced: [12,346, -7.5]; model text: secret 12,346\"}");
        JsonNode shown = access.visible(new AuditAccess.Item(Topics.VIOLATIONS, "e", "m", guard));
        assertEquals("numbers no tool produced: [12,346, -7.5]; the model text is withheld: "
                + AuditAccess.VIOLATION_EVIDENCE + ".", shown.get("detail").asText());
        assertEquals(AuditAccess.VIOLATION_EVIDENCE, shown.get("withheld").asText());
        assertEquals("NUMBER_GUARD", shown.get("kind").asText());
        // a detail of another form keeps nothing of its text; no conversation, or a payload that is no object: unknown
        JsonNode other = json("{\"kind\":\"NEW_KIND\",\"conversationId\":\"c\",\"detectedBy\":\"x\",\"detail\":\"a quote\"}");
        assertEquals("The detail of this violation is withheld: " + AuditAccess.VIOLATION_EVIDENCE + ".",
                access.visible(new AuditAccess.Item(Topics.VIOLATIONS, "e", null, other)).get("detail").asText());
        JsonNode nowhere = json("{\"kind\":\"NUMBER_GUARD\",\"detectedBy\":\"x\",\"detail\":\"a quote\"}");
        assertEquals(AuditAccess.VIOLATION_UNKNOWN,
                access.visible(new AuditAccess.Item(Topics.VIOLATIONS, "e", null, nowhere)).get("withheld").asText());
        assertEquals(AuditAccess.withheld(AuditAccess.VIOLATION_UNKNOWN), access.visible(new AuditAccess.Item(
                Topics.VIOLATIONS, "e", null, com.fasterxml.jackson.databind.node.TextNode.valueOf("x"))));
        // governance's own findings quote no text; a reader in every group, and ops, read everything
        JsonNode own = json("{\"kind\":\"DISALLOWED_PAIR\",\"conversationId\":\"c\",\"detectedBy\":\"governance-service\","
                + "\"detail\":\"a may not address b\"}");
        assertEquals(own, access.visible(new AuditAccess.Item(Topics.VIOLATIONS, "e", null, own)));
        assertEquals(guard, new AuditAccess(new AuditAccess.Reader(false, Set.of("finance", "marketing")), Map.of(),
                List.of(question)).visible(new AuditAccess.Item(Topics.VIOLATIONS, "e", "m", guard)));
        assertEquals(guard, new AuditAccess(new AuditAccess.Reader(true, Set.of()), Map.of(), List.of())
                .visible(new AuditAccess.Item(Topics.VIOLATIONS, "e", "m", guard)));
    }
}
