package dev.compass.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Development bearer tokens: an RS256 key pair (generated on first use) and JWTs signed with it. Roles travel in the
 * {@code roles} claim (services set {@code smallrye.jwt.path.groups=roles}); document-access groups in {@code groups}.
 */
public final class DevTokens {
    public static final String ISSUER = "https://compass.local/dev";
    /** The audience the services expect by default ({@code JWT_AUDIENCE}). */
    public static final String AUDIENCE = "compass";
    private final KeyPair keys;

    public DevTokens(KeyPair keys) {
        this.keys = keys;
    }

    /** A fresh key pair (tests). */
    public static DevTokens generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new DevTokens(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads the key pair from a directory, generating it there on first use (./run keeps it out of git). */
    public static DevTokens loadOrCreate(Path dir) throws IOException {
        Path priv = dir.resolve("dev-private.pem");
        Path pub = dir.resolve("dev-public.pem");
        try {
            if (Files.exists(priv) && Files.exists(pub)) {
                KeyFactory kf = KeyFactory.getInstance("RSA");
                PrivateKey privateKey = kf.generatePrivate(new PKCS8EncodedKeySpec(pemBody(Files.readString(priv))));
                PublicKey publicKey = kf.generatePublic(new X509EncodedKeySpec(pemBody(Files.readString(pub))));
                return new DevTokens(new KeyPair(publicKey, privateKey));
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("unreadable dev key in " + dir, e);
        }
        DevTokens tokens = generate();
        Files.createDirectories(dir);
        Files.writeString(priv, pem("PRIVATE KEY", tokens.keys.getPrivate().getEncoded()));
        try { // the signing key: readable by its owner only, where the file system has POSIX permissions
            Files.setPosixFilePermissions(priv, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: left as the platform creates it
        }
        Files.writeString(pub, tokens.publicKeyPem());
        return tokens;
    }

    public String publicKeyPem() {
        return pem("PUBLIC KEY", keys.getPublic().getEncoded());
    }

    /**
     * A token for a subject with roles (claim {@code roles}) and document-access groups (claim {@code groups}).
     */
    public String token(String subject, List<String> roles, List<String> docGroups, Duration lifetime) {
        return token(subject, roles, docGroups, lifetime, AUDIENCE);
    }

    /** A token for another audience (a test of the audience check). */
    public String token(String subject, List<String> roles, List<String> docGroups, Duration lifetime,
            String audience) {
        return token(subject, roles, docGroups, Instant.now(), lifetime, audience);
    }

    /** A token issued at a given time (a test of the check that refuses tokens issued in the future). */
    public String token(String subject, List<String> roles, List<String> docGroups, Instant now, Duration lifetime,
            String audience) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"dev\"}";
        String payload = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + json(audience) + "\",\"sub\":\"" + json(subject)
                + "\",\"upn\":\"" + json(subject)
                + "\",\"preferred_username\":\"" + json(subject) + "\",\"jti\":\"" + UUID.randomUUID()
                + "\",\"iat\":" + now.getEpochSecond() + ",\"exp\":" + now.plus(lifetime).getEpochSecond()
                + ",\"roles\":" + array(roles) + ",\"groups\":" + array(docGroups) + "}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String token(String subject, List<String> roles, List<String> docGroups) {
        return token(subject, roles, docGroups, Duration.ofHours(12));
    }

    private static String array(List<String> values) {
        return values.stream().map(v -> "\"" + json(v) + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    private static String json(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] pemBody(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").trim());
    }
}
