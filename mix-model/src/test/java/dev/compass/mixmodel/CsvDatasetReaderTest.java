package dev.compass.mixmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvDatasetReaderTest {

    @Test
    void readsChannelsControlsAndReportsQualityIssues() {
        String csv = "week,sales,tv,search,price,note\n2024-01-08,100,10,,1.0,x\n2024-01-01,90,5,2,1.1,y\n2024-01-15,95,-1,3,1.0,z\n"
                + "2024-01-22,97,4,3,1.0,z\n2024-01-29,97,4,3,1.0,z\n2024-02-05,97,4,3,1.0,z\n2024-02-12,97,4,3,1.0,z\n2024-02-26,97,4,3,1.0,z\n";
        WeeklyDataset d = CsvDatasetReader.read(csv, new CsvSpec("ds1", "week", "sales", List.of("price"), List.of()));
        assertEquals(List.of("tv", "search"), d.channels());
        assertEquals(90, d.kpi()[0]);
        assertEquals(0, d.spend().get("tv")[2]);
        assertTrue(d.qualityIssues().stream().anyMatch(s -> s.contains("missing")));
        assertTrue(d.qualityIssues().stream().anyMatch(s -> s.contains("negative")));
        assertTrue(d.qualityIssues().stream().anyMatch(s -> s.contains("gap of 14 days")));
        assertThrows(IllegalArgumentException.class, () -> CsvDatasetReader.read(csv, new CsvSpec("ds1", "week", "revenue", List.of(), List.of())));
    }
}
