package dev.compass.governance.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.compass.kit.events.PoisonMessageException;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** What the audit trail takes as storable, and which failed appends are a record's fault rather than the database's. */
class StorableTextTest {

    static void poison(String json) {
        assertThrows(PoisonMessageException.class, () -> StorableText.json(json, "t/0@0"), json);
    }

    @Test
    void textPostgresRefusesIsPoison() {
        assertThrows(PoisonMessageException.class, () -> StorableText.utf8("a\0b".getBytes(StandardCharsets.UTF_8),
                "header ce_id", "t/0@0"));
        assertThrows(PoisonMessageException.class, () -> StorableText.utf8(new byte[] {'a', (byte) 0xC3}, "payload",
                "t/0@0"));
        // a surrogate encoded in UTF-8 (CESU) and an overlong NUL are not UTF-8 either
        assertThrows(PoisonMessageException.class, () -> StorableText.utf8(new byte[] {(byte) 0xED, (byte) 0xA0,
                (byte) 0x80}, "payload", "t/0@0"));
        assertThrows(PoisonMessageException.class, () -> StorableText.utf8(new byte[] {(byte) 0xC0, (byte) 0x80},
                "payload", "t/0@0"));
        assertEquals("é😀", StorableText.utf8("é😀".getBytes(StandardCharsets.UTF_8), "payload", "t/0@0"));

        poison("{\"a\":\"x\\u0000y\"}");
        poison("{\"x\\u0000\":1}");
        poison("[\"\\ud800\"]");
        poison("{\"a\":{\"b\":[\"\\udc00x\"]}}");
        poison("{\"a\":1} trailing");
        poison("{\"a\":1}{\"b\":2}");
        poison("");
        poison("not json");
        assertEquals(1, StorableText.json("{\"a\":1}\n", "t/0@0").get("a").asInt());
        assertEquals("\\u0000", StorableText.json("{\"a\":\"\\\\u0000\"}", "t/0@0").get("a").asText());
        assertEquals("😀", StorableText.json("{\"a\":\"\\ud83d\\ude00\"}", "t/0@0").get("a").asText());
    }

    @Test
    void onlyBadDataIsTheRecordsFault() {
        SQLException nul = new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", "22021", new int[0]);
        batch.setNextException(nul);
        assertSame(nul, StorableText.contentFailure(new IllegalStateException("cannot append", batch)));
        SQLException tooLarge = new SQLException("index row requires 12024 bytes", "54000");
        assertSame(tooLarge, StorableText.contentFailure(new IllegalStateException(tooLarge)));
        SQLException unique = new SQLException("duplicate key", "23505");
        assertSame(unique, StorableText.contentFailure(unique));

        assertNull(StorableText.contentFailure(new IllegalStateException(new SQLException("connection refused",
                "08001"))));
        assertNull(StorableText.contentFailure(new SQLException("terminating connection", "57P01")));
        assertNull(StorableText.contentFailure(new SQLException("too many connections", "53300")));
        assertNull(StorableText.contentFailure(new SQLException(
                "Sorry, acquisition timeout while waiting for new connection")));
        assertNull(StorableText.contentFailure(new SQLException("could not serialize access", "40001")));
        assertNull(StorableText.contentFailure(new IllegalStateException("a bug")));
        // a connection lost while a batch entry was refused: the database, not the record
        BatchUpdateException lost = new BatchUpdateException("Batch entry 0 was aborted", "22021", new int[0]);
        lost.setNextException(new SQLException("An I/O error occurred", "08006"));
        assertNull(StorableText.contentFailure(lost));
    }
}
