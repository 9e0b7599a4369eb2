package dev.compass.e2e;

import dev.compass.localstack.DevTokens;
import dev.compass.localstack.KafkaProcess;
import dev.compass.localstack.LocalPostgres;
import dev.compass.localstack.TopicProvisioner;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One real broker (a child process: it can be killed and restarted), one real PostgreSQL and the signing key, shared
 * by the end-to-end tests of this JVM. Services are started as processes from their packaged jars.
 */
final class Suite {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path WORK = ROOT.resolve("e2e-tests/target/e2e");
    private static KafkaProcess kafka;
    private static LocalPostgres postgres;
    private static DevTokens tokens;
    private static Path publicKey;

    private Suite() {}

    static synchronized KafkaProcess kafka() throws Exception {
        if (kafka == null) {
            int port = freePort();
            kafka = new KafkaProcess(WORK.resolve("kafka-" + port), port, freePort());
            kafka.start();
            TopicProvisioner.createAll(kafka.bootstrapServers(), 3);
            KafkaProcess k = kafka;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    k.close();
                } catch (Exception ignored) {
                    // exiting
                }
            }));
        }
        return kafka;
    }

    static synchronized LocalPostgres postgres() throws Exception {
        if (postgres == null) {
            postgres = LocalPostgres.startEphemeral();
            LocalPostgres p = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    p.close();
                } catch (Exception ignored) {
                    // exiting
                }
            }));
        }
        return postgres;
    }

    static synchronized DevTokens tokens() throws IOException {
        if (tokens == null) {
            tokens = DevTokens.generate();
            Files.createDirectories(WORK);
            publicKey = WORK.resolve("public-" + ProcessHandle.current().pid() + ".pem");
            Files.writeString(publicKey, tokens.publicKeyPem());
        }
        return tokens;
    }

    static String token(String subject, List<String> roles, List<String> groups) throws IOException {
        return tokens().token(subject, roles, groups);
    }

    static Path publicKey() throws IOException {
        tokens();
        return publicKey;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
