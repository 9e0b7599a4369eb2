package dev.compass.governance.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An agent of the registry. Tools and data scopes are stored as arrays (a value may contain a comma). */
@Entity
@Table(name = "agent")
public class Agent extends PanacheEntityBase {
    @Id
    public String id;
    public String name;
    public String owner;
    public String purpose;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] tools;
    @Column(name = "data_scopes")
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] dataScopes;
    @Column(name = "risk_tier")
    public String riskTier;
    public String model;
    public String status;
    @Column(name = "status_reason")
    public String statusReason;
    /** Who made the latest status change (null before the first one). */
    @Column(name = "status_changed_by")
    public String statusChangedBy;
    /** Who named the owner after registration (null while the owner is the one the registration gave). */
    @Column(name = "owner_named_by")
    public String ownerNamedBy;
    @Column(name = "created_by")
    public String createdBy;
    /** When the current registration was made (a RETIRED id registered anew gets a new one). */
    @Column(name = "created_at")
    public Instant createdAt;
    /** When the id was first registered: the order of the list, which a new registration does not change. */
    @Column(name = "first_registered_at")
    public Instant firstRegisteredAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;
}
