package dev.compass.kit.events;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Settings of the Kafka clients a service creates itself (outside its channels): the service's {@code kafka.*}
 * settings (security protocol, SASL, TLS) that the client knows, as its channels get them, and the bootstrap servers.
 */
@ApplicationScoped
public class KafkaClients {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    @Identifier("default-kafka-broker")
    Instance<Map<String, Object>> kafkaConfig;

    /** Properties for a client whose configuration names are {@code known} (e.g. {@code ProducerConfig.configNames()}). */
    public Properties properties(Set<String> known) {
        Properties props = new Properties();
        if (kafkaConfig.isResolvable()) {
            kafkaConfig.get().forEach((name, value) -> {
                if (known.contains(name) && value != null) {
                    props.put(name, value.toString());
                }
            });
        }
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }
}
