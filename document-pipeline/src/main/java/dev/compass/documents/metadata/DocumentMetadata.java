package dev.compass.documents.metadata;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Metadata of a parsed document.
 *
 * @param title             given title, else the parsed title, else the first heading, else the file name
 * @param authors           authors from the document properties
 * @param created           creation date from the document properties, may be null
 * @param modified          last modification date, may be null
 * @param studyDate         a date found near "study/survey/fieldwork" (or "Date:", "dated", "published") in the text,
 *                          may be null
 * @param language          ISO 639-1 code or "und"
 * @param site              given
 * @param path              given
 * @param groups            access groups, given
 * @param tags              tags, given
 * @param products          recognised product ids, most mentioned first
 * @param countries         recognised country codes, most mentioned first
 * @param therapeuticAreas  recognised therapeutic area ids, most mentioned first
 * @param pageCount         pages or slides (0 when the format has none)
 * @param wordCount         words of text
 */
public record DocumentMetadata(String title, List<String> authors, LocalDate created, LocalDate modified,
                               LocalDate studyDate, String language, String site, String path, Set<String> groups,
                               Set<String> tags, List<String> products, List<String> countries,
                               List<String> therapeuticAreas, int pageCount, int wordCount) {

    /** The most relevant date: study date, else modified, else created; may be null. */
    public LocalDate effectiveDate() {
        return studyDate != null ? studyDate : modified != null ? modified : created;
    }
}
