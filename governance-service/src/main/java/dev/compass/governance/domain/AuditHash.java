package dev.compass.governance.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash of one audit record: SHA-256 over the previous record's hash and every field of the record, each field
 * length-prefixed so that no two different records can produce the same input.
 */
public final class AuditHash {
    private AuditHash() {}

    public static final String GENESIS = "0".repeat(64);

    public static String of(String prevHash, long seq, String topic, int partition, long offset, String eventId,
            String eventType, String eventTime, String subject, String correlationId, String causationId,
            String payload) {
        return of(sha256(), prevHash, seq, topic, partition, offset, eventId, eventType, eventTime, subject,
                correlationId, causationId, payload);
    }

    /** The same with a digest the caller reuses (one per thread): verification hashes millions of records. */
    public static String of(MessageDigest digest, String prevHash, long seq, String topic, int partition, long offset,
            String eventId, String eventType, String eventTime, String subject, String correlationId,
            String causationId, String payload) {
        digest.reset();
        field(digest, prevHash);
        field(digest, Long.toString(seq));
        field(digest, topic);
        field(digest, Integer.toString(partition));
        field(digest, Long.toString(offset));
        field(digest, eventId);
        field(digest, eventType);
        field(digest, eventTime);
        field(digest, subject);
        field(digest, correlationId);
        field(digest, causationId);
        field(digest, payload);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void field(MessageDigest digest, String value) {
        if (value == null) {
            digest.update((byte) 0xff);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) (bytes.length >>> 24));
        digest.update((byte) (bytes.length >>> 16));
        digest.update((byte) (bytes.length >>> 8));
        digest.update((byte) bytes.length);
        digest.update(bytes);
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
