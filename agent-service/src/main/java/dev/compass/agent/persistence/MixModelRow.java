package dev.compass.agent.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** The latest mix model of a brand and market; payload is the MixModelEvent JSON. */
@Entity
@Table(name = "mix_model")
@IdClass(MixModelRow.Key.class)
public class MixModelRow extends PanacheEntityBase {
    @Id
    public String brand;
    @Id
    public String market;
    @Column(name = "model_id")
    public String modelId;
    public int version;
    public String payload;
    @Column(name = "received_at")
    public Instant receivedAt;

    public record Key(String brand, String market) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
