package dev.compass.retrieval;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One chunk of a source document, as kept by the service of record (e.g. PostgreSQL) and fed to the index.
 *
 * @param documentId      id of the source document
 * @param chunkId         unique id of the chunk (re-indexing the same id replaces it)
 * @param title           document title (searched with the text)
 * @param page            page number in the source, 0 when unknown
 * @param text            chunk text
 * @param accessGroups    groups allowed to see the chunk; a chunk with no group is visible to nobody
 * @param site            site or null
 * @param product         product or null
 * @param country         country code or null
 * @param therapeuticArea therapeutic area or null
 * @param documentDate    document date or null
 * @param quality         quality score of the source document, 0..100
 * @param vector          unit-length embedding, or null to have the index embed {@code title + text}
 */
public record IndexedChunk(String documentId, String chunkId, String title, int page, String text,
                           List<String> accessGroups, String site, String product, String country,
                           String therapeuticArea, LocalDate documentDate, int quality, float[] vector) {

    public IndexedChunk {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(chunkId, "chunkId");
        title = title == null ? "" : title;
        text = text == null ? "" : text;
        accessGroups = accessGroups == null ? List.of() : List.copyOf(accessGroups);
        if (quality < 0 || quality > 100) {
            throw new IllegalArgumentException("quality must be 0..100: " + quality);
        }
    }

    /** A chunk without metadata filters, for tests and evaluation. */
    public static IndexedChunk of(String documentId, String chunkId, String title, int page, String text,
                                  List<String> accessGroups, int quality) {
        return new IndexedChunk(documentId, chunkId, title, page, text, accessGroups, null, null, null, null,
                null, quality, null);
    }

    /** The text that is embedded when no vector is supplied. */
    public String embeddingText() {
        return title.isBlank() ? text : title + "\n" + text;
    }

    /** Copy with the given vector. */
    public IndexedChunk withVector(float[] v) {
        return new IndexedChunk(documentId, chunkId, title, page, text, accessGroups, site, product, country,
                therapeuticArea, documentDate, quality, v);
    }
}
