package dev.compass.documents.metadata;

import dev.compass.documents.DocumentInput;
import dev.compass.documents.parse.ParsedDocument;
import dev.compass.documents.parse.TextBlock;
import dev.compass.documents.text.CharClass;
import org.apache.tika.metadata.TikaCoreProperties;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Builds {@link DocumentMetadata} from Tika metadata, the text, the input and the taxonomy. Thread-safe. */
public final class MetadataExtractor {
    private final TaxonomyMatcher taxonomy;

    public MetadataExtractor(Taxonomy taxonomy) {
        this.taxonomy = new TaxonomyMatcher(taxonomy);
    }

    public DocumentMetadata extract(DocumentInput input, ParsedDocument doc, String text) {
        String title = firstNonBlank(input.title(), doc.first(TikaCoreProperties.TITLE.getName()), firstHeading(doc),
                input.fileName());
        Set<String> authors = new LinkedHashSet<>();
        for (String key : List.of(TikaCoreProperties.CREATOR.getName(), "meta:author", "Author")) {
            List<String> v = doc.metadata().get(key);
            if (v == null) continue;
            // "Dr. Anna Weber; Julien Moreau" is two authors (Office and PDF properties hold one string); a comma is
            // not a separator, since it also writes "Weber, Anna"
            for (String a : v) {
                if (a == null) continue;
                for (String one : a.split(";")) if (!one.isBlank()) authors.add(one.strip());
            }
        }
        LocalDate created = date(doc, TikaCoreProperties.CREATED.getName());
        LocalDate modified = date(doc, TikaCoreProperties.MODIFIED.getName());
        LocalDate study = DateFinder.studyDate(text).orElse(null);
        // title, path and body searched together (as if joined by line breaks), without copying the body
        TaxonomyMatcher.Matches m = taxonomy.match(title, input.path(), text);
        return new DocumentMetadata(title, List.copyOf(authors), created, modified, study, LanguageGuesser.guess(text),
                input.site(), input.path(), input.groups(), input.tags(), m.products(), m.countries(),
                m.therapeuticAreas(), doc.pageCount(), wordCount(text));
    }

    private static LocalDate date(ParsedDocument doc, String key) {
        return DateFinder.parseMetadataDate(doc.first(key)).orElse(null);
    }

    private static String firstHeading(ParsedDocument doc) {
        for (TextBlock b : doc.blocks()) if (b.heading()) return b.text();
        return null;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v.strip();
        return null;
    }

    /** Whitespace-separated words. */
    public static int wordCount(String text) {
        // a word starts at every non-whitespace character after whitespace (or at the start); counted without
        // branches, since words and spaces alternate every few characters and a branch would often be mispredicted
        int n = 0;
        int prevWord = 0;
        for (int i = 0, len = text.length(); i < len; i++) {
            int word = CharClass.whitespaceBit(text.charAt(i)) ^ 1; // table of Character.isWhitespace
            n += word & ~prevWord;
            prevWord = word;
        }
        return n;
    }

    static List<String> list(Set<String> s) {
        return new ArrayList<>(s);
    }
}
