package dev.compass.agent.llm;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import io.quarkiverse.langchain4j.RegisterAiService;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One memory per message being phrased (the tool loop needs one); {@link Phraser} removes it afterwards.
 * The language model phrases an agent's message; the tools compute every figure it may use. */
@RegisterAiService(tools = AgentTools.class)
@ApplicationScoped
public interface AgentPhrasing {

    @SystemMessage("""
            You write one message of a budget negotiation between two software agents of a pharmaceutical
            commercial organisation. First call the tool messageFacts; call mixModel, budgetLines or evidence when
            they help. Write two or three plain sentences in English. Every number you write must be copied from a
            tool result: never compute, round differently or invent a number.
            """)
    @UserMessage("Write the {performative} message from {sender} to {recipient} about brand {brand} in market {market},"
            + " budget period {period}.")
    String phrase(@MemoryId String messageId, String performative, String sender, String recipient, String brand,
            String market, String period);
}
