package dev.compass.documents;

import dev.compass.documents.dedupe.DuplicateDetector;
import dev.compass.documents.metadata.Taxonomy;
import dev.compass.documents.quality.QualityReason;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class MetadataAndQualityTest {
    static final Clock CLOCK = Clock.fixed(LocalDate.of(2026, 6, 1).atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

    static DocumentPipeline pipeline() {
        return new DocumentPipeline(PipelineConfig.defaults(), Taxonomy.defaults(), DuplicateDetector.inMemory(), null, CLOCK);
    }

    @Test
    void germanStudyGetsTaxonomyLanguageStudyDateAndItemisedQuality() {
        String html = "<html><head><title>Cardiozen Marktstudie</title></head><body><h1>Cardiozen in Deutschland</h1>"
                + "<p>Die Studie wurde im März 2019 durchgeführt. Die Ergebnisse zeigen, dass die Kardiologie in "
                + "Deutschland und in der Schweiz die Therapie mit Cardiozen bei Herzinsuffizienz schätzt. Die Ärzte "
                + "sind mit der Wirkung zufrieden und die Patienten berichten über eine bessere Lebensqualität. "
                + "Es ist nicht klar, ob die Kosten für die Kassen tragbar sind, und das wird weiter untersucht.</p></body></html>";
        try (DocumentPipeline p = pipeline()) {
            PipelineResult r = p.process(new DocumentInput(null, html.getBytes(StandardCharsets.UTF_8), "studie.html",
                    "text/html", "sp-de", "/Marketing/studie.html", Set.of("de-marketing"), Set.of("study"), null));
            assertEquals(Outcome.PUBLISHED, r.outcome(), r.detail());
            var md = r.metadata();
            assertEquals("Cardiozen Marktstudie", md.title());
            assertEquals("de", md.language());
            assertEquals(LocalDate.of(2019, 3, 1), md.studyDate());
            assertEquals("cardiozen", md.products().get(0));
            assertEquals("DE", md.countries().get(0));
            assertTrue(md.countries().contains("CH"));
            assertEquals("cardiology", md.therapeuticAreas().get(0));
            assertEquals(Set.of("de-marketing"), md.groups());
            assertEquals("sp-de", md.site());
            var codes = r.quality().reasons().stream().map(QualityReason::code).toList();
            assertTrue(codes.contains("STALE"), codes.toString());      // 2019 study, 7 years before the clock
            assertTrue(codes.contains("NO_AUTHOR"), codes.toString());
            assertTrue(codes.contains("NO_METHOD"), codes.toString());  // a study without n= / sample / method
            int deducted = r.quality().reasons().stream().mapToInt(QualityReason::points).sum();
            assertEquals(100 - deducted, r.quality().score());
            for (QualityReason q : r.quality().reasons()) assertFalse(q.detail().isBlank());
        }
    }

    @Test
    void methodTextAvoidsNoMethodAndLittleTextIsFlagged() {
        try (DocumentPipeline p = pipeline()) {
            PipelineResult withMethod = p.process(DocumentInput.of(("Survey of oncologists in France, n=150 respondents, "
                    + "fieldwork in 2026-04-10. Methodology: online questionnaire. " + "Results were positive. ".repeat(20))
                    .getBytes(StandardCharsets.UTF_8), "s.txt", "s", "/s.txt", Set.of()));
            var codes = withMethod.quality().reasons().stream().map(QualityReason::code).toList();
            assertFalse(codes.contains("NO_METHOD"), codes.toString());
            assertFalse(codes.contains("STALE"), codes.toString());
            assertEquals(LocalDate.of(2026, 4, 10), withMethod.metadata().studyDate());
            assertEquals(java.util.List.of("FR"), withMethod.metadata().countries());
            assertTrue(withMethod.metadata().therapeuticAreas().isEmpty() || withMethod.metadata().therapeuticAreas().contains("oncology"));

            PipelineResult tiny = p.process(DocumentInput.of("Short note.".getBytes(StandardCharsets.UTF_8), "n.txt", "s", "/n.txt", Set.of()));
            var tinyCodes = tiny.quality().reasons().stream().map(QualityReason::code).toList();
            assertTrue(tinyCodes.contains("LITTLE_TEXT"));
            assertTrue(tinyCodes.contains("NO_DATE"));
        }
    }

    @Test
    void aDateTheTextGivesItselfAndAuthorsSeparatedBySemicolonsAreRead() {
        String html = "<html><head><title>Brand memo</title><meta name=\"author\" content=\"Dr. Anna Weber; Julien Moreau\">"
                + "</head><body><p>Date: 2026-03-02</p><p>" + "The brand plan for next year keeps its course. ".repeat(12)
                + "</p></body></html>";
        try (DocumentPipeline p = pipeline()) {
            PipelineResult r = p.process(DocumentInput.of(html.getBytes(StandardCharsets.UTF_8), "memo.html", "s",
                    "/memo.html", Set.of()));
            assertEquals(LocalDate.of(2026, 3, 2), r.metadata().studyDate());
            assertEquals(java.util.List.of("Dr. Anna Weber", "Julien Moreau"), r.metadata().authors());
            var codes = r.quality().reasons().stream().map(QualityReason::code).toList();
            assertFalse(codes.contains("NO_DATE"), codes.toString());
            assertFalse(codes.contains("NO_AUTHOR"), codes.toString());
        }
    }

    @Test
    void taxonomyLoadsFromAFile() throws Exception {
        Path f = Files.createTempFile("taxonomy", ".json");
        Files.writeString(f, "{\"products\":[{\"id\":\"neuroflux\",\"name\":\"Neuroflux\",\"synonyms\":[\"NFX-9\"],"
                + "\"therapeuticArea\":\"neuroscience\"}],\"countries\":[{\"id\":\"FR\",\"names\":[\"France\",\"Frankreich\"]}]}");
        Taxonomy t = Taxonomy.load(f);
        var m = new dev.compass.documents.metadata.TaxonomyMatcher(t).match("NFX-9 launch in Frankreich");
        assertEquals(java.util.List.of("neuroflux"), m.products());
        assertEquals(java.util.List.of("FR"), m.countries());
        assertEquals(java.util.List.of("neuroscience"), m.therapeuticAreas());
        Files.delete(f);
    }
}
