package dev.compass.insight.config;

import dev.compass.retrieval.ChunkIndex;
import dev.compass.retrieval.RankingOptions;
import dev.compass.retrieval.answer.CitationVerifier;
import dev.compass.retrieval.answer.ExtractiveAnswerer;
import dev.compass.retrieval.answer.GroundedPromptBuilder;
import dev.compass.retrieval.embedding.Embedder;
import dev.compass.retrieval.embedding.MiniLmEmbedder;
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
        if (!"minilm".equalsIgnoreCase(e.provider())) {
            throw new IllegalStateException("compass.insight.embedding.provider must be minilm or openai, not "
                    + e.provider());
        }
        return MiniLmEmbedder.shared();
    }

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
    ExtractiveAnswerer extractiveAnswerer(Embedder embedder) {
        return new ExtractiveAnswerer(embedder);
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
