package dev.compass.insight.domain;

import dev.compass.retrieval.SearchHit;
import dev.compass.retrieval.answer.CitationVerifier;
import dev.compass.retrieval.answer.ExtractiveAnswerer;
import dev.compass.retrieval.answer.GroundedPromptBuilder;
import dev.compass.retrieval.answer.InstructionDetector;
import dev.compass.retrieval.answer.SentenceSplitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

/**
 * A model-written answer: passages that address an AI with instructions are dropped, the rest go to the model as
 * escaped data blocks; the answer is then checked sentence by sentence (citations must exist, quotes must be in the
 * cited passage) and unsupported sentences are removed. When nothing verifiable remains, or the model fails or is
 * too slow, the extractive answer is given instead.
 */
@ApplicationScoped
public class GenerativeAnswerer {
    private static final Logger LOG = Logger.getLogger(GenerativeAnswerer.class);
    private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,4})]");

    @Inject
    GroundedWriter writer;
    @Inject
    GroundedPromptBuilder prompts;
    @Inject
    CitationVerifier verifier;
    @Inject
    Answers answers;

    @Timeout(30_000)
    @Fallback(fallbackMethod = "fallback")
    public AnswerResult answer(String question, List<SearchHit> hits) {
        List<SearchHit> passages = hits.stream().filter(h -> SentenceSplitter.split(h.text()).stream()
                .noneMatch(s -> InstructionDetector.looksLikeInstruction(s.text()))).toList();
        if (passages.isEmpty() || question.isBlank()) {
            return new AnswerResult(ExtractiveAnswerer.NOT_ANSWERED, List.of(), 0, false, "generative");
        }
        String text = writer.write(prompts.build(question, passages));
        text = text == null ? "" : text.trim();
        if (text.isEmpty() || text.contains(ExtractiveAnswerer.NOT_ANSWERED)) {
            return new AnswerResult(ExtractiveAnswerer.NOT_ANSWERED, List.of(), 0, false, "generative");
        }
        CitationVerifier.Verification v = verifier.verify(text, passages);
        List<String> kept = new ArrayList<>();
        v.sentences().stream().filter(CitationVerifier.CheckedSentence::supported)
                .forEach(s -> kept.add(s.sentence()));
        if (!v.valid()) {
            LOG.warnf("rejected %d unsupported sentence(s) of the model's answer: %s",
                    v.sentences().size() - kept.size(), v.problems());
        }
        if (kept.isEmpty()) {
            return answers.extractive(question, hits, "extractive-fallback");
        }
        CitationVerifier.Verification checked = verifier.verify(String.join(" ", kept), passages);
        Map<Integer, Integer> renumber = new HashMap<>();
        List<AnswerResult.CitationView> citations = new ArrayList<>();
        for (var c : checked.citations()) {
            renumber.put(c.number(), citations.size() + 1);
            citations.add(Answers.view(c));
        }
        Matcher m = MARKER.matcher(String.join(" ", kept));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Integer n = renumber.get(Integer.parseInt(m.group(1)));
            m.appendReplacement(out, n == null ? "" : "[" + n + "]");
        }
        m.appendTail(out);
        double confidence = Math.round(1000.0 * kept.size() / v.sentences().size()) / 1000.0;
        return new AnswerResult(out.toString(), citations, confidence, true, "generative");
    }

    AnswerResult fallback(String question, List<SearchHit> hits) {
        LOG.warn("the language model failed or timed out; answering extractively");
        return answers.extractive(question, hits, "extractive-fallback");
    }

}
