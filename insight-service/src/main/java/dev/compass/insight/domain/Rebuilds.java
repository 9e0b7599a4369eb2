package dev.compass.insight.domain;

import dev.compass.insight.persistence.ChunkStore;
import dev.compass.kit.problem.ApiException;
import dev.compass.retrieval.ChunkIndex;
import dev.compass.retrieval.IndexedChunk;
import dev.compass.retrieval.embedding.Embedder;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Rebuilds the search index from the record (chunks and vectors in PostgreSQL), page by page, without embedding
 * anything again. Vectors stored by another model than the configured one are dropped first (the indexer embeds
 * those chunks again and adds them), so the index never mixes two vector spaces. Searches keep seeing the previous
 * index until the rebuild completes. One at a time.
 */
@ApplicationScoped
public class Rebuilds {
    private static final Logger LOG = Logger.getLogger(Rebuilds.class);
    private static final int PAGE = 1000;

    @Inject
    ChunkStore chunks;
    @Inject
    ChunkIndex index;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    Embedder embedder;

    public record Progress(String id, String status, long total, long done, String requestedBy, Instant startedAt,
            Instant finishedAt, String error) {}

    private final AtomicReference<String> running = new AtomicReference<>();
    private final AtomicLong done = new AtomicLong();
    private volatile boolean atStartup;
    private volatile long total;

    /** Starts a rebuild in the background; 409 if one is running. */
    public Progress start(String requestedBy) {
        String id = UUID.randomUUID().toString();
        if (!running.compareAndSet(null, id)) {
            throw ApiException.conflict("index rebuild " + running.get() + " is still running");
        }
        int foreign = chunks.resetVectorsNotFrom(embedder.name());
        if (foreign > 0) {
            LOG.infof("rebuild %s: %d vectors of another model than %s dropped, to be embedded again", id, foreign,
                    embedder.name());
        }
        long total = chunks.countEmbedded();
        this.total = total;
        atStartup = "startup".equals(requestedBy);
        done.set(0);
        update("insert into index_rebuild (id, status, total, requested_by) values (?, 'RUNNING', ?, ?)", ps -> {
            ps.setString(1, id);
            ps.setLong(2, total);
            ps.setString(3, requestedBy);
        });
        Thread t = new Thread(() -> run(id), "insight-rebuild");
        t.setDaemon(true);
        t.start();
        return find(id).orElseThrow();
    }

    private void run(String id) {
        long t0 = System.nanoTime();
        try {
            index.rebuild(() -> new Pages());
            finish(id, "COMPLETED", null);
            LOG.infof("index rebuild %s: %d chunks in %.1f s", id, done.get(), (System.nanoTime() - t0) / 1e9);
        } catch (RuntimeException e) {
            LOG.error("index rebuild " + id + " failed", e);
            finish(id, "FAILED", e.getMessage());
        } finally {
            atStartup = false;
            running.set(null);
        }
    }

    private void finish(String id, String status, String error) {
        update("update index_rebuild set status = ?, done = ?, finished_at = now(), error = ? where id = ?", ps -> {
            ps.setString(1, status);
            ps.setLong(2, done.get());
            ps.setString(3, error);
            ps.setString(4, id);
        });
    }

    /** {done, total} of the rebuild started with the service (its index missing or out of step), while it runs. */
    public Optional<long[]> startupRebuild() {
        return atStartup ? Optional.of(new long[] {done.get(), total}) : Optional.empty();
    }

    public Optional<Progress> find(String id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select id, status, total, done, requested_by, started_at, finished_at, error from index_rebuild"
                        + " where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                boolean live = id.equals(running.get());
                Timestamp finished = rs.getTimestamp(7);
                return Optional.of(new Progress(rs.getString(1), rs.getString(2), rs.getLong(3),
                        live ? done.get() : rs.getLong(4), rs.getString(5), rs.getTimestamp(6).toInstant(),
                        finished == null ? null : finished.toInstant(), rs.getString(8)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pages of embedded chunks in sequence order, counted as they are handed to the index. */
    private final class Pages implements Iterator<List<IndexedChunk>> {
        private long after = 0;
        private List<ChunkStore.Pending> next;

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = chunks.embeddedPage(after, PAGE);
            }
            return !next.isEmpty();
        }

        @Override
        public List<IndexedChunk> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            List<ChunkStore.Pending> page = next;
            next = null;
            after = page.get(page.size() - 1).seq();
            done.addAndGet(page.size());
            return page.stream().map(ChunkStore.Pending::chunk).toList();
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
