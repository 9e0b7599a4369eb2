package dev.compass.kit.deadletters;

import dev.compass.contracts.EventType;
import dev.compass.kit.events.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when every topic this service produces to, consumes from or dead-letters to exists. Against a cluster
 * whose topics were not created (or created under other names), the service would otherwise report ready while its
 * consumers wait and its outbox cannot publish. Checked every 30 s at most while some are missing; once all are there,
 * not again (topics are not expected to vanish).
 */
@Readiness
@ApplicationScoped
public class KafkaTopicsCheck implements HealthCheck {
    private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(30);

    @Inject
    KafkaClients kafka;
    @Inject
    DeadLetterRedrive deadLetters;

    private volatile Set<String> missing;
    private volatile String failure;
    private volatile long checkedAt;

    /** The topics this service needs: those of the events it produces or consumes, and its dead-letter topics. */
    public Set<String> needed() {
        String service = deadLetters.service();
        Set<String> topics = new TreeSet<>(deadLetters.topics());
        for (EventType type : EventType.values()) {
            if (type.producers().stream().anyMatch(s -> s.serviceName().equals(service))
                    || type.consumers().stream().anyMatch(s -> s.serviceName().equals(service))) {
                topics.add(type.topic());
            }
        }
        return topics;
    }

    @Override
    public HealthCheckResponse call() {
        boolean settled = missing != null && missing.isEmpty();
        if (!settled && System.nanoTime() - checkedAt > (missing == null ? 0 : RECHECK_NANOS)) {
            check();
        }
        var response = HealthCheckResponse.named("kafka-topics");
        if (missing == null) {
            return response.down().withData("error", String.valueOf(failure)).build();
        }
        return missing.isEmpty() ? response.up().withData("topics", needed().size()).build()
                : response.down().withData("missing", String.join(", ", missing)).withData("hint", "create the topics"
                        + " from deploy/base/kafka-topics.yaml or deploy/compose/create-topics.sh").build();
    }

    private synchronized void check() {
        checkedAt = System.nanoTime();
        Properties props = kafka.properties(AdminClientConfig.configNames());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
            Set<String> absent = new TreeSet<>(needed());
            absent.removeAll(existing);
            missing = absent;
            failure = null;
        } catch (Exception e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (missing != null && !missing.isEmpty()) {
                return; // keep the last known list
            }
            missing = null;
        }
    }
}
