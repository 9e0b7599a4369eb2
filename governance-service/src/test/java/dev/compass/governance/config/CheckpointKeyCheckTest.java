package dev.compass.governance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rule the start-up check applies to AUDIT_CHECKPOINT_KEY (the start-up refusal itself: WeakCheckpointKeyTest). */
class CheckpointKeyCheckTest {

    @Test
    void aKeyShorterThanSixteenCharactersOrBlankIsRefusedNamingTheSettingButNeverTheKey() {
        String fifteen = "fifteen-chars!!";
        String problem = CheckpointKeyCheck.problem(fifteen).orElseThrow();
        assertTrue(problem.contains("AUDIT_CHECKPOINT_KEY"), problem);
        assertTrue(problem.contains("at least 16 characters"), problem);
        assertTrue(problem.contains("openssl rand -base64 32"), problem);
        assertFalse(problem.contains(fifteen), problem);
        assertTrue(CheckpointKeyCheck.problem(" ".repeat(40)).isPresent(), "a blank key is no key");
        assertTrue(CheckpointKeyCheck.problem("").isPresent());
        assertTrue(CheckpointKeyCheck.problem(null).isPresent());
    }

    @Test
    void sixteenCharactersOrMoreAreAccepted() {
        assertEquals(Optional.empty(), CheckpointKeyCheck.problem("sixteen-chars!!!"));
        assertEquals(Optional.empty(), CheckpointKeyCheck.problem("3q2+7wR1uYc0mWJ5o0c4l8QyQ2C9m8Zy9vQ0xvG1f6U="));
    }
}
