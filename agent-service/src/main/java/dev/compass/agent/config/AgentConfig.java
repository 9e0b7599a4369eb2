package dev.compass.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The agents' configuration. */
@ConfigMapping(prefix = "compass.agent")
public interface AgentConfig {
    /** Registry id of the commercial agent. */
    @WithDefault("commercial-agent")
    String commercialId();

    /** Registry id of the finance agent. */
    @WithDefault("finance-agent")
    String financeId();

    /** Marginal ROI a channel must beat to get more money. */
    @WithDefault("1.2")
    double hurdle();

    /** Headroom: a channel may grow up to this multiple of today's weekly spend. */
    @WithDefault("2.0")
    double maxSpendMultiple();

    /**
     * ISO 4217 code of the budgets whose plan names no currency, and of lines imported before budgets had one.
     */
    @WithDefault("EUR")
    String budgetCurrency();

    /** How long the commercial agent waits for evidence before proceeding without. */
    @WithDefault("3s")
    Duration evidenceTimeout();

    /** How often conversations past their evidence deadline are looked for. */
    @WithDefault("100ms")
    Duration evidencePoll();

    Llm llm();

    interface Llm {
        /** Whether the agents phrase their messages with the configured OpenAI-compatible model. */
        @WithDefault("false")
        boolean enabled();
    }
}
