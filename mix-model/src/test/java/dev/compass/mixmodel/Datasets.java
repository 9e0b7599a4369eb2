package dev.compass.mixmodel;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared datasets next to the project root (/work/main/../shared/datasets), never copied into the repo. */
final class Datasets {

    private Datasets() {
    }

    static Path root() {
        String configured = System.getProperty("compass.datasets", System.getenv("COMPASS_DATASETS"));
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        // a shared/datasets folder beside the project or one of its parents, else the workplace's copy
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/datasets");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Path.of("/work/shared/datasets");
    }

    static Path pymcExample() {
        return root().resolve("mmm-pymc-marketing-example");
    }

    static Path meridian() {
        return root().resolve("mmm-meridian-simulated");
    }
}
