package dev.compass.governance.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A sandbox of a use case: expiry, revocation, quotas, and the SHA-256 of its credential (the credential is shown once). */
@Entity
@Table(name = "sandbox")
public class Sandbox extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "use_case_id")
    public String useCaseId;
    @Column(name = "token_hash")
    public String tokenHash;
    public String scopes;
    @Column(name = "max_queries_per_day")
    public int maxQueriesPerDay;
    @Column(name = "max_storage_mb")
    public int maxStorageMb;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    /** When the sandbox was revoked (its use case was rejected, merged or retired); null while it is not. */
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "revoked_reason")
    public String revokedReason;
}
