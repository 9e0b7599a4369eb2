package dev.compass.insight.config;

import dev.compass.retrieval.ChunkIndex;
import dev.compass.retrieval.RankingOptions;
import dev.compass.retrieval.answer.CitationVerifier;
import dev.compass.retrieval.answer.AnswerOptions;
import dev.compass.retrieval.answer.ExtractiveAnswerer;
import dev.compass.retrieval.answer.GroundedPromptBuilder;
import dev.compass.retrieval.embedding.Embedder;
import dev.compass.retrieval.embedding.BgeSmallEmbedder;
import dev.compass.retrieval.embedding.Embedders;
import dev.compass.retrieval.embedding.OpenAiCompatibleEmbedder;
import dev.compass.retrieval.summary.ExtractiveSummarizer;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.logging.Logger;

/** The framework-free retrieval components, configured once per service. */
public class SearchComponents {
    private static final Logger LOG = Logger.getLogger(SearchComponents.class);

    @Produces
    @Singleton
    @DefaultBean
    Embedder embedder(InsightConfig config) {
        InsightConfig.Embedding e = config.embedding();
        if ("openai".equalsIgnoreCase(e.provider())) {
            LOG.infof("embeddings from the OpenAI-compatible endpoint %s (model %s)", e.baseUrl(), e.model());
            return new OpenAiCompatibleEmbedder(e.baseUrl(), "none".equals(e.apiKey()) ? null : e.apiKey(), e.model(),
                    e.dimension(), config.index().embedBatch(), Duration.ofSeconds(60));
        }
        Embedder embedder;
        try {
            embedder = Embedders.named(e.provider());
        } catch (IllegalArgumentException ex) {
            throw new IllegalStateException("compass.insight.embedding.provider must be bge-small, minilm or openai,"
                    + " not " + e.provider());
        }
        LOG.infof("embeddings in process: %s", embedder.name());
        return embedder;
    }

    /**
     * The answerer's confidence threshold for a model. The support score mixes question-term coverage with the raw
     * cosine between question and sentence, and the models' cosine scales differ: with bge-small an unrelated
     * sentence still scores ~0.2-0.45 cosine (MiniLM ~0), so MiniLM's 0.45 would let off-topic questions through.
     * 0.53 for bge-small was set on the service's test corpus (docs/bench/insight.md, "Embedding model").
     */
    static double defaultMinConfidence(Embedder embedder) {
        return embedder instanceof BgeSmallEmbedder ? BGE_MIN_CONFIDENCE : AnswerOptions.defaults().minConfidence();
    }

    static final double BGE_MIN_CONFIDENCE = 0.53;

    @Produces
    @Singleton
    ChunkIndex chunkIndex(InsightConfig config, Embedder embedder) throws IOException {
        Path dir = Path.of(config.index().directory());
        Files.createDirectories(dir);
        LOG.infof("search index in %s", dir.toAbsolutePath());
        return ChunkIndex.onDisk(dir, embedder, RankingOptions.defaults());
    }

    void close(@Disposes ChunkIndex index) throws IOException {
        index.close();
    }

    @Produces
    @Singleton
    ExtractiveAnswerer extractiveAnswerer(Embedder embedder, InsightConfig config) {
        AnswerOptions d = AnswerOptions.defaults();
        double minConfidence = config.answer().minConfidence().orElse(defaultMinConfidence(embedder));
        LOG.infof("extractive answers: confidence threshold %.2f (%s)", minConfidence, embedder.name());
        return new ExtractiveAnswerer(embedder, new AnswerOptions(d.maxSentences(), minConfidence, d.lexicalWeight(),
                d.maxRedundancy(), d.embedCandidates()));
    }

    @Produces
    @Singleton
    CitationVerifier citationVerifier() {
        return new CitationVerifier();
    }

    @Produces
    @Singleton
    GroundedPromptBuilder promptBuilder() {
        return new GroundedPromptBuilder();
    }

    @Produces
    @Singleton
    ExtractiveSummarizer summarizer() {
        return new ExtractiveSummarizer();
    }
}
