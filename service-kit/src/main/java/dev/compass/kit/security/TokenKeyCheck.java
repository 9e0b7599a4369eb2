package dev.compass.kit.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start without a key to verify bearer tokens, or with a key file that is not there: the service would
 * otherwise report ready and refuse every API call (401 without a key, 500 with a missing file), with nothing in its log.
 */
@ApplicationScoped
public class TokenKeyCheck {

    void check(@Observes StartupEvent event, Config config) {
        Optional<String> key = config.getOptionalValue("mp.jwt.verify.publickey", String.class);
        Optional<String> location = config.getOptionalValue("mp.jwt.verify.publickey.location", String.class)
                .or(() -> config.getOptionalValue("smallrye.jwt.verify.key.location", String.class));
        problem(key.orElse(null), location.orElse(null)).ifPresent(p -> {
            throw new IllegalStateException(p);
        });
    }

    /** What is wrong with the token key settings, if anything. */
    public static Optional<String> problem(String key, String location) {
        if ((key == null || key.isBlank()) && (location == null || location.isBlank())) {
            return Optional.of("no key to verify bearer tokens: set MP_JWT_VERIFY_PUBLICKEY_LOCATION (a PEM or JWKS,"
                    + " file: or https:) or MP_JWT_VERIFY_PUBLICKEY; without one every API call would be refused");
        }
        if ((key == null || key.isBlank()) && location.startsWith("file:")) {
            Path file = Path.of(location.substring("file:".length()));
            if (!Files.isReadable(file)) {
                return Optional.of("the key to verify bearer tokens, MP_JWT_VERIFY_PUBLICKEY_LOCATION=" + location
                        + ", is not a readable file");
            }
        }
        return Optional.empty();
    }
}
