package dev.compass.localstack;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Kafka broker (KRaft, combined mode) as a child process on fixed ports, with its data kept in a directory:
 * what ./run uses, and what an end-to-end test can kill and restart.
 */
public final class KafkaProcess implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private Process process;

    public KafkaProcess(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Formats the log directory on first use, then starts the broker and waits until it accepts connections. */
    public synchronized void start() throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        Path config = writeConfig();
        if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
            String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
            Process format = java("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString()).redirectErrorStream(true).redirectOutput(dataDir.resolve("format.log").toFile())
                    .start();
            if (format.waitFor() != 0) {
                throw new IOException("kafka storage format failed, see " + dataDir.resolve("format.log"));
            }
        }
        process = java("kafka.Kafka", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("kafka.log").toFile())).start();
        waitForPort(Duration.ofSeconds(60));
    }

    private Path writeConfig() throws IOException {
        Path config = dataDir.resolve("server.properties");
        String props = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir.resolve("logs").toAbsolutePath(),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true", "");
        Files.writeString(config, props);
        return config;
    }

    private ProcessBuilder java(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms256m");
        command.add("-Xmx512m");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private void waitForPort(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("kafka exited with " + process.exitValue() + ", see " + dataDir.resolve("kafka.log"));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IOException("kafka did not open port " + port + " within " + timeout);
    }

    /** Kills the broker without a clean shutdown (fault tests). */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
