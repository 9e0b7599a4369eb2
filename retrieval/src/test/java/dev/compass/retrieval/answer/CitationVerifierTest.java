package dev.compass.retrieval.answer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CitationVerifierTest {

    private final CitationVerifier verifier = new CitationVerifier();
    private final List<dev.compass.retrieval.SearchHit> passages =
            List.of(ExtractiveAnswererTest.TRIAL, ExtractiveAnswererTest.FIELD);

    @Test
    void acceptsCitedSentencesWithExactQuotes() {
        CitationVerifier.Verification v = verifier.verify(
                "Cardiolix \"reduced LDL cholesterol by   38 percent\" versus placebo [1]. Reps visited 310 cardiologists [2].",
                passages);
        assertTrue(v.valid(), v.problems().toString());
        assertEquals(2, v.citations().size());
        assertEquals("reduced LDL cholesterol by 38 percent", v.citations().get(0).quote());
        assertEquals("d2-4", v.citations().get(1).chunkId());
    }

    @Test
    void rejectsMissingCitationsUnknownSourcesAndInventedQuotes() {
        CitationVerifier.Verification v = verifier.verify(
                "Cardiolix is the best statin [3]. It \"cut LDL by half\" [1]. Sales will double.", passages);
        assertFalse(v.valid());
        List<String> problems = v.problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains("[3] does not exist")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("quote not found")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("sentence 3") && p.contains("no citation")), problems.toString());
        assertTrue(v.citations().isEmpty(), "no citation from an unsupported sentence");
    }

    @Test
    void quoteMustComeFromTheCitedPassageNotAnother() {
        CitationVerifier.Verification v = verifier.verify("Reps saw \"310 cardiologists in Bavaria\" [1].", passages);
        assertFalse(v.valid());
    }
}
