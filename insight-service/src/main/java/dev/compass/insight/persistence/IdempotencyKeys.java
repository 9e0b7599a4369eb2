package dev.compass.insight.persistence;

import dev.compass.kit.problem.ApiException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code Idempotency-Key} request header (IETF draft-ietf-httpapi-idempotency-key-header) for the requests that
 * fit a model: a client that did not see the answer (a timeout, a dropped connection) sends the same request with the
 * same key again and gets the model the first request made, not a second version. Keys are per caller and kept for
 * {@link #KEPT}. A key sent again with another request is a 422; while its first request is still fitting, a 409. A
 * request that failed leaves no key behind, so it may be sent again as it was. A key whose request never finished
 * (the instance stopped during the fit) is taken over after {@link #ABANDONED}.
 */
@ApplicationScoped
public class IdempotencyKeys {
    public static final String HEADER = "Idempotency-Key";
    /** Printable ASCII without spaces, 1 to 255 characters: a UUID, a ULID or any client-made token. */
    public static final String PATTERN = "[!-~]{1,255}";
    static final Duration KEPT = Duration.ofHours(24);
    static final Duration ABANDONED = Duration.ofMinutes(15);

    @Inject
    AgroalDataSource dataSource;

    /** The model a request made; replayed when an earlier request with the same key made it. */
    public record Outcome(String modelId, boolean replayed) {}

    /**
     * Runs {@code fit} once per caller and key: returns the model id of its first successful run for the same request
     * ({@code fingerprint} names the request: operation, parameters and body), or the id {@code fit} returns now.
     * Without a key, just runs it.
     */
    public Outcome once(String caller, String key, String fingerprint, Supplier<String> fit) {
        if (key == null) {
            return new Outcome(fit.get(), false);
        }
        if (!key.matches(PATTERN)) {
            throw ApiException.invalid(HEADER, "1 to 255 printable ASCII characters without spaces");
        }
        String digest = sha256(fingerprint);
        if (!claim(caller, key, digest)) {
            Optional<Claimed> earlier = claimed(caller, key);
            if (earlier.isEmpty()) { // expired or failed meanwhile: claim it now
                if (!claim(caller, key, digest)) {
                    throw inProgress(key);
                }
            } else if (!earlier.get().fingerprint().equals(digest)) {
                throw ApiException.unprocessable("the Idempotency-Key " + key + " was sent before with another"
                        + " request; a new request needs a new key");
            } else if (earlier.get().modelId() != null) {
                return new Outcome(earlier.get().modelId(), true);
            } else {
                throw inProgress(key);
            }
        }
        String modelId;
        try {
            modelId = fit.get();
        } catch (RuntimeException | Error e) {
            release(caller, key);
            throw e;
        }
        update("update idempotency_key set model_id = ? where caller = ? and key = ?", modelId, caller, key);
        return new Outcome(modelId, false);
    }

    private static ApiException inProgress(String key) {
        return ApiException.conflict("a request with the Idempotency-Key " + key + " is still being processed; send"
                + " it again when that one has answered, to get its model");
    }

    private record Claimed(String fingerprint, String modelId) {}

    /** Inserts the key unless a live claim holds it; drops expired and abandoned claims first. */
    private boolean claim(String caller, String key, String digest) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("delete from idempotency_key where created_at < now() - ?"
                    + " * interval '1 second' or (model_id is null and created_at < now() - ? * interval '1 second'"
                    + " and caller = ? and key = ?)")) {
                ps.setLong(1, KEPT.toSeconds());
                ps.setLong(2, ABANDONED.toSeconds());
                ps.setString(3, caller);
                ps.setString(4, key);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into idempotency_key (caller, key, fingerprint)"
                    + " values (?, ?, ?) on conflict do nothing")) {
                ps.setString(1, caller);
                ps.setString(2, key);
                ps.setString(3, digest);
                return ps.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<Claimed> claimed(String caller, String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select fingerprint, model_id from idempotency_key where caller = ? and key = ?")) {
            ps.setString(1, caller);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Claimed(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void release(String caller, String key) {
        update("delete from idempotency_key where caller = ? and key = ? and model_id is null", caller, key);
    }

    private void update(String sql, String... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
