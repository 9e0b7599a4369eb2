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

    /**
     * The model of this brand and market, compared regardless of case; of models whose brand and market differ only in
     * case (insight versions each spelling on its own), the one received last.
     */
    public static java.util.Optional<MixModelRow> latest(String brand, String market) {
        return MixModelRow.<MixModelRow>find("lower(brand) = lower(?1) and lower(market) = lower(?2)"
                + " order by receivedAt desc, brand, market", brand, market).firstResultOptional();
    }

    public record Key(String brand, String market) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
