package dev.compass.governance.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Configuration of governance-service ({@code compass.governance.*}). */
@ConfigMapping(prefix = "compass.governance")
public interface GovernanceConfig {
    Audit audit();

    Conformance conformance();

    UseCases useCases();

    Proposals proposals();

    interface Proposals {
        /** How often pending proposals are checked for expiry (their lifetime is part of the budget policy). */
        @WithDefault("60s")
        String expiryCheck();

        /**
         * How far back automatic approvals count against the automatic limits of a budget line. A line id names one
         * budget period (agent-service's are brand:market:channel:period), so this only bounds lines that outlive a
         * period: by default a quarter.
         */
        @WithDefault("P92D")
        java.time.Duration automaticLimitWindow();

        /**
         * How long an approved proposal may wait for its ledger entries before it is overdue (listed with
         * application=OVERDUE, counted by compass_governance_proposals_unapplied): an approval that was lost.
         */
        @WithDefault("PT15M")
        java.time.Duration applyWithin();
    }

    interface Audit {
        /** HMAC key of the checkpoints (from the environment: AUDIT_CHECKPOINT_KEY). */
        String checkpointKey();

        @WithDefault("k1")
        String checkpointKeyId();

        /** A checkpoint every N records ... */
        @WithDefault("1000")
        long checkpointEvery();

        /** ... and of the head every T (timer). */
        @WithDefault("30s")
        String checkpointInterval();

        /** Threads that hash while verifying (0: the number of processors). */
        @WithDefault("0")
        int verifyThreads();
    }

    interface Conformance {
        /** Allowed sender→receiver pairs, e.g. commercial-agent->finance-agent. */
        List<String> allowedPairs();

        /**
         * How long a message whose cause is an event on another topic (an insight answer, a governance decision) may
         * wait for the audit trail to record it before it is a BROKEN_CAUSATION: the audit consumer may lag.
         */
        @WithDefault("60s")
        java.time.Duration causationGrace();

        /** How often messages waiting for their cause are checked again. */
        @WithDefault("5s")
        String causationRecheck();
    }

    interface UseCases {
        /** Score from which an existing idea is listed as similar. */
        @WithDefault("0.45")
        double similarThreshold();

        /** Score from which an idea is flagged as a likely duplicate. */
        @WithDefault("0.60")
        double duplicateThreshold();

        @WithDefault("P30D")
        String sandboxLifetime();

        /** Business glossary: foreign term → English term, applied before comparison. */
        Map<String, String> glossary();

        Optional<Boolean> embeddingsEnabled();
    }
}
