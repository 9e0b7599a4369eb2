package dev.compass.agent.llm;

import dev.compass.agent.config.AgentConfig;
import dev.compass.agent.domain.NumberGuard;
import dev.compass.agent.domain.Phrased;
import dev.compass.agent.persistence.ConversationRow;
import dev.compass.contracts.EventType;
import dev.compass.contracts.events.AgentMessage;
import dev.compass.contracts.events.Violation;
import dev.compass.kit.events.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Phrases a message. Without a model the code's deterministic text is used. With a model, the model writes the
 * text from tool results; a guard checks every number in it against the tool results and, on any number no tool
 * produced, keeps the deterministic text and records a NUMBER_GUARD violation.
 */
@ApplicationScoped
public class Phraser {
    private static final Logger LOG = Logger.getLogger(Phraser.class);
    public static final String DETERMINISTIC = AgentMessage.DETERMINISTIC;

    @Inject
    AgentConfig config;
    @Inject
    Instance<AgentPhrasing> model;
    @Inject
    EventPublisher events;
    @ConfigProperty(name = "quarkus.langchain4j.openai.chat-model.model-name")
    String modelName;

    /**
     * @param deterministic the code's text, always correct
     * @param facts         the computed figures as "name value; ..." (what the messageFacts tool returns)
     * @param tools         the tools the code used to compute the figures
     */
    public Phrased phrase(ConversationRow c, String messageId, String performative, String from, String to,
            String deterministic, String facts, List<String> tools, Map<String, String> versions) {
        if (!config.llm().enabled()) {
            return new Phrased(deterministic, new AgentMessage.Provenance(DETERMINISTIC, null, tools, versions));
        }
        PhrasingContext context = new PhrasingContext(c.id, c.brand, c.market, c.period,
                facts + "; brand " + c.brand + "; market " + c.market + (c.period == null ? "" : "; period " + c.period));
        PhrasingContext.bind(context);
        String text;
        try {
            text = model.get().phrase(messageId, performative, from, to, c.brand, c.market,
                    c.period == null ? "not named" : c.period);
        } catch (RuntimeException e) {
            LOG.warnf("model unavailable, deterministic phrasing for %s: %s", messageId, e.toString());
            return new Phrased(deterministic, new AgentMessage.Provenance(DETERMINISTIC, null, tools,
                    with(versions, "phrasing", "model unavailable")));
        } finally {
            PhrasingContext.clear();
            try {
                io.quarkiverse.langchain4j.ChatMemoryRemover.remove(model.get(), messageId);
            } catch (RuntimeException ignored) {
                // nothing was stored
            }
        }
        List<Double> known = new ArrayList<>(NumberGuard.knownFrom(context.facts));
        context.toolResults.forEach(r -> known.addAll(NumberGuard.knownFrom(r)));
        List<String> invented = NumberGuard.unsupported(text, known);
        List<String> called = new ArrayList<>(tools);
        context.toolsCalled.forEach(t -> called.add("llm:" + t));
        if (invented.isEmpty() && text != null && !text.isBlank()) {
            return new Phrased(text.strip(), new AgentMessage.Provenance(modelName, "openai-compatible", called,
                    versions));
        }
        String detail = "numbers no tool produced: " + invented + "; model text: " + text;
        events.publish(EventType.VIOLATION, messageId, messageId, new Violation(UUID.randomUUID().toString(),
                "NUMBER_GUARD", messageId, c.id, detail, from, c.correlationId, messageId, Instant.now()),
                c.correlationId, messageId);
        // the model's text is not logged: it may quote evidence from documents the log's readers may not read
        LOG.warnf("number guard: message %s of conversation %s: numbers no tool produced: %s; the deterministic text"
                + " is sent instead", messageId, c.id, invented);
        return new Phrased(deterministic, new AgentMessage.Provenance(DETERMINISTIC, null, called,
                with(versions, "numberGuard", "model text rejected: " + invented)));
    }

    private static Map<String, String> with(Map<String, String> versions, String key, String value) {
        Map<String, String> out = new LinkedHashMap<>(versions);
        out.put(key, value);
        return out;
    }
}
