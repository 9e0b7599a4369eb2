package dev.compass.documents.parse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Prints, for every file of a folder that parses, the blocks that {@link PageFurniture} removes (page numbers, running
 * headers and footers), so a change to its rules can be checked on real documents:
 * {@code java ... dev.compass.documents.parse.FurnitureProbe ../shared/datasets/parser-torture}.
 */
public final class FurnitureProbe {
    private FurnitureProbe() {
    }

    public static void main(String[] args) throws Exception {
        DocumentParser parser = new DocumentParser(ParseLimits.defaults());
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            for (Path f : files.sorted().toList()) {
                StructureHandler h = new StructureHandler(ParseLimits.defaults().maxChars(), System.nanoTime() + 60_000_000_000L);
                try {
                    parser.parse(Files.readAllBytes(f), f.getFileName().toString(), null, h);
                } catch (ParseFailure e) {
                    continue;
                }
                List<TextBlock> raw = h.blocks();
                Set<TextBlock> kept = Collections.newSetFromMap(new IdentityHashMap<>());
                kept.addAll(PageFurniture.strip(raw));
                if (kept.size() == raw.size()) continue;
                System.out.printf("%s: %d pages, %d blocks, %d removed%n", f.getFileName(), h.pageCount(), raw.size(),
                        raw.size() - kept.size());
                for (TextBlock b : raw) if (!kept.contains(b)) System.out.println("   p" + b.page() + " | " + b.text());
            }
        }
    }
}
