package dev.compass.documents;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates /work/shared/datasets in place (never copied): -Dcompass.datasets, else ../shared/datasets from the project root. */
public final class Datasets {
    private Datasets() {
    }

    public static Path root() {
        String p = System.getProperty("compass.datasets", System.getenv("COMPASS_DATASETS"));
        if (p != null && Files.isDirectory(Path.of(p))) return Path.of(p).toAbsolutePath().normalize();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared/datasets").normalize();
            if (Files.isDirectory(candidate.resolve("parser-torture"))) return candidate;
        }
        Path workplace = Path.of("/work/shared/datasets");
        if (Files.isDirectory(workplace.resolve("parser-torture"))) return workplace;
        throw new IllegalStateException("shared datasets not found; set -Dcompass.datasets or COMPASS_DATASETS");
    }

    public static Path torture() { return root().resolve("parser-torture"); }

    public static Path leaflets() { return root().resolve("pharma-leaflets"); }
}
