package dev.compass.localstack;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real single-node Kafka (KRaft, combined broker and controller) inside the current JVM, on a free port. */
public final class InProcessKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private InProcessKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static InProcessKafka start() {
        // A broker inside a test JVM must never end that JVM: when the test kit removes its log directories at
        // shutdown, the broker treats them as failed disks and halts the process, which the test runner reports as a
        // crashed fork. Exit and halt requests of Kafka are logged instead.
        org.apache.kafka.common.utils.Exit.setExitProcedure((status, message) -> System.err.println(
                "in-process Kafka asked to exit (" + status + "): " + message + "; ignored in tests"));
        org.apache.kafka.common.utils.Exit.setHaltProcedure((status, message) -> System.err.println(
                "in-process Kafka asked to halt (" + status + "): " + message + "; ignored in tests"));
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    .setConfigProp("min.insync.replicas", "1")
                    .setConfigProp("default.replication.factor", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "1")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new InProcessKafka(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-process Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
