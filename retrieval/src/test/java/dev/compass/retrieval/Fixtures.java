package dev.compass.retrieval;

import dev.compass.retrieval.embedding.Embedder;
import dev.compass.retrieval.embedding.MiniLmEmbedder;

import java.time.LocalDate;
import java.util.List;

/** Shared test data; MiniLM is loaded once per test JVM. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Embedder embedder() {
        return MiniLmEmbedder.shared();
    }

    public static IndexedChunk chunk(String doc, String chunk, String title, int page, String text, List<String> groups,
                                     String site, String product, String country, String area, LocalDate date,
                                     int quality) {
        return new IndexedChunk(doc, chunk, title, page, text, groups, site, product, country, area, date, quality, null);
    }

    public static List<IndexedChunk> corpus() {
        return List.of(
                chunk("d1", "d1-1", "Cardiolix launch review", 3,
                        "Cardiolix reduced LDL cholesterol by 38 percent in the phase III trial. Physicians in Germany "
                                + "adopted Cardiolix faster than planned.",
                        List.of("sales-de"), "berlin", "cardiolix", "DE", "cardiology", LocalDate.of(2024, 3, 1), 90),
                chunk("d2", "d2-1", "Cardiolix field notes", 1,
                        "Field reps report that Cardiolix samples ran out in Munich. Cardiolix cholesterol data "
                                + "convinced cardiologists.",
                        List.of("sales-de", "medical"), "munich", "cardiolix", "DE", "cardiology",
                        LocalDate.of(2025, 1, 15), 40),
                chunk("d3", "d3-1", "Oncoria market access", 7,
                        "Oncoria reimbursement was granted in France after the health technology assessment.",
                        List.of("sales-fr"), "paris", "oncoria", "FR", "oncology", LocalDate.of(2023, 6, 30), 70),
                chunk("secret", "secret-1", "Board memo: Cardiolix cholesterol safety signal", 2,
                        "Confidential: Cardiolix cholesterol cholesterol LDL signal under review by the board.",
                        List.of("board"), "berlin", "cardiolix", "DE", "cardiology", LocalDate.of(2025, 2, 1), 95));
    }
}
