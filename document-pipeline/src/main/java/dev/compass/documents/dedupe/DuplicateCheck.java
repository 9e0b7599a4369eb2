package dev.compass.documents.dedupe;

import java.util.List;
import java.util.Optional;

/**
 * Result of a duplicate check.
 *
 * @param exact exact duplicate (same content hash), if any
 * @param near  near duplicates at or above the near threshold, best first (excluding the exact one)
 */
public record DuplicateCheck(Optional<DuplicateCandidate> exact, List<DuplicateCandidate> near) {

    /** Best near duplicate, if any. */
    public Optional<DuplicateCandidate> best() {
        return near.isEmpty() ? Optional.empty() : Optional.of(near.get(0));
    }
}
