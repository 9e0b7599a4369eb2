package dev.compass.documents.metadata;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Products, countries and therapeutic areas with their synonyms (JSON). Load the bundled default with
 * {@link #defaults()}, or a customer's file with {@link #load(Path)}. Immutable.
 *
 * @param products         products; {@code therapeuticArea} links a product to an area id
 * @param countries        countries by ISO code, names in any language
 * @param therapeuticAreas therapeutic areas with synonyms
 */
public record Taxonomy(List<Product> products, List<Country> countries, List<TherapeuticArea> therapeuticAreas) {

    public record Product(String id, String name, List<String> synonyms, String therapeuticArea) {
    }

    public record Country(String id, List<String> names) {
    }

    public record TherapeuticArea(String id, List<String> synonyms) {
    }

    public Taxonomy {
        products = products == null ? List.of() : List.copyOf(products);
        countries = countries == null ? List.of() : List.copyOf(countries);
        therapeuticAreas = therapeuticAreas == null ? List.of() : List.copyOf(therapeuticAreas);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The bundled example taxonomy ({@code dev/compass/documents/taxonomy.json}). */
    public static Taxonomy defaults() {
        try (InputStream in = Taxonomy.class.getResourceAsStream("/dev/compass/documents/taxonomy.json")) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a taxonomy from a JSON file. */
    public static Taxonomy load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /** Reads a taxonomy from JSON. */
    public static Taxonomy read(InputStream json) throws IOException {
        return JSON.readValue(json, Taxonomy.class);
    }
}
