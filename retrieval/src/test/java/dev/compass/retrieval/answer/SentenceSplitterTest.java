package dev.compass.retrieval.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

    @Test
    void lineBreaksAreBoundariesAndOffsetsPointIntoTheText() {
        String text = "4 What cardiologists say\nCardiologists in Germany describe it as useful. It helps.\n\nSearch 96 88 79";
        List<Sentence> sentences = SentenceSplitter.split(text);
        assertEquals(List.of("4 What cardiologists say", "Cardiologists in Germany describe it as useful.", "It helps.",
                "Search 96 88 79"), sentences.stream().map(Sentence::text).toList());
        for (Sentence s : sentences) {
            assertEquals(s.text(), text.substring(s.start(), s.end()));
        }
    }

    @Test
    void statementsEndWithAFullStopOrHaveSeveralWords() {
        assertTrue(SentenceSplitter.isStatement("It helps."));
        assertTrue(SentenceSplitter.isStatement("Does it help?"));
        assertTrue(SentenceSplitter.isStatement("He said \"it helps.\""));
        assertTrue(SentenceSplitter.isStatement("Trial is highest among hospital cardiologists in Germany"));
        assertFalse(SentenceSplitter.isStatement("4 What cardiologists say"));
        assertFalse(SentenceSplitter.isStatement("Field force 41 37 35"));
    }

    @Test
    void captionsSourcesAndTableBasesAreNotStatements() {
        for (String caption : List.of("Table 1: recall per 1,000 euros of spend, September wave across all three markets",
                "Figure 3. Share of cardiologists who intend to prescribe Cardiozen, by country.",
                "Source: Cardiology monitor 2026, wave 3, n = 412 office and hospital cardiologists.",
                "Base: all cardiologists aware of Cardiozen in Germany, France and Spain",
                "Exhibit 2 – awareness by speciality and by region in the first launch year",
                "Q12: Which of these treatments would you consider for a symptomatic patient?",
                "Fig. 2. Intention to prescribe among office cardiologists in Germany and France")) {
            assertTrue(SentenceSplitter.isCaption(caption), caption);
            assertFalse(SentenceSplitter.isStatement(caption), caption);
        }
        for (String prose : List.of("Note that awareness was measured before the congress.",
                "Tables of recall by region are in the appendix.",
                "Base rates of prescribing differ between office and hospital cardiologists.",
                "Sources of growth were hospital formularies in France.",
                "Chart-topping brands kept their share of voice in every market this year.")) {
            assertFalse(SentenceSplitter.isCaption(prose), prose);
            assertTrue(SentenceSplitter.isStatement(prose), prose);
        }
    }
}
