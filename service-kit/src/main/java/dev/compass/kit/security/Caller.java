package dev.compass.kit.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling: subject, roles and document-access groups (the token's {@code groups} claim). */
@RequestScoped
public class Caller {
    @Inject
    SecurityIdentity identity;
    @Inject
    JsonWebToken token;

    public String subject() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    public Set<String> roles() {
        return identity.getRoles();
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    /**
     * Document-access groups; an empty list grants access to no restricted document. Read from the token's own
     * {@code groups} claim: with {@code smallrye.jwt.path.groups=roles} smallrye-jwt replaces the parsed "groups"
     * claim with the roles, so the raw token is consulted.
     */
    public List<String> groups() {
        if (token == null || token.getRawToken() == null) {
            return List.of();
        }
        String[] parts = token.getRawToken().split("\\.");
        if (parts.length < 2) {
            return List.of();
        }
        try (jakarta.json.JsonReader reader = jakarta.json.Json.createReader(new java.io.ByteArrayInputStream(
                java.util.Base64.getUrlDecoder().decode(parts[1])))) {
            jakarta.json.JsonValue claim = reader.readObject().get("groups");
            if (claim instanceof jakarta.json.JsonArray array) {
                return array.getValuesAs(jakarta.json.JsonString.class).stream()
                        .map(jakarta.json.JsonString::getString).toList();
            }
            if (claim instanceof jakarta.json.JsonString single) {
                return List.of(single.getString());
            }
            return List.of();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
