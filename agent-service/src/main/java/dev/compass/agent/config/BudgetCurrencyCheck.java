package dev.compass.agent.config;

import dev.compass.agent.persistence.BudgetCurrency;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Refuses to start with a default budget currency that is not an ISO 4217 code: every plan without one would take it. */
@ApplicationScoped
public class BudgetCurrencyCheck {

    void check(@Observes StartupEvent event, AgentConfig config) {
        if (!BudgetCurrency.valid(config.budgetCurrency())) {
            throw new IllegalStateException("AGENT_BUDGET_CURRENCY=" + config.budgetCurrency() + " is not an ISO 4217"
                    + " currency code of three capital letters (EUR, GBP, CHF...)");
        }
    }
}
