package dev.compass.governance.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs checkpoints of the audit chain: HMAC-SHA256 over (seq, hash) with a key held outside the database. Someone who
 * can rewrite the database but does not hold the key can neither forge a checkpoint nor cut the chain below the latest
 * one unnoticed.
 */
public final class CheckpointSigner {
    /**
     * The fewest characters a key may have (checked at start-up by {@code CheckpointKeyCheck}). RFC 2104 recommends at
     * least the hash's output length for an HMAC key, 32 bytes for SHA-256, and a key of fewer than 32 characters is
     * warned about; it is not refused, as a key in use cannot be changed without every earlier checkpoint failing
     * verification (they are all checked with the one current key).
     */
    public static final int MIN_KEY_LENGTH = 16;

    private final String keyId;
    private final SecretKeySpec key;

    public CheckpointSigner(String keyId, String secret) {
        if (secret == null || secret.isBlank() || secret.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("the audit checkpoint key must have at least " + MIN_KEY_LENGTH
                    + " characters and not be blank");
        }
        this.keyId = keyId;
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String keyId() {
        return keyId;
    }

    public String sign(long seq, String hash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((seq + ":" + hash).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of a stored signature with the expected one. */
    public boolean verify(long seq, String hash, String signature) {
        if (signature == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(seq, hash).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8));
    }
}
