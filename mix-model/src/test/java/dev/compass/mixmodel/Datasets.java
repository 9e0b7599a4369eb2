package dev.compass.mixmodel;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared datasets next to the project root (/work/main/../shared/datasets), never copied into the repo. */
final class Datasets {

    private Datasets() {
    }

    static Path root() {
        String prop = System.getProperty("compass.root");
        Path projectRoot = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath().getParent();
        Path p = projectRoot.resolve("../shared/datasets").normalize();
        if (!Files.isDirectory(p)) {
            // running from the project root rather than the module
            p = Path.of("").toAbsolutePath().resolve("../shared/datasets").normalize();
        }
        return p;
    }

    static Path pymcExample() {
        return root().resolve("mmm-pymc-marketing-example");
    }

    static Path meridian() {
        return root().resolve("mmm-meridian-simulated");
    }
}
