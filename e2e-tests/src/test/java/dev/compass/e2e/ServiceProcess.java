package dev.compass.e2e;

import dev.compass.localstack.LocalPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One service started from its packaged jar as a child process, which a test can SIGKILL and restart. */
final class ServiceProcess implements AutoCloseable {
    final String name;
    final String database;
    final int port;
    /** The management interface's port: health and metrics. */
    final int managementPort;
    private final Map<String, String> extraEnv = new HashMap<>();
    private Process process;
    private int starts;

    ServiceProcess(String name, String database) throws IOException {
        this.name = name;
        this.database = database;
        this.port = Suite.freePort();
        this.managementPort = Suite.freePort();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    ServiceProcess env(String key, String value) {
        extraEnv.put(key, value);
        return this;
    }

    ServiceProcess withoutEnv(String key) {
        extraEnv.remove(key);
        return this;
    }

    /** Starts the service and waits until its readiness check is UP. */
    ServiceProcess start() throws Exception {
        startNoWait();
        awaitReady(Duration.ofSeconds(180));
        return this;
    }

    void startNoWait() throws Exception {
        Path jar = Suite.ROOT.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (mvn -DskipTests package)");
        }
        LocalPostgres pg = Suite.postgres();
        pg.ensureDatabase(database);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("PORT", Integer.toString(port));
        env.put("MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("KAFKA_BOOTSTRAP_SERVERS", Suite.kafka().bootstrapServers());
        env.put("DB_URL", pg.jdbcUrl(database));
        env.put("DB_USER", LocalPostgres.USER);
        env.put("DB_PASSWORD", LocalPostgres.PASSWORD);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "file:" + Suite.publicKey());
        env.put("AUDIT_CHECKPOINT_KEY", "e2e-checkpoint-key-" + ProcessHandle.current().pid());
        Path dataDir = Suite.WORK.resolve("data-" + name + "-" + port);
        env.put("COMPASS_DATA_DIR", dataDir.toString());
        env.put("INSIGHT_INDEX_DIR", dataDir.resolve("index").toString());
        env.putAll(extraEnv);
        Files.createDirectories(Suite.WORK);
        starts++;
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                Suite.WORK.resolve(name + "-" + port + ".log").toFile()));
        process = builder.start();
    }

    void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see "
                        + Suite.WORK.resolve(name + "-" + port + ".log"));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " not ready within " + timeout);
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Waits for the process to end by itself (e.g. a fault injection halted it); returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " is still running after " + timeout);
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no clean close. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
