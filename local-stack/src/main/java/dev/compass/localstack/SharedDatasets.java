package dev.compass.localstack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the public evaluation data sets, which are referenced in place and never copied into the repository:
 * {@code -Dcompass.datasets}, the {@code COMPASS_DATASETS} variable, a {@code shared/datasets} folder beside the
 * project or one of its parents, or {@code /work/shared/datasets}.
 */
public final class SharedDatasets {
    private SharedDatasets() {}

    public static Path root() {
        String configured = System.getProperty("compass.datasets", System.getenv("COMPASS_DATASETS"));
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/datasets");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Path.of("/work/shared/datasets");
    }

    public static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
