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
                        if (t.maxMessageBytes() > 0) {
                            config.put("max.message.bytes", Integer.toString(t.maxMessageBytes()));
                        }
                        return new NewTopic(t.name(), Math.min(t.partitions(), maxPartitions), (short) 1).configs(config);
                    }).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            // topics created by an earlier version (kept in .run/data) get the message size limit they now have
            Map<org.apache.kafka.common.config.ConfigResource, java.util.Collection<
                    org.apache.kafka.clients.admin.AlterConfigOp>> sizes = new HashMap<>();
            TopicCatalog.all().stream().filter(t -> existing.contains(t.name()) && t.maxMessageBytes() > 0)
                    .forEach(t -> sizes.put(new org.apache.kafka.common.config.ConfigResource(
                            org.apache.kafka.common.config.ConfigResource.Type.TOPIC, t.name()), List.of(
                            new org.apache.kafka.clients.admin.AlterConfigOp(new org.apache.kafka.clients.admin
                                    .ConfigEntry("max.message.bytes", Integer.toString(t.maxMessageBytes())),
                                    org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET))));
            if (!sizes.isEmpty()) {
                admin.incrementalAlterConfigs(sizes).all().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics", e.getCause());
        }
    }
}
