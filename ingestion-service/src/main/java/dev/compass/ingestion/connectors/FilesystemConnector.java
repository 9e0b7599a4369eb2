package dev.compass.ingestion.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * A folder tree whose top-level folders are sites. Incremental: a file whose size and modification time are unchanged
 * is not read; a changed one is read and hashed (a touched but identical file is not re-ingested); files no longer
 * present are deleted. Config: {@code {"root": "/data/research", "groups": ["market-research"]}}.
 */
public final class FilesystemConnector {
    private final Path root;
    private final List<String> groups;
    private final long maxBytes;

    /**
     * A connector reading below {@code config.root}, which must lie inside one of {@code allowedRoots} (compared as
     * real paths, so a symbolic link cannot lead outside); no allowed roots: filesystem sources are refused.
     */
    /** The properties of a filesystem source's config. */
    public static final List<String> CONFIG_PROPERTIES = List.of("groups", "root");

    public FilesystemConnector(JsonNode config, List<String> allowedRoots, long maxBytes) {
        this.root = validate(config, allowedRoots);
        List<String> g = new ArrayList<>();
        if (config.has("groups")) {
            config.get("groups").forEach(n -> g.add(n.asText()));
        }
        this.groups = List.copyOf(g);
        this.maxBytes = maxBytes;
    }

    /** The real path of {@code config.root}; IllegalArgumentException ("root: why") when missing or not allowed. */
    public static Path validate(JsonNode config, List<String> allowedRoots) {
        JsonNode r = config.get("root");
        if (r == null || !r.isTextual() || r.asText().isBlank()) {
            throw new IllegalArgumentException("root: the folder to synchronise is required");
        }
        if (allowedRoots.isEmpty()) {
            throw new IllegalArgumentException("root: filesystem sources are disabled on this instance; list the folders"
                    + " they may read in compass.ingestion.filesystem.allowed-roots (INGESTION_FILESYSTEM_ROOTS)");
        }
        Path root = real(Path.of(r.asText()));
        for (String allowed : allowedRoots) {
            if (root.startsWith(real(Path.of(allowed.strip())))) {
                return root;
            }
        }
        throw new IllegalArgumentException("root: " + root + " is not inside a folder filesystem sources may read "
                + allowedRoots);
    }

    /** The absolute path with its symbolic links resolved as far as it exists. */
    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return Files.exists(abs) ? abs.toRealPath() : abs;
        } catch (IOException e) {
            return abs;
        }
    }

    /** Top-level folders, in name order: (site id, site name). */
    public void sites(BiConsumer<String, String> sink) {
        try (Stream<Path> s = Files.list(root)) {
            s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .map(p -> p.getFileName().toString()).sorted().forEach(name -> sink.accept(name, name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** Synchronises one site; {@code round} marks the items seen (the sync id). Streams the tree: memory is flat. */
    public void syncSite(String siteId, String round, ItemSink sink) {
        Path site = root.resolve(siteId).normalize();
        if (!site.startsWith(root) || !Files.isDirectory(site, LinkOption.NOFOLLOW_LINKS)) {
            // the site is gone: all its items are deleted
            for (String key : sink.unseen(siteId, null, round)) {
                sink.deleted(key);
            }
            return;
        }
        try (Stream<Path> files = Files.walk(site)) {
            Iterator<Path> it = files.iterator();
            while (it.hasNext()) {
                Path file = it.next();
                // symbolic links are not followed: a link must not bring in a file from outside the root
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        || file.getFileName().toString().startsWith(".")) {
                    continue;
                }
                String rel = site.relativize(file).toString().replace('\\', '/');
                String key = siteId + "/" + rel;
                try {
                    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    String modified = attrs.lastModifiedTime().toInstant().toString();
                    ItemSink.Known known = sink.known(key);
                    if (known != null && known.size() == attrs.size() && modified.equals(known.modified())) {
                        sink.seen(key, round);
                        continue;
                    }
                    if (attrs.size() > maxBytes) {
                        sink.failed(key, attrs.size() + " bytes is over the ingestion limit of " + maxBytes);
                        sink.seen(key, round);
                        continue;
                    }
                    byte[] bytes = Files.readAllBytes(file);
                    sink.upsert(new ItemSink.Item(key, siteId, null, siteId, "/" + rel, file.getFileName().toString(),
                            bytes.length, modified, null, null), bytes, groups, round);
                } catch (ItemSink.Cancelled e) {
                    throw e;
                } catch (IOException | RuntimeException e) {
                    sink.failed(key, e.toString());
                    sink.seen(key, round); // a transient failure must not turn into a deletion
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk " + site, e);
        }
        for (String key : sink.unseen(siteId, null, round)) {
            sink.deleted(key);
        }
    }
}
