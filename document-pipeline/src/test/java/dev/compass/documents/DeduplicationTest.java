package dev.compass.documents;

import dev.compass.documents.dedupe.DuplicateCheck;
import dev.compass.documents.dedupe.DuplicateDetector;
import dev.compass.documents.metadata.Taxonomy;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class DeduplicationTest {

    static String report(long seed, int words) {
        String[] vocab = ("cardiozen physicians prescribing heart failure patients germany survey results show that "
                + "adherence improved after switching therapy while cost remains a barrier for payers and hospitals "
                + "across regions with strong differences between cardiologists and general practitioners").split(" ");
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            sb.append(vocab[r.nextInt(vocab.length)]).append(i % 17 == 16 ? ". " : " ");
        }
        return sb.toString();
    }

    static String edit(String text, int everyNth) {
        String[] w = text.split(" ");
        for (int i = everyNth / 2; i < w.length; i += everyNth) w[i] = "EDITED" + i;
        return String.join(" ", w);
    }

    @Test
    void nearDuplicateAcrossTwoSitesIsFoundWithEstimatedJaccard() {
        DuplicateDetector detector = DuplicateDetector.inMemory();
        try (DocumentPipeline p = new DocumentPipeline(PipelineConfig.defaults(), Taxonomy.defaults(), detector)) {
            String original = report(1, 600);
            PipelineResult a = p.process(new DocumentInput("doc-a", original.getBytes(StandardCharsets.UTF_8),
                    "report.txt", null, "sharepoint-de", "/market/report.txt", Set.of("de"), Set.of(), null));
            assertEquals(Outcome.PUBLISHED, a.outcome());

            // the same report re-saved at another site with a few edits (1 word in 100)
            PipelineResult b = p.process(new DocumentInput("doc-b", edit(original, 100).getBytes(StandardCharsets.UTF_8),
                    "report-copy.txt", null, "sharepoint-fr", "/etudes/report.txt", Set.of("fr"), Set.of(), null));
            assertEquals(Outcome.PUBLISHED, b.outcome(), b.detail());
            assertEquals(1, b.nearDuplicates().size(), b.nearDuplicates().toString());
            var cand = b.nearDuplicates().get(0);
            assertEquals("doc-a", cand.documentId());
            assertEquals("sharepoint-de", cand.site());
            assertTrue(cand.estimatedJaccard() >= 0.8 && cand.estimatedJaccard() < 0.97, "J=" + cand.estimatedJaccard());
            assertTrue(b.quality().reasons().stream().anyMatch(r -> r.code().equals("NEAR_DUPLICATE")));

            // exact same bytes at a third site: DUPLICATE of doc-a
            PipelineResult c = p.process(new DocumentInput("doc-c", original.getBytes(StandardCharsets.UTF_8),
                    "x.txt", null, "drive-it", "/x.txt", Set.of(), Set.of(), null));
            assertEquals(Outcome.DUPLICATE, c.outcome());
            assertEquals("doc-a", c.duplicateOf());

            // an unrelated document has no candidates
            PipelineResult d = p.process(new DocumentInput("doc-d", report(99, 600).getBytes(StandardCharsets.UTF_8),
                    "other.txt", null, "sharepoint-de", "/other.txt", Set.of(), Set.of(), null));
            assertEquals(Outcome.PUBLISHED, d.outcome());
            assertTrue(d.nearDuplicates().isEmpty(), d.nearDuplicates().toString());
        }
    }

    @Test
    void estimatedJaccardTracksTheTrueSimilarity() {
        DuplicateDetector det = DuplicateDetector.inMemory();
        String a = report(5, 2000);
        det.register("a", "s1", "/a", DuplicateDetector.textHash(a), det.signature(a));
        DuplicateCheck heavy = det.checkText(edit(a, 12)); // ~ 1 in 12 words edited: J of 5-shingles ~ 0.45
        assertTrue(heavy.near().isEmpty(), "below the 0.8 threshold: " + heavy.near());
        DuplicateCheck light = det.checkText(edit(a, 200));
        assertEquals(1, light.near().size());
        assertEquals(0.95, light.near().get(0).estimatedJaccard(), 0.05);
    }
}
