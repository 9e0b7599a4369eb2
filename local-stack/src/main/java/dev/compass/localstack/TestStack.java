package dev.compass.localstack;

import java.util.List;

/**
 * The broker, database server and token keys shared by every test of one JVM: started once, on first use, and
 * stopped when the JVM exits.
 */
public final class TestStack {
    private static InProcessKafka kafka;
    private static LocalPostgres postgres;
    private static DevTokens tokens;

    private TestStack() {}

    public static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            kafka = InProcessKafka.start();
            TopicProvisioner.createAll(kafka.bootstrapServers(), 2);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    kafka.close();
                } catch (Exception ignored) {
                    // the JVM is going away
                }
            }));
        }
        return kafka.bootstrapServers();
    }

    public static synchronized LocalPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = LocalPostgres.startEphemeral();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (Exception ignored) {
                    // the JVM is going away
                }
            }));
        }
        return postgres;
    }

    public static synchronized String jdbcUrl(String database) {
        try {
            postgres().ensureDatabase(database);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return postgres().jdbcUrl(database);
    }

    public static synchronized DevTokens tokens() {
        if (tokens == null) {
            tokens = DevTokens.generate();
        }
        return tokens;
    }

    /** A bearer token for tests: subject, roles and document groups. */
    public static String token(String subject, List<String> roles, List<String> groups) {
        return tokens().token(subject, roles, groups);
    }

    /** A token signed by the test key but issued for another audience (a test of the audience check). */
    public static String tokenFor(String audience, String subject, List<String> roles, List<String> groups) {
        return tokens().token(subject, roles, groups, java.time.Duration.ofHours(1), audience);
    }

    /** A token signed by the test key, valid for an hour from {@code issuedAt} (a test of the issued-at check). */
    public static String tokenIssuedAt(java.time.Instant issuedAt, String subject, List<String> roles,
            List<String> groups) {
        return tokens().token(subject, roles, groups, issuedAt, java.time.Duration.ofHours(1), DevTokens.AUDIENCE);
    }
}
