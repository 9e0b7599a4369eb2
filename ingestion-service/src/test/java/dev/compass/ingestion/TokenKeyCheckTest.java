package dev.compass.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.compass.kit.security.TokenKeyCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A service without a usable token key refuses to start, saying why, rather than refusing every call later. */
class TokenKeyCheckTest {

    @Test
    void noKeyOrAMissingKeyFileIsRefusedWithTheSettingToFix() throws Exception {
        assertTrue(TokenKeyCheck.problem(null, null).orElseThrow().contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION"));
        assertTrue(TokenKeyCheck.problem(" ", "").isPresent());
        assertTrue(TokenKeyCheck.problem(null, "file:/nowhere/dev-public.pem").orElseThrow()
                .contains("not a readable file"));
        Path key = Files.createTempFile("public", ".pem");
        try {
            assertEquals(Optional.empty(), TokenKeyCheck.problem(null, "file:" + key));
            assertEquals(Optional.empty(), TokenKeyCheck.problem(null, "https://login.example.com/keys"));
            assertEquals(Optional.empty(), TokenKeyCheck.problem("-----BEGIN PUBLIC KEY-----", null));
        } finally {
            Files.delete(key);
        }
    }
}
