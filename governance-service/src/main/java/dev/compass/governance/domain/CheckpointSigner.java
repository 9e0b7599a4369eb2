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
    private final String keyId;
    private final SecretKeySpec key;

    public CheckpointSigner(String keyId, String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the audit checkpoint key must have at least 16 characters");
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
