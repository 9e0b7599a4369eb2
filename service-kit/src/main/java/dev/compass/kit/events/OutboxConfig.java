package dev.compass.kit.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the transactional outbox relay. */
@ConfigMapping(prefix = "compass.outbox")
public interface OutboxConfig {
    /** CloudEvents {@code source} of events this service emits, e.g. {@code /compass/insight-service}. */
    String source();

    /** Whether this instance relays the outbox to Kafka. */
    @WithDefault("true")
    boolean relayEnabled();

    /**
     * The largest event payload the service publishes, in bytes. Kafka's default limit on a message is 1 MiB
     * (broker {@code message.max.bytes}, producer {@code max.request.size}); this leaves room for the headers, and for
     * the headers a consumer adds when it sets a message aside on a dead-letter topic.
     */
    @WithDefault("1000000")
    int maxEventBytes();

    /** Rows published per relay transaction. */
    @WithDefault("500")
    int batchSize();

    /**
     * Fault injection for the crash test only: the process halts right after the outbox commit, before publishing.
     * Never set in production.
     */
    @WithDefault("false")
    boolean haltBeforePublish();
}
