package dev.compass.governance.config;

import dev.compass.governance.domain.CheckpointSigner;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Refuses to start with a key too weak to sign the audit trail's checkpoints (AUDIT_CHECKPOINT_KEY): the service would
 * otherwise report ready while every checkpoint failed, an ERROR every 30 s, and the trail went unsigned. A missing key
 * already stops the start (SRCFG00011), and a weak one now does too, reported the same way. Checked before the
 * consumers and the scheduler start; the key is never logged.
 */
@ApplicationScoped
public class CheckpointKeyCheck {
    private static final Logger LOG = Logger.getLogger(CheckpointKeyCheck.class);
    /** RFC 2104: an HMAC key should be at least as long as the hash's output, 32 bytes for SHA-256. */
    static final int RECOMMENDED_LENGTH = 32;

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, GovernanceConfig config) {
        String key = config.audit().checkpointKey();
        problem(key).ifPresent(p -> {
            // printed alone, like a missing setting (SRCFG00011), rather than under a stack trace
            throw new ConfigurationException(p, Set.of("compass.governance.audit.checkpoint-key"));
        });
        if (key.length() < RECOMMENDED_LENGTH) {
            LOG.warnf("AUDIT_CHECKPOINT_KEY has fewer than %d characters: it is accepted, but HMAC-SHA256 is at its"
                    + " full strength with a random key of %d bytes or more (e.g. openssl rand -base64 32)",
                    RECOMMENDED_LENGTH, RECOMMENDED_LENGTH);
        }
    }

    /** What is wrong with the checkpoint key, if anything (never quoting it). */
    public static Optional<String> problem(String key) {
        if (key == null || key.isBlank() || key.length() < CheckpointSigner.MIN_KEY_LENGTH) {
            return Optional.of("AUDIT_CHECKPOINT_KEY (compass.governance.audit.checkpoint-key), the key that signs the"
                    + " audit trail's checkpoints, must have at least " + CheckpointSigner.MIN_KEY_LENGTH
                    + " characters and not be blank: set it to a random secret, e.g. the output of"
                    + " openssl rand -base64 32 (44 characters). With a weaker key no checkpoint would be signed and the"
                    + " audit trail would not be tamper-evident");
        }
        return Optional.empty();
    }
}
