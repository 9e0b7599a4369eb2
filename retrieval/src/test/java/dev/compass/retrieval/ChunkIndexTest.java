package dev.compass.retrieval;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkIndexTest {

    private static ChunkIndex index;
    private static final String QUERY = "Cardiolix cholesterol LDL";

    @BeforeAll
    static void setUp() {
        index = ChunkIndex.inMemory(Fixtures.embedder(), RankingOptions.defaults());
        index.index(Fixtures.corpus());
    }

    @AfterAll
    static void tearDown() throws Exception {
        index.close();
    }

    private static List<SearchHit> search(ChunkIndex idx, String q, SearchMode mode, SearchFilters f, String... groups) {
        return idx.search(new SearchRequest(q, 10, mode, f, Set.of(groups)));
    }

    @Test
    void callerNeverSeesChunksOutsideTheirGroupsInAnyMode() {
        for (SearchMode mode : SearchMode.values()) {
            List<SearchHit> hits = search(index, QUERY, mode, null, "sales-de");
            assertFalse(hits.isEmpty(), mode.toString());
            assertTrue(hits.stream().noneMatch(h -> h.documentId().equals("secret")), mode.toString());
            assertTrue(hits.stream().noneMatch(h -> h.documentId().equals("d3")), mode.toString());
        }
        assertTrue(search(index, QUERY, SearchMode.HYBRID, null, "board").stream()
                .allMatch(h -> h.documentId().equals("secret")));
        assertTrue(search(index, QUERY, SearchMode.HYBRID, null).isEmpty(), "a caller without groups sees nothing");
        assertTrue(search(index, QUERY, SearchMode.HYBRID, null, "unknown").isEmpty());
    }

    @Test
    void hiddenChunksDoNotInfluenceVisibleScores() throws Exception {
        try (ChunkIndex withoutSecret = ChunkIndex.inMemory(Fixtures.embedder(), RankingOptions.defaults())) {
            withoutSecret.index(Fixtures.corpus().stream().filter(c -> !c.documentId().equals("secret")).toList());
            for (SearchMode mode : SearchMode.values()) {
                List<SearchHit> with = search(index, QUERY, mode, null, "sales-de", "medical");
                List<SearchHit> without = search(withoutSecret, QUERY, mode, null, "sales-de", "medical");
                assertEquals(without, with, "identical hits and scores in " + mode);
                RankingOptions feedback = RankingOptions.defaults().withFeedback(3, 1.0).withQualityPrior(0.1);
                float[] q = Fixtures.embedder().embed(QUERY);
                SearchRequest r = new SearchRequest(QUERY, 10, mode, null, Set.of("sales-de", "medical"));
                assertEquals(withoutSecret.search(r, q, feedback), index.search(r, q, feedback),
                        "identical with feedback and quality prior in " + mode);
                RankingOptions expanded = RankingOptions.defaults()
                        .withFusion(RankingOptions.Normalisation.Z_SCORE, true)
                        .withBm25(0.9, 0.4).withLexicalFeedback(2, 10, 0.5);
                assertEquals(withoutSecret.search(r, q, expanded), index.search(r, q, expanded),
                        "identical with union scoring and lexical feedback in " + mode);
                for (RankingOptions.Normalisation n : RankingOptions.Normalisation.values()) {
                    RankingOptions other = RankingOptions.defaults().withFusion(n, n != RankingOptions.Normalisation.RECIPROCAL_RANK)
                            .withProximity(0.5, 1).withCandidates(20);
                    assertEquals(withoutSecret.search(r, q, other), index.search(r, q, other),
                            "identical with " + n + " fusion and term proximity in " + mode);
                }
            }
        }
    }

    @Test
    void filtersRestrictResults() {
        SearchFilters munich = new SearchFilters("munich", null, null, null, null, null, null);
        assertEquals(List.of("d2"), docs(search(index, QUERY, SearchMode.HYBRID, munich, "sales-de")));
        SearchFilters quality = new SearchFilters(null, null, null, null, null, null, 80);
        assertEquals(List.of("d1"), docs(search(index, QUERY, SearchMode.SEMANTIC, quality, "sales-de")));
        SearchFilters dates = new SearchFilters(null, "cardiolix", "DE", "cardiology", LocalDate.of(2025, 1, 1),
                LocalDate.of(2025, 12, 31), null);
        assertEquals(List.of("d2"), docs(search(index, QUERY, SearchMode.LEXICAL, dates, "sales-de")));
        SearchFilters france = new SearchFilters(null, null, "FR", "oncology", null, null, null);
        assertEquals(List.of("d3"), docs(search(index, "reimbursement", SearchMode.HYBRID, france, "sales-fr", "sales-de")));
    }

    @Test
    void lexicalFeedbackFindsAChunkSharingNoWordWithTheQuery() throws Exception {
        try (ChunkIndex idx = ChunkIndex.inMemory(Fixtures.embedder(), RankingOptions.defaults())) {
            idx.index(List.of(
                    IndexedChunk.of("a", "a-1", "Statin outcomes", 1,
                            "Statin therapy lowered LDL cholesterol and cardiovascular events.", List.of("g"), 50),
                    IndexedChunk.of("b", "b-1", "Lipid panel", 1,
                            "LDL cholesterol fell sharply; cardiovascular events were rarer.", List.of("g"), 50),
                    IndexedChunk.of("c", "c-1", "Vaccine logistics", 1,
                            "Cold chain storage of vaccines in rural pharmacies.", List.of("g"), 50)));
            SearchRequest r = new SearchRequest("statin", 10, SearchMode.LEXICAL, null, Set.of("g"));
            RankingOptions plain = RankingOptions.defaults().withLexicalFeedback(0, 0, 0);
            assertEquals(List.of("a"), docs(idx.search(r, null, plain)));
            RankingOptions feedback = plain.withLexicalFeedback(1, 5, 0.5);
            List<String> expanded = docs(idx.search(r, null, feedback));
            assertEquals(List.of("a", "b"), expanded, "the query is expanded with terms of the top chunk");
        }
    }

    @Test
    void termProximityPrefersChunksWithTheQueryTermsTogether() throws Exception {
        try (ChunkIndex idx = ChunkIndex.inMemory(Fixtures.embedder(), RankingOptions.defaults())) {
            idx.index(List.of(
                    IndexedChunk.of("apart", "apart-1", "", 1,
                            "Kidney function was normal. Later the failure of the heart pump was seen.", List.of("g"), 50),
                    IndexedChunk.of("together", "together-1", "", 1,
                            "Kidney failure was normal. Later the function of the heart pump was seen.", List.of("g"), 50)));
            SearchRequest r = new SearchRequest("kidney failure", 10, SearchMode.LEXICAL, null, Set.of("g"));
            List<SearchHit> plain = idx.search(r, null, RankingOptions.defaults());
            assertEquals(plain.get(0).score(), plain.get(1).score(), 1e-6, "same terms, same lengths: a tie without proximity");
            List<SearchHit> near = idx.search(r, null, RankingOptions.defaults().withProximity(0.5, 1));
            assertEquals("together", near.get(0).documentId());
            assertTrue(near.get(0).score() > near.get(1).score());
        }
    }

    @Test
    void hitsCarryChunkData() {
        SearchHit top = search(index, "LDL cholesterol phase III trial", SearchMode.HYBRID, null, "sales-de").get(0);
        assertEquals("d1", top.documentId());
        assertEquals("d1-1", top.chunkId());
        assertEquals("Cardiolix launch review", top.title());
        assertEquals(3, top.page());
        assertEquals(90, top.quality());
        assertTrue(top.text().startsWith("Cardiolix reduced LDL"));
    }

    @Test
    void qualityPriorFavoursBetterSources() {
        RankingOptions strong = RankingOptions.defaults().withQualityPrior(0.9);
        List<SearchHit> hits = index.search(SearchRequest.of("Cardiolix", 10, Set.of("sales-de")),
                Fixtures.embedder().embed("Cardiolix"), strong);
        assertEquals("d1", hits.get(0).documentId());
    }

    @Test
    void deleteReindexAndRebuild(@TempDir Path dir) throws Exception {
        try (ChunkIndex disk = ChunkIndex.onDisk(dir, Fixtures.embedder(), RankingOptions.defaults())) {
            disk.index(Fixtures.corpus());
            assertEquals(4, disk.size());
            // the caller's view of the index is cached per reader: a search before the change must not leak into after
            assertTrue(docs(search(disk, QUERY, SearchMode.HYBRID, null, "sales-de")).contains("d1"));
            disk.delete("d1");
            assertEquals(3, disk.size());
            assertTrue(docs(search(disk, QUERY, SearchMode.HYBRID, null, "sales-de")).equals(List.of("d2")));
            IndexedChunk replaced = Fixtures.corpus().get(1);
            disk.index(List.of(new IndexedChunk(replaced.documentId(), replaced.chunkId(), "Updated", 1,
                    "Completely new text about vaccines.", replaced.accessGroups(), null, null, null, null, null, 50, null)));
            assertEquals(3, disk.size(), "same chunk id replaces");
            assertEquals("Updated", search(disk, "vaccines", SearchMode.LEXICAL, null, "sales-de").get(0).title());
        }
        try (ChunkIndex reopened = ChunkIndex.onDisk(dir, Fixtures.embedder(), RankingOptions.defaults())) {
            assertEquals(3, reopened.size(), "persisted on disk");
            reopened.rebuild(List.of(Fixtures.corpus().subList(0, 2), Fixtures.corpus().subList(2, 4)));
            assertEquals(4, reopened.size());
            assertEquals("d1", search(reopened, "LDL cholesterol phase III trial", SearchMode.HYBRID, null, "sales-de")
                    .get(0).documentId());
            reopened.clear();
            assertEquals(0, reopened.size());
            assertTrue(search(reopened, QUERY, SearchMode.HYBRID, null, "sales-de").isEmpty());
        }
    }

    private static List<String> docs(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::documentId).distinct().toList();
    }
}
