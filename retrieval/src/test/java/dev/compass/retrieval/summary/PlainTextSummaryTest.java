package dev.compass.retrieval.summary;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long documents in the shape a plain-text upload reaches the summarizer: Tika gives a text file as one paragraph
 * (its line breaks become spaces), so there are no headings and no page numbers (page 0 on every chunk), and the
 * chunker cuts a "sentence" longer than a chunk (a list or a text without full stops) into pieces of ~150 words.
 * Each such document once got an empty summary and no findings.
 */
class PlainTextSummaryTest {

    private static final String[] SUBJECTS = {"Cardiologists in Germany", "Primary care physicians",
        "Hospital pharmacists", "Payers in France", "Nurses in Spain", "Key opinion leaders",
        "Patients with heart failure", "Specialists in Italy"};
    private static final String[] VERBS = {"prefer", "report concerns about", "increasingly prescribe",
        "are sceptical of", "value the evidence behind", "ask for more data on", "recommend", "struggle to access"};
    private static final String[] OBJECTS = {"once-daily dosing of Cardiozen",
        "the new reimbursement rules for SGLT2 inhibitors", "digital detailing by field representatives",
        "the long-term safety data from the registry", "combination therapy with beta blockers",
        "the price premium over generic alternatives", "remote patient monitoring programmes",
        "the updated ESC guideline recommendations"};
    private static final String[] TAILS = {"because of adherence benefits in elderly patients",
        "according to the third wave of the tracking survey", "especially in large teaching hospitals",
        "although budgets remain tight this year", "which differs from last year's findings",
        "when compared with competitor products", "in both urban and rural practices",
        "despite strong promotional activity"};

    /** One statement of market research, without punctuation. */
    private static String clause(Random r) {
        return SUBJECTS[r.nextInt(SUBJECTS.length)] + " " + VERBS[r.nextInt(VERBS.length)] + " "
                + OBJECTS[r.nextInt(OBJECTS.length)] + " " + TAILS[r.nextInt(TAILS.length)];
    }

    /** A document of {@code n} statements, each written by {@code item}, as one paragraph. */
    private static String document(int n, Function<String, String> item) {
        Random r = new Random(42);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(item.apply(clause(r)));
        }
        return String.join(" ", items);
    }

    /** The text cut at word boundaries into chunks of about 150 words, all on page 0 (a text file has no pages). */
    private static List<PageText> plainTextChunks(String text) {
        String[] words = text.split(" ");
        List<PageText> chunks = new ArrayList<>();
        for (int from = 0; from < words.length; from += 150) {
            String chunk = String.join(" ", List.of(words).subList(from, Math.min(words.length, from + 150)));
            chunks.add(new PageText("doc-c" + chunks.size(), 0, chunk));
        }
        return chunks;
    }

    /** What a reader needs: a summary, 5-10 findings quoted from the chunk they cite, no invented page. */
    private static Summary assertReadableSummary(List<PageText> chunks) {
        assertTrue(chunks.size() >= 50, "a long document: " + chunks.size() + " chunks");
        Summary s = new ExtractiveSummarizer().summarize(chunks);
        assertFalse(s.text().isBlank(), "the summary is not empty");
        assertTrue(s.findings().size() >= 5 && s.findings().size() <= 10, s.findings().toString());
        Map<String, String> byId = chunks.stream().collect(Collectors.toMap(PageText::chunkId, PageText::text));
        for (Finding f : s.findings()) {
            assertTrue(byId.containsKey(f.chunkId()), "cites a chunk that exists: " + f.chunkId());
            assertTrue(byId.get(f.chunkId()).contains(f.text()), "quoted from its chunk: " + f.text());
            assertTrue(f.text().split("\\s+").length >= 6, "a statement, not a scrap: " + f.text());
            assertEquals(0, f.page(), "a document without page numbers has no page to cite");
            assertEquals(List.of(), f.pages(), "no page 0 is cited");
        }
        assertFalse(s.text().contains("(p. 0)"), "no page 0 in the summary: " + s.text());
        String rest = s.text();
        for (Finding f : s.findings()) {
            rest = rest.replace(f.text(), "").replace("\u2026", "");
        }
        assertTrue(rest.isBlank(), "the summary is made of findings, quoted: " + s.text());
        assertEquals(s, new ExtractiveSummarizer().summarize(chunks), "deterministic");
        return s;
    }

    @Test
    void proseWithFullStopsAndNoPageNumbers() {
        assertReadableSummary(plainTextChunks(document(600, c -> c + ".")));
    }

    @Test
    void textWithoutFullStops() {
        Summary s = assertReadableSummary(plainTextChunks(document(500, c -> c)));
        for (Finding f : s.findings()) {
            assertTrue(f.text().split("\\s+").length <= 60, "a finding is readable, not a whole chunk: " + f.text());
        }
        long startingAStatement = s.findings().stream()
                .filter(f -> List.of(SUBJECTS).stream().anyMatch(f.text()::startsWith)).count();
        assertTrue(startingAStatement * 2 >= s.findings().size(), "findings start where statements start: "
                + s.findings());
    }

    @Test
    void bulletListWithoutPunctuation() {
        Summary s = assertReadableSummary(plainTextChunks(document(500, c -> "- " + c)));
        for (Finding f : s.findings()) {
            assertFalse(f.text().startsWith("-"), "the bullet is not part of the finding: " + f.text());
            assertFalse(f.text().contains(" - "), "one item per finding: " + f.text());
        }
    }

    @Test
    void bulletListOfSentences() {
        Summary s = assertReadableSummary(plainTextChunks(document(500, c -> "\u2022 " + c + ".")));
        for (Finding f : s.findings()) {
            assertTrue(f.text().endsWith(".") && !f.text().contains("\u2022"), "one whole item: " + f.text());
        }
    }

    @Test
    void veryLongSentences() {
        Random r = new Random(7);
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < 150; i++) { // four statements joined by "and": about 60-70 words each
            sentences.add(clause(r) + ", and " + clause(r) + ", and " + clause(r) + ", and " + clause(r) + ".");
        }
        assertReadableSummary(plainTextChunks(String.join(" ", sentences)));
    }

    @Test
    void pagedProseStillCitesItsPages() {
        List<PageText> chunks = plainTextChunks(document(600, c -> c + "."));
        List<PageText> paged = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            paged.add(new PageText(chunks.get(i).chunkId(), i / 2 + 1, chunks.get(i).text()));
        }
        Summary s = new ExtractiveSummarizer().summarize(paged);
        assertTrue(s.text().matches(".*\\(p\\. [1-9]\\d*\\).*"), s.text());
        for (Finding f : s.findings()) {
            assertTrue(f.page() >= 1 && f.pages().get(0) == f.page(), f.toString());
            assertTrue(f.pages().stream().allMatch(p -> p >= 1 && p <= paged.size() / 2 + 1), f.toString());
        }
    }

    @Test
    void aDocumentOfNumbersOnlyHasNothingToSummarise() {
        List<PageText> chunks = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            chunks.add(new PageText("n" + i, 0, "2024 12.5 13.1 14.0 15.2 16.8 17.3 18.9 19.4 20.0 21.7 " + i));
        }
        Summary s = new ExtractiveSummarizer().summarize(chunks);
        assertTrue(s.nothingToSummarise());
        assertEquals("", s.text());
        assertEquals(List.of(), s.findings());
    }
}
