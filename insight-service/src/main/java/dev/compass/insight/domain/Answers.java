package dev.compass.insight.domain;

import dev.compass.insight.config.LlmConfig;
import dev.compass.retrieval.ChunkIndex;
import dev.compass.retrieval.SearchFilters;
import dev.compass.retrieval.SearchHit;
import dev.compass.retrieval.SearchMode;
import dev.compass.retrieval.SearchRequest;
import dev.compass.retrieval.answer.Answer;
import dev.compass.retrieval.answer.ExtractiveAnswerer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Answers questions from the passages a caller may see: retrieval restricted to the caller's groups, then either
 * extractive quoting (no model) or a model-written answer whose every sentence is verified against the passages.
 */
@ApplicationScoped
public class Answers {
    static final int PASSAGES = 8;

    @Inject
    ChunkIndex index;
    @Inject
    ExtractiveAnswerer extractive;
    @Inject
    GenerativeAnswerer generative;
    @Inject
    LlmConfig llm;
    @Inject
    QueryVectors queryVectors;
    @Inject
    SearchAdmission admission;

    /** How an answer waits for {@link SearchAdmission}: a request gives up with a 503, a consumer waits. */
    public enum Origin { REQUEST, CONSUMER }

    /**
     * The answer from the passages the groups may see. Retrieval and the extractive scoring (both CPU-bound) are
     * admitted by {@link SearchAdmission} one after the other, so searches interleave with a long answer; the model's
     * call (I/O) is not.
     */
    public AnswerResult answer(String question, SearchFilters filters, Collection<String> groups, Origin origin) {
        SearchRequest request = new SearchRequest(question, PASSAGES, SearchMode.HYBRID, filters, Set.copyOf(groups));
        List<SearchHit> hits = admitted(origin, () -> index.search(request, queryVectors.of(question)));
        if (llm.enabled()) {
            return generative.answer(question, hits);
        }
        return admitted(origin, () -> extractive(question, hits, "extractive"));
    }

    private <T> T admitted(Origin origin, java.util.function.Supplier<T> work) {
        return origin == Origin.REQUEST ? admission.run(work) : admission.runWaiting(work);
    }

    AnswerResult extractive(String question, List<SearchHit> hits, String mode) {
        Answer a = extractive.answer(question, hits);
        return new AnswerResult(a.text(), a.citations().stream().map(Answers::view).toList(), a.confidence(),
                a.grounded(), mode);
    }

    /** A citation as answers show it: a passage of a document without page numbers (page 0) names no page. */
    static AnswerResult.CitationView view(dev.compass.retrieval.answer.Citation c) {
        return new AnswerResult.CitationView(c.documentId(), c.chunkId(), c.title(), c.page() > 0 ? c.page() : null,
                c.quote(), c.quality());
    }
}
