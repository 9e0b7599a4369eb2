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

/** A use-case idea of the registry. Data sources are stored as an array (a value may contain a comma); the embedding as float32 bytes. */
@Entity
@Table(name = "use_case")
public class UseCase extends PanacheEntityBase {
    @Id
    public String id;
    public String title;
    public String problem;
    @Column(name = "expected_value")
    public String expectedValue;
    @Column(name = "data_sources")
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] dataSources;
    public String owner;
    @Column(name = "business_unit")
    public String businessUnit;
    public String category;
    public String sourcing;
    public String status;
    @Column(name = "possible_duplicate_of")
    public String possibleDuplicateOf;
    @Column(name = "merged_into")
    public String mergedInto;
    public byte[] embedding;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;
}
