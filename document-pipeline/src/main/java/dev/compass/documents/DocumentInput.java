package dev.compass.documents;

import java.util.Objects;
import java.util.Set;

/**
 * One document to process. The pipeline never mutates {@code bytes} (callers keep the original).
 *
 * @param documentId        the caller's id, used when registering the document for de-duplication;
 *                          may be null, then {@code "sha256:<content hash>"} is used
 * @param bytes             the original bytes, not null
 * @param fileName          file name (a detection hint), may be null
 * @param declaredMediaType media type declared by the source (a detection hint), may be null
 * @param site              source site (e.g. a SharePoint site), may be null
 * @param path              path within the site, may be null
 * @param groups            access groups allowed to read the document
 * @param tags              free tags from the source
 * @param title             a title given by the source; overrides the parsed title when not blank
 */
public record DocumentInput(String documentId, byte[] bytes, String fileName, String declaredMediaType,
                            String site, String path, Set<String> groups, Set<String> tags, String title) {
    public DocumentInput {
        Objects.requireNonNull(bytes, "bytes");
        groups = groups == null ? Set.of() : Set.copyOf(groups);
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    /** Convenience for the common case without id, tags or title. */
    public static DocumentInput of(byte[] bytes, String fileName, String site, String path, Set<String> groups) {
        return new DocumentInput(null, bytes, fileName, null, site, path, groups, Set.of(), null);
    }
}
