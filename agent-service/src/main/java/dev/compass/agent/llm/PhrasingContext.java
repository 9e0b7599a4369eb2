package dev.compass.agent.llm;

import java.util.ArrayList;
import java.util.List;

/**
 * What the tools may see while one message is phrased (the conversation and the facts the code computed), and what
 * they returned: the number guard checks the model's text against these results. Bound to the phrasing thread.
 */
public final class PhrasingContext {
    private static final ThreadLocal<PhrasingContext> CURRENT = new ThreadLocal<>();

    public final String conversationId;
    public final String brand;
    public final String market;
    /** The conversation's budget period; null when it names none. */
    public final String period;
    public final String facts;
    public final List<String> toolsCalled = new ArrayList<>();
    public final List<String> toolResults = new ArrayList<>();

    public PhrasingContext(String conversationId, String brand, String market, String period, String facts) {
        this.conversationId = conversationId;
        this.brand = brand;
        this.market = market;
        this.period = period;
        this.facts = facts;
    }

    public static void bind(PhrasingContext context) {
        CURRENT.set(context);
    }

    public static void clear() {
        CURRENT.remove();
    }

    public static PhrasingContext current() {
        PhrasingContext c = CURRENT.get();
        if (c == null) {
            throw new IllegalStateException("no message is being phrased on this thread");
        }
        return c;
    }

    public String record(String tool, String result) {
        toolsCalled.add(tool);
        toolResults.add(result);
        return result;
    }
}
