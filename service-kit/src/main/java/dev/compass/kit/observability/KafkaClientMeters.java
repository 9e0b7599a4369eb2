package dev.compass.kit.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Kafka 4.1's consumer reports each per-topic and per-partition metric twice (KIP-1109): under the topic's name, and
 * under a deprecated copy of it with every dot made an underscore ({@code ingestion_chunks_v1}). Scraped as they come,
 * every lag series appears twice, and a sum of the lag over a service's partitions (the usual alert) counts it
 * twice. The copies are dropped here. Every topic of the suite has dots in its name (versioned names,
 * {@code <topic>.dlq.<service>}), so a Kafka topic tag with underscores and no dot is always such a copy.
 */
public class KafkaClientMeters {

    @Produces
    @Singleton
    public MeterFilter withoutDeprecatedTopicCopies() {
        return MeterFilter.deny(KafkaClientMeters::isDeprecatedTopicCopy);
    }

    static boolean isDeprecatedTopicCopy(Meter.Id id) {
        String topic = id.getTag("topic");
        return id.getName().startsWith("kafka.") && topic != null && topic.indexOf('.') < 0 && topic.indexOf('_') >= 0;
    }
}
