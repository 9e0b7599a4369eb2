package dev.compass.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The ./run launcher's infrastructure half.
 * <ul>
 *   <li>{@code start <dir> [kafkaPort] [pgPort]}: PostgreSQL (data kept in dir/postgres) with one database per service,
 *   Kafka as a child process (data in dir/kafka), every topic created, then writes dir/stack.ready and waits.</li>
 *   <li>{@code token <keyDir> ROLE[,ROLE] [--groups g1,g2] [--subject name]}: prints a signed development token.</li>
 *   <li>{@code public-key <keyDir>}: prints the public key services verify tokens with.</li>
 * </ul>
 */
public final class LocalStackMain {
    static final List<String> DATABASES = List.of("ingestion", "insight", "agent", "governance");

    private LocalStackMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            usage();
            return;
        }
        switch (args[0]) {
            case "start" -> start(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 9092,
                    args.length > 3 ? Integer.parseInt(args[3]) : 5432);
            case "token" -> token(Path.of(args[1]), Arrays.copyOfRange(args, 2, args.length));
            case "public-key" -> System.out.print(DevTokens.loadOrCreate(Path.of(args[1])).publicKeyPem());
            default -> usage();
        }
    }

    private static void start(Path dir, int kafkaPort, int pgPort) throws Exception {
        Files.createDirectories(dir);
        Path ready = dir.resolve("stack.ready");
        Files.deleteIfExists(ready);
        LocalPostgres postgres = LocalPostgres.startPersistent(dir.resolve("postgres"), pgPort);
        for (String db : DATABASES) {
            postgres.ensureDatabase(db);
        }
        KafkaProcess kafka = new KafkaProcess(dir.resolve("kafka"), kafkaPort, kafkaPort + 1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                kafka.close();
            } catch (Exception ignored) {
                // best effort
            }
            try {
                postgres.close();
            } catch (Exception ignored) {
                // best effort
            }
            stopped.countDown();
        }));
        kafka.start();
        TopicProvisioner.createAll(kafka.bootstrapServers(), 6);
        Files.writeString(ready, "kafka=" + kafka.bootstrapServers() + "\npostgres=" + postgres.port() + "\n");
        System.out.println("local stack ready: kafka " + kafka.bootstrapServers() + ", postgres 127.0.0.1:" + postgres.port());
        stopped.await();
    }

    private static void token(Path keyDir, String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            return;
        }
        List<String> roles = List.of(args[0].split(","));
        List<String> groups = new ArrayList<>();
        String subject = "dev-" + roles.get(0);
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--groups") && i + 1 < args.length) {
                groups.addAll(List.of(args[++i].split(",")));
            } else if (args[i].equals("--subject") && i + 1 < args.length) {
                subject = args[++i];
            }
        }
        System.out.println(DevTokens.loadOrCreate(keyDir).token(subject, roles, groups));
    }

    private static void usage() {
        System.err.println("usage: start <dir> [kafkaPort] [pgPort] | token <keyDir> ROLE[,ROLE] [--groups g1,g2]"
                + " [--subject name] | public-key <keyDir>");
    }
}
