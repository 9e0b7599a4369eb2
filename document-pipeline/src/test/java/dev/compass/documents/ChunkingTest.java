package dev.compass.documents;

import dev.compass.documents.chunking.Chunk;
import dev.compass.documents.chunking.Chunker;
import dev.compass.documents.chunking.ChunkingConfig;
import dev.compass.documents.chunking.TokenEstimator;
import dev.compass.documents.dedupe.DuplicateDetector;
import dev.compass.documents.metadata.Taxonomy;
import dev.compass.documents.parse.TextBlock;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class ChunkingTest {

    static String sentence(int i) {
        return "Sentence number " + i + " explains how Cardiozen reduced hospital admissions in the study cohort.";
    }

    @Test
    void chunksAreBoundedOverlapAndFollowHeadings() {
        List<TextBlock> blocks = new ArrayList<>();
        blocks.add(new TextBlock("Results", 1, List.of("Results"), true));
        StringBuilder para = new StringBuilder();
        for (int i = 0; i < 60; i++) para.append(sentence(i)).append(' ');
        blocks.add(new TextBlock(para.toString().strip(), 1, List.of("Results"), false));
        blocks.add(new TextBlock("Safety", 2, List.of("Safety"), true));
        blocks.add(new TextBlock(sentence(100) + " " + sentence(101) + " " + sentence(102) + " " + sentence(103), 2,
                List.of("Safety"), false));
        blocks.add(new TextBlock("x".repeat(5000), 3, List.of("Safety"), false)); // one giant "word"
        List<Chunk> chunks = new Chunker(ChunkingConfig.defaults()).chunk(blocks);
        assertTrue(chunks.size() >= 5, chunks.size() + " chunks");
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            assertEquals(i, c.ordinal());
            assertTrue(c.tokens() <= 200, "chunk " + i + " has " + c.tokens() + " tokens");
            assertTrue(c.tokens() == TokenEstimator.estimate(c.text()));
        }
        // within the long section, consecutive chunks overlap by whole sentences and start at a sentence
        Chunk first = chunks.get(0), second = chunks.get(1);
        assertEquals(List.of("Results"), first.headingPath());
        assertTrue(first.text().startsWith("Results"));
        assertTrue(second.text().startsWith("Sentence number"), second.text());
        String firstSentenceOfSecond = second.text().substring(0, second.text().indexOf('.') + 1);
        assertTrue(first.text().contains(firstSentenceOfSecond), "overlap");
        int overlapTokens = TokenEstimator.estimate(firstSentenceOfSecond);
        assertTrue(overlapTokens <= 30);
        // the Safety heading starts a fresh chunk without overlap from Results
        Chunk safety = chunks.stream().filter(c -> c.text().startsWith("Safety")).findFirst().orElseThrow();
        assertEquals(List.of("Safety"), safety.headingPath());
        assertEquals(2, safety.pageStart());
        assertEquals(3, chunks.get(chunks.size() - 1).pageEnd());
    }

    @Test
    void pdfPagesAreKeptForCitations() throws Exception {
        byte[] pdf = threePagePdf();
        try (DocumentPipeline p = new DocumentPipeline(PipelineConfig.defaults(), Taxonomy.defaults(),
                DuplicateDetector.inMemory())) {
            PipelineResult r = p.process(DocumentInput.of(pdf, "three-pages.pdf", "s", "/three-pages.pdf", Set.of()));
            assertEquals(Outcome.PUBLISHED, r.outcome(), r.detail());
            assertEquals("application/pdf", r.mediaType());
            assertEquals(3, r.metadata().pageCount());
            for (int page = 1; page <= 3; page++) {
                final int pg = page;
                Chunk c = r.chunks().stream().filter(ch -> ch.text().contains("page-marker-" + pg)).findFirst().orElseThrow();
                assertTrue(c.pageStart() <= pg && pg <= c.pageEnd(), c.toString());
            }
            Chunk last = r.chunks().get(r.chunks().size() - 1);
            assertEquals(3, last.pageEnd());
        }
    }

    @Test
    void journalPdfFromTheTortureSetKeepsPageNumbers() throws Exception {
        byte[] pdf = Files.readAllBytes(Datasets.torture().resolve("testJournalParser.pdf"));
        try (DocumentPipeline p = new DocumentPipeline(PipelineConfig.defaults(), Taxonomy.defaults(),
                DuplicateDetector.inMemory())) {
            PipelineResult r = p.process(DocumentInput.of(pdf, "testJournalParser.pdf", "s", "/j.pdf", Set.of()));
            assertEquals(Outcome.PUBLISHED, r.outcome());
            assertTrue(r.metadata().pageCount() > 1);
            int prevStart = 0;
            for (Chunk c : r.chunks()) {
                assertTrue(c.pageStart() >= 1 && c.pageStart() <= c.pageEnd() && c.pageEnd() <= r.metadata().pageCount());
                assertTrue(c.pageStart() >= prevStart, "document order");
                assertTrue(c.tokens() <= 200);
                prevStart = c.pageStart();
            }
            assertEquals(r.metadata().pageCount(), r.chunks().get(r.chunks().size() - 1).pageEnd());
        }
    }

    static byte[] threePagePdf() throws Exception {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int page = 1; page <= 3; page++) {
                PDPage pg = new PDPage();
                doc.addPage(pg);
                try (PDPageContentStream cs = new PDPageContentStream(doc, pg)) {
                    cs.beginText();
                    cs.setFont(font, 11);
                    cs.newLineAtOffset(50, 700);
                    for (int line = 0; line < 25; line++) {
                        cs.showText("Line " + line + " of page-marker-" + page + " about Cardiozen adherence in Germany.");
                        cs.newLineAtOffset(0, -14);
                    }
                    cs.endText();
                }
            }
            doc.save(out);
            return out.toByteArray();
        }
    }
}
