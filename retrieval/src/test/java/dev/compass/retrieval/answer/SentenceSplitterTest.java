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
}
