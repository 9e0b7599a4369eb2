package dev.compass.retrieval.answer;

import dev.compass.retrieval.SearchHit;
import dev.compass.retrieval.TextAnalysis;
import dev.compass.retrieval.embedding.Embedder;
import dev.compass.retrieval.embedding.Vectors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Answers a question without a generative model: picks the sentences of the retrieved chunks that best
 * support the question (question-term coverage and embedding similarity), quotes them verbatim with
 * citations, and declines when support is weak. A chunk containing a sentence that reads like an instruction
 * to an AI (prompt injection) is never used as evidence. Thread-safe if the embedder is.
 */
public final class ExtractiveAnswerer {

    /** The answer given when the evidence is too weak. */
    public static final String NOT_ANSWERED = "The indexed sources do not answer this question reliably.";

    private final Embedder embedder;
    private final AnswerOptions options;

    /** An answerer with {@link AnswerOptions#defaults()}. */
    public ExtractiveAnswerer(Embedder embedder) {
        this(embedder, AnswerOptions.defaults());
    }

    public ExtractiveAnswerer(Embedder embedder, AnswerOptions options) {
        this.embedder = embedder;
        this.options = options;
    }

    /** Answers {@code question} from {@code hits} (best first), citing exact quotes. */
    public Answer answer(String question, List<SearchHit> hits) {
        Set<String> questionTerms = new HashSet<>(TextAnalysis.terms(question));
        List<Candidate> candidates = new ArrayList<>();
        for (int rank = 0; rank < hits.size(); rank++) {
            SearchHit hit = hits.get(rank);
            List<Sentence> sentences = SentenceSplitter.split(hit.text());
            if (sentences.stream().anyMatch(s -> InstructionDetector.looksLikeInstruction(s.text()))) {
                continue; // a chunk that addresses an AI with instructions is quarantined, never evidence
            }
            for (Sentence s : sentences) {
                if (s.text().length() < 12 || !SentenceSplitter.isStatement(s.text())) {
                    continue; // a heading or a table row is not evidence on its own
                }
                double coverage = coverage(questionTerms, s.text());
                candidates.add(new Candidate(hit, s, coverage, rank));
            }
        }
        if (candidates.isEmpty() || question.isBlank()) {
            return declined(0);
        }
        candidates.sort(Comparator.comparingDouble((Candidate c) -> c.coverage).reversed()
                .thenComparingInt(c -> c.rank));
        List<Candidate> shortlist = candidates.subList(0, Math.min(options.embedCandidates(), candidates.size()));
        float[] q = embedder.embedQuery(question);
        List<float[]> vectors = embedder.embedAll(shortlist.stream().map(c -> c.sentence.text()).toList());
        for (int i = 0; i < shortlist.size(); i++) {
            Candidate c = shortlist.get(i);
            c.vector = vectors.get(i);
            double semantic = Math.max(0, Vectors.dot(q, c.vector));
            c.score = options.lexicalWeight() * c.coverage + (1 - options.lexicalWeight()) * semantic;
        }
        List<Candidate> ranked = new ArrayList<>(shortlist);
        ranked.sort(Comparator.comparingDouble((Candidate c) -> c.score).reversed().thenComparingInt(c -> c.rank));
        double confidence = ranked.get(0).score;
        if (confidence < options.minConfidence()) {
            return declined(confidence);
        }
        List<Candidate> chosen = new ArrayList<>();
        for (Candidate c : ranked) {
            if (chosen.size() == options.maxSentences() || c.score < Math.max(options.minConfidence(), 0.75 * confidence)) {
                break;
            }
            if (chosen.stream().noneMatch(o -> Vectors.dot(o.vector, c.vector) > options.maxRedundancy())) {
                chosen.add(c);
            }
        }
        StringBuilder text = new StringBuilder();
        List<Citation> citations = new ArrayList<>();
        for (Candidate c : chosen) {
            int n = citations.size() + 1;
            citations.add(new Citation(n, c.hit.documentId(), c.hit.chunkId(), c.hit.title(), c.hit.page(),
                    c.sentence.text(), c.hit.quality()));
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(c.sentence.text()).append(" [").append(n).append(']');
        }
        return new Answer(text.toString(), List.copyOf(citations), round(confidence), true);
    }

    private static Answer declined(double confidence) {
        return new Answer(NOT_ANSWERED, List.of(), round(confidence), false);
    }

    private static double coverage(Set<String> questionTerms, String sentence) {
        if (questionTerms.isEmpty()) {
            return 0;
        }
        Set<String> terms = new HashSet<>(TextAnalysis.terms(sentence));
        long hit = questionTerms.stream().filter(terms::contains).count();
        return (double) hit / questionTerms.size();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static final class Candidate {
        final SearchHit hit;
        final Sentence sentence;
        final double coverage;
        final int rank;
        float[] vector;
        double score;

        Candidate(SearchHit hit, Sentence sentence, double coverage, int rank) {
            this.hit = hit;
            this.sentence = sentence;
            this.coverage = coverage;
            this.rank = rank;
        }
    }
}
