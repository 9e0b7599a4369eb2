package dev.compass.documents.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which PDF lines are joined into one block and which stay lines of their own. */
class PdfLinesTest {

    static List<String> join(String... lines) {
        List<TextBlock> blocks = new java.util.ArrayList<>();
        for (String l : lines) blocks.add(new TextBlock(l, 1, List.of(), false));
        return PdfLines.join(blocks).stream().map(TextBlock::text).toList();
    }

    @Test
    void wrappedProseIsJoinedAndEndsOfSentencesAreKept() {
        assertEquals(List.of("The steering arm is actuated through electrostatic pull-down to the substrate.",
                        "Control of multiple MicroStressBots is achieved by varying the geometry."),
                join("The steering arm is actuated through electrostatic pull-",
                        "down to the substrate.",
                        "Control of multiple MicroStressBots is achieved by varying the",
                        "geometry."));
        // a full line that ends in a word continues even when the next one starts with a capital (a name)
        assertEquals(List.of("Independent control of the robots is achieved by fabricating the arms of the "
                        + "MicroStressBots so that they differ."),
                join("Independent control of the robots is achieved by fabricating the arms of the",
                        "MicroStressBots so that they differ."));
        // a line broken at a hyphen keeps it (word processors break compounds there, not words)
        assertEquals(List.of("Stress-Engineered MEMS microrobots move on a grid of electrodes with many lines."),
                join("Stress-", "Engineered MEMS microrobots move on a grid of electrodes with many lines."));
    }

    @Test
    void tableRowsTitlesAndListItemsStayLines() {
        // on a page of prose, as tables are
        List<String> table = List.of("Shift part of the print budget into search advertising and medical education webinars.",
                "Table 1: recall per 1,000 euros of spend, September wave",
                "Channel Germany France Spain", "Field force 41 37 35", "Search 96 88 79", "Webinars 84 81 70");
        assertEquals(table, join(table.toArray(String[]::new)));
        List<String> titled = List.of("4 What cardiologists say",
                "Cardiologists in Germany describe Cardiozen as a meaningful step forward for them.");
        assertEquals(titled, join(titled.toArray(String[]::new)));
        List<String> list = List.of("The recommendations for the next wave are the following ones, in this order",
                "• shift part of the print budget into search advertising and medical webinars",
                "2) support office-based cardiologists in France with real-world evidence");
        assertEquals(list, join(list.toArray(String[]::new)));
    }

    @Test
    void linesOfDifferentPagesAndHeadingsAreNotJoined() {
        List<TextBlock> blocks = List.of(new TextBlock("the sentence that runs to the end of the page and", 1, List.of(), false),
                new TextBlock("continues on the next page.", 2, List.of(), false),
                new TextBlock("Results and", 2, List.of("Results and"), true),
                new TextBlock("discussion follow here.", 2, List.of("Results and"), false));
        assertEquals(blocks, PdfLines.join(blocks));
    }
}
