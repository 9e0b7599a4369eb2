package dev.compass.localstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource: a real Kafka broker and a real PostgreSQL for the service under test. Init argument
 * {@code database} names the service's own database.
 * <pre>{@code @QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "insight"))}</pre>
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {
    private String database = "compass";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", TestStack.kafkaBootstrapServers());
        config.put("quarkus.datasource.jdbc.url", TestStack.jdbcUrl(database));
        config.put("quarkus.datasource.username", LocalPostgres.USER);
        config.put("quarkus.datasource.password", LocalPostgres.PASSWORD);
        config.put("mp.jwt.verify.publickey", TestStack.tokens().publicKeyPem());
        config.put("mp.jwt.verify.issuer", DevTokens.ISSUER);
        return config;
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM; stopped by a shutdown hook
    }
}
