package dev.compass.governance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.localstack.LocalStackTestResource;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * With a checkpoint key too short to sign the audit trail, the service refuses to start (exit code 1), naming the
 * setting to fix, the minimum and how to make a good key, and never printing the key. (It used to start, report ready, and log an error every 30 s while the
 * trail went unsigned.) A service that does start here exits on its own with code 0 ({@link ExitOnceStarted}), so the
 * test fails rather than waits.
 */
@QuarkusMainTest
@TestProfile(WeakCheckpointKeyTest.WeakKey.class)
@QuarkusTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "governance"))
class WeakCheckpointKeyTest {
    static final String WEAK_KEY = "Sh0rt-s3cret";

    public static class WeakKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("compass.governance.audit.checkpoint-key", WEAK_KEY,
                    "compass.test.exit-once-started", "true");
        }
    }

    @Test
    @Launch(value = {}, exitCode = 1)
    void aKeyShorterThanSixteenCharactersStopsTheStartWithTheSettingToFix(LaunchResult result) {
        String output = result.getOutput() + "\n" + result.getErrorOutput();
        assertTrue(output.contains("AUDIT_CHECKPOINT_KEY"), output);
        assertTrue(output.contains("at least 16 characters"), output);
        assertTrue(output.contains("openssl rand -base64 32"), output);
        assertFalse(output.contains(WEAK_KEY), "the key itself is never printed");
        assertFalse(output.contains("Failed to start application"), "the reason alone, as for a missing setting,"
                + " not under a stack trace");
    }

    /** Test support: a service whose start-up completed exits with code 0 when the profile asks for it. */
    @ApplicationScoped
    public static class ExitOnceStarted {
        @ConfigProperty(name = "compass.test.exit-once-started", defaultValue = "false")
        boolean exit;

        void started(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 10_000) StartupEvent event) {
            if (exit) {
                Quarkus.asyncExit(0);
            }
        }
    }
}
