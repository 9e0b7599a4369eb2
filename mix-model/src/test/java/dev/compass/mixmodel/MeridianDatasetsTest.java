package dev.compass.mixmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every Meridian simulated national CSV fits: *_spend are channels, *_control and Promo are controls, the rest ignored. */
class MeridianDatasetsTest {

    @Test
    void everyNationalCsvFits() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Datasets.meridian())) {
            files = s.filter(p -> p.getFileName().toString().startsWith("national_") && p.toString().endsWith(".csv")).sorted().toList();
        }
        assertTrue(files.size() >= 3, "found " + files);
        for (Path f : files) {
            String[] header = Files.readAllLines(f).get(0).split(",");
            List<String> controls = new ArrayList<>();
            List<String> ignore = new ArrayList<>();
            for (String h : header) {
                if (h.endsWith("_control") || h.equals("Promo")) controls.add(h);
                else if (!h.endsWith("_spend") && !h.equals("time") && !h.equals("conversions")) ignore.add(h);
            }
            WeeklyDataset d = CsvDatasetReader.read(f, new CsvSpec(f.getFileName().toString(), "time", "conversions", controls, ignore));
            long spendCols = Arrays.stream(header).filter(h -> h.endsWith("_spend")).count();
            assertEquals(spendCols, d.channels().size());
            FittedModel m = new MixModelFitter().fit(d, FitOptions.defaults().withDraws(10));
            System.out.printf("%s: %d weeks, channels %s, r2 %.3f, holdout MAPE %.3f, warnings %s%n", f.getFileName(), m.weeks(),
                    d.channels(), m.fit().r2(), m.fit().holdoutMape(), m.warnings());
            assertTrue(Double.isFinite(m.fit().r2()) && m.lineage().draws() > 0, "r2 " + m.fit().r2());
            m.channels().forEach(c -> assertTrue(Double.isFinite(c.roi()) && c.roi() >= 0));
        }
    }
}
