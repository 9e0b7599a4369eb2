package dev.compass.kit.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Refuses a bearer token issued in the future (its {@code iat} later than now plus the allowed clock skew) with a
 * 401. smallrye-jwt checks that {@code iat} is not after {@code exp}, and a maximum age and lifetime measured from
 * {@code iat}, but not that {@code iat} has passed: a token dated ahead would outlive any lifetime policy by the
 * amount it is dated ahead, which only a clock gone wrong or a token minted to last produces.
 */
@ApplicationScoped
public class TokenIssuedAtCheck implements SecurityIdentityAugmentor {
    private static final Logger LOG = Logger.getLogger(TokenIssuedAtCheck.class);

    @ConfigProperty(name = "compass.security.clock-skew", defaultValue = "PT60S")
    Duration clockSkew;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            long issuedAt = token.getIssuedAtTime();
            long latest = Instant.now().plus(clockSkew).getEpochSecond();
            if (issuedAt > latest) {
                LOG.warnf("token of %s refused: issued at %s, in the future (clock skew allowed: %s)",
                        token.getSubject(), Instant.ofEpochSecond(issuedAt), clockSkew);
                return Uni.createFrom().failure(new AuthenticationFailedException("token issued in the future"));
            }
        }
        return Uni.createFrom().item(identity);
    }
}
