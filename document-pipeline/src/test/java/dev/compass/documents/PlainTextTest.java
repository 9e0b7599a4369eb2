package dev.compass.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.documents.chunking.Chunk;
import dev.compass.documents.dedupe.DuplicateDetector;
import dev.compass.documents.metadata.Taxonomy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A plain-text file's only structure is its lines. Its paragraphs and list items must survive into the chunks, so a
 * chunk never starts or ends in the middle of a list item, and hard-wrapped prose still reads as whole sentences.
 */
class PlainTextTest {

    static List<Chunk> chunks(String text) throws Exception {
        try (DocumentPipeline p = new DocumentPipeline(PipelineConfig.defaults(), Taxonomy.defaults(),
                DuplicateDetector.inMemory())) {
            PipelineResult r = p.process(DocumentInput.of(text.getBytes(StandardCharsets.UTF_8), "notes.txt", "s",
                    "/notes.txt", Set.of()));
            assertEquals(Outcome.PUBLISHED, r.outcome(), r.detail());
            return r.chunks();
        }
    }

    @Test
    void listItemsAndParagraphsOfATextFileAreKeptApartAndWrappedLinesJoined() throws Exception {
        StringBuilder text = new StringBuilder("Advisory board notes, Cardiozen, March 2026\n\n"
                + "The board met in Berlin with twelve cardiologists from university hospitals. The discussion\n"
                + "covered adherence, titration and the evidence from the registry.\n\n"
                + "Key points\n");
        for (int i = 0; i < 120; i++) {
            text.append(i % 2 == 0 ? "- " : "\u2022 ").append("point ").append(i)
                    .append(" hospital cardiologists ask for simpler titration and more registry data\n");
        }
        text.append("\nNext steps\n1. share the registry data with the field force\n2) plan the next board\n");
        List<Chunk> chunks = chunks(text.toString());
        String all = chunks.stream().map(Chunk::text).collect(Collectors.joining("\n"));

        // a hard-wrapped sentence is one sentence again
        assertTrue(all.contains("The discussion covered adherence, titration and the evidence from the registry."), all);
        assertTrue(chunks.size() > 1, "long enough for several chunks: " + chunks.size());
        for (Chunk c : chunks) {
            // every chunk starts at an item (or a paragraph) and holds whole items: no item is cut at a chunk edge
            String t = c.text().strip();
            assertTrue(t.startsWith("- ") || t.startsWith("\u2022 ") || t.startsWith("Advisory")
                    || t.startsWith("Next steps") || t.startsWith("1. ") || t.startsWith("The board"), t);
            assertTrue(t.endsWith("registry data") || t.endsWith("Key points") || t.endsWith("next board")
                    || t.endsWith("field force") || t.endsWith("registry."), t);
        }
        for (int i = 0; i < 120; i++) {
            assertTrue(all.contains("point " + i + " hospital cardiologists ask for simpler titration and more"
                    + " registry data"), "item " + i + " whole");
        }
    }
}
