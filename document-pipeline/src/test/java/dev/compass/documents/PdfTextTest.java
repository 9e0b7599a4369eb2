package dev.compass.documents;

import dev.compass.documents.chunking.Chunk;
import dev.compass.documents.dedupe.DuplicateDetector;
import dev.compass.documents.metadata.Taxonomy;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PDF text as a reader sees it: page numbers and running headers stay out of the chunks, sentences that wrap over
 * lines come out whole, and the cited pages stay right.
 */
class PdfTextTest {

    private static final String[] SECTIONS = {"Background", "Method", "Awareness", "What cardiologists say",
        "Barriers", "Recommendations"};

    /**
     * A study as report writers make them: a running header with the page number on every page, "Page n" at the foot,
     * numbered sections, and a lone figure at the end of one page that is data, not furniture.
     */
    static byte[] study(boolean furniture) throws Exception {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            for (int page = 1; page <= SECTIONS.length; page++) {
                PDPage pg = new PDPage(PDRectangle.A4);
                doc.addPage(pg);
                try (PDPageContentStream cs = new PDPageContentStream(doc, pg)) {
                    if (furniture) text(cs, regular, 8, 72, 800, "Cardiozen launch tracker 2026 | page " + page + " of 6");
                    text(cs, bold, 15, 72, 720, page + " " + SECTIONS[page - 1]);
                    float y = 690;
                    for (int line = 0; line < 5; line++) {
                        text(cs, regular, 11, 72, y, "Finding " + line + " on " + SECTIONS[page - 1].toLowerCase()
                                + ": cardiologists in wave " + page + " value the drug.");
                        y -= 16;
                    }
                    if (page == 3) text(cs, regular, 11, 72, y - 40, "42");
                    if (page == 4) {
                        y -= 10;
                        for (String line : PARAGRAPH) {
                            text(cs, regular, 11, 72, y, line);
                            y -= 16;
                        }
                    }
                    if (furniture) text(cs, regular, 9, 290, 40, "Page " + page);
                }
            }
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** A paragraph as a word processor sets it: broken into lines, one of them after the hyphen of a compound. */
    static final List<String> PARAGRAPH = List.of(
            "Among cardiologists aware of Cardiozen, 58",
            "percent in Germany say they intend to prescribe it to new",
            "patients in the next three months. Cardiologists in Germany",
            "describe Cardiozen as a meaningful step forward for patients",
            "who remain symptomatic on standard therapy, and hospital",
            "cardiologists value its simple and predictable, well-",
            "tolerated titration scheme.");

    static void text(PDPageContentStream cs, PDType1Font font, float size, float x, float y, String s) throws Exception {
        cs.beginText();
        cs.setFont(font, size);
        cs.newLineAtOffset(x, y);
        cs.showText(s);
        cs.endText();
    }

    static List<Chunk> chunks(byte[] pdf) throws Exception {
        try (DocumentPipeline p = new DocumentPipeline(PipelineConfig.defaults(), Taxonomy.defaults(),
                DuplicateDetector.inMemory())) {
            PipelineResult r = p.process(DocumentInput.of(pdf, "study.pdf", "s", "/study.pdf", Set.of()));
            assertEquals(Outcome.PUBLISHED, r.outcome(), r.detail());
            return r.chunks();
        }
    }

    @Test
    void sentencesThatWrapOverLinesComeOutWhole() throws Exception {
        List<Chunk> chunks = chunks(study(true));
        String all = chunks.stream().map(Chunk::text).collect(Collectors.joining("\n"));
        assertTrue(all.contains("Among cardiologists aware of Cardiozen, 58 percent in Germany say they intend to "
                + "prescribe it to new patients in the next three months."), all);
        assertTrue(all.contains("Cardiologists in Germany describe Cardiozen as a meaningful step forward for patients "
                + "who remain symptomatic on standard therapy, and hospital cardiologists value its simple and "
                + "predictable, well-tolerated titration scheme."), all);
        // the lines that are not wrapped prose stay lines: numbered section titles and the findings
        assertTrue(all.contains("\n4 What cardiologists say\n"), all);
        assertTrue(all.contains("\nFinding 0 on barriers: cardiologists in wave 5 value the drug.\nFinding 1 on"), all);
        Chunk withParagraph = chunks.stream().filter(c -> c.text().contains("58 percent in Germany")).findFirst().orElseThrow();
        assertEquals(4, withParagraph.pageStart(), withParagraph.toString());
        // no chunk spans two pages: a quote from a chunk is cited with the page it is on
        for (Chunk c : chunks) {
            assertEquals(c.pageStart(), c.pageEnd(), c.toString());
        }
        assertTrue(chunks.stream().anyMatch(c -> c.pageStart() == 6 && c.text().startsWith("6 Recommendations")),
                "page 6 starts a chunk of its own: " + chunks);
    }

    @Test
    void pageNumbersAndRunningHeadersAreNotPartOfTheText() throws Exception {
        List<Chunk> chunks = chunks(study(true));
        String all = chunks.stream().map(Chunk::text).collect(Collectors.joining("\n"));
        assertFalse(all.contains("launch tracker"), all);
        assertFalse(all.matches("(?s).*\\bPage \\d.*"), all);
        // what the pages say is all still there, the lone figure included
        for (int page = 1; page <= SECTIONS.length; page++) {
            assertTrue(all.contains(page + " " + SECTIONS[page - 1]), "heading of page " + page);
            for (int line = 0; line < 5; line++) {
                assertTrue(all.contains("Finding " + line + " on " + SECTIONS[page - 1].toLowerCase()), page + "/" + line);
            }
        }
        assertTrue(all.contains("\n42\n"), "a lone number that is not a page number stays");
        // so the text is the same as that of the same study printed without furniture, and so are the cited pages
        List<Chunk> plain = chunks(study(false));
        assertEquals(plain.stream().map(Chunk::text).toList(), chunks.stream().map(Chunk::text).toList());
        assertEquals(plain.stream().map(c -> c.pageStart() + "-" + c.pageEnd()).toList(),
                chunks.stream().map(c -> c.pageStart() + "-" + c.pageEnd()).toList());
        for (Chunk c : chunks) {
            assertFalse(Character.isLowerCase(c.text().codePointAt(0)), "a chunk starts at a sentence: " + c.text());
        }
        Chunk cardiologists = chunks.stream().filter(c -> c.text().startsWith("4 What cardiologists say")).findFirst()
                .orElse(chunks.stream().filter(c -> c.text().contains("4 What cardiologists say")).findFirst().orElseThrow());
        assertTrue(cardiologists.pageStart() <= 4 && 4 <= cardiologists.pageEnd(), cardiologists.toString());
    }
}
