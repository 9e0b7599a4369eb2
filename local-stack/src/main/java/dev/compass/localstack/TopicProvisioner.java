package dev.compass.localstack;

import dev.compass.contracts.TopicCatalog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates every topic of the catalogue that does not exist yet (partitions capped for a one-node broker). */
public final class TopicProvisioner {
    private TopicProvisioner() {}

    public static void createAll(String bootstrapServers, int maxPartitions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = TopicCatalog.all().stream().filter(t -> !existing.contains(t.name()))
                    .map(t -> {
                        Map<String, String> config = new HashMap<>();
                        config.put("cleanup.policy", t.cleanupPolicy());
                        config.put("retention.ms", Long.toString(t.retentionMs()));
                        return new NewTopic(t.name(), Math.min(t.partitions(), maxPartitions), (short) 1).configs(config);
                    }).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics", e.getCause());
        }
    }
}
