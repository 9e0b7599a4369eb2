package dev.compass.insight.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The optional OpenAI-compatible language model ({@code compass.llm.*}); off by default. */
@ConfigMapping(prefix = "compass.llm")
public interface LlmConfig {
    @WithDefault("false")
    boolean enabled();

    @WithDefault("30")
    int timeoutSeconds();
}
