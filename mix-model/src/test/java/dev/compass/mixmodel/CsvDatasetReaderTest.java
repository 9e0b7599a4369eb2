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
                + "2024-01-22,97,4,3,1.0,z\n2024-01-29,97,4,3,1.0,z\n2024-02-05,97,4,3,1.0,z\n2024-02-12,97,4,3,1.0,z\n2024-02-19,97,4,3,1.0,z\n";
        WeeklyDataset d = CsvDatasetReader.read(csv, new CsvSpec("ds1", "week", "sales", List.of("price"), List.of()));
        assertEquals(List.of("tv", "search"), d.channels());
        assertEquals(90, d.kpi()[0]);
        assertEquals(0, d.spend().get("tv")[2]);
        assertTrue(d.qualityIssues().stream().anyMatch(s -> s.contains("missing")));
        assertTrue(d.qualityIssues().stream().anyMatch(s -> s.contains("negative")));
        assertThrows(IllegalArgumentException.class, () -> CsvDatasetReader.read(csv, new CsvSpec("ds1", "week", "revenue", List.of(), List.of())));
    }

    static String weekly(String header, int days, java.util.function.IntFunction<String> row) {
        StringBuilder csv = new StringBuilder(header).append('\n');
        java.time.LocalDate d = java.time.LocalDate.of(2022, 1, 3);
        for (int i = 0; i < 20; i++, d = d.plusDays(days)) csv.append(d).append(',').append(row.apply(i)).append('\n');
        return csv.toString();
    }

    static String refusal(String csv, CsvSpec spec) {
        return assertThrows(IllegalArgumentException.class, () -> CsvDatasetReader.read(csv, spec)).getMessage();
    }

    @Test
    void refusesWhatWouldBeModelledWrongly() {
        CsvSpec spec = new CsvSpec("d", "date", "revenue", List.of(), List.of());
        assertTrue(refusal(weekly("date,revenue,tv,search", 30, i -> "100,10," + i), spec).contains("not a weekly"));
        assertTrue(refusal(weekly("date,revenue,tv,search", 1, i -> "100,10," + i), spec).contains("not a weekly"));
        String dup = weekly("date,revenue,tv,search", 7, i -> "100,10," + i) + "2022-01-10,100,10,3\n";
        assertTrue(refusal(dup, spec).contains("more than once"));
        String gap = weekly("date,revenue,tv,search", 7, i -> "100,10," + i).replace("2022-01-10,", "2022-01-09,");
        assertTrue(refusal(gap, spec).contains("not a weekly") || refusal(gap, spec).contains("missing"));
        assertTrue(refusal(weekly("date,revenue,tv,TV,search", 7, i -> "100,10,5," + i), spec).contains("TV"));
        assertTrue(refusal(weekly("date,revenue,tv,,search", 7, i -> "100,10,5," + i), spec).contains("no name"));
        assertTrue(refusal(weekly("date,revenue,t\0v,search", 7, i -> "100,10," + i), spec).contains("NUL"));
        assertTrue(refusal(weekly("date,revenue,tv,search", 7, i -> "100,0," + i), spec).contains("no spend"));
        assertTrue(refusal(weekly("date,revenue,tv,search", 7, i -> "0,10," + i), spec).contains("zero in every"));
        // a header and no row: said as such, not as a KPI that is zero in every week
        assertEquals("the data has a header but no week: send one row a week",
                refusal("date,revenue,tv,search\n", spec));
        assertTrue(refusal(weekly("date,revenue,tv,search", 7, i -> (i == 3 ? -1 : 100) + ",10," + i), spec)
                .contains("negative"));
        assertTrue(refusal(weekly("date,revenue,tv,search", 7, i -> "100,1e300," + i), spec).contains("1e300"));
        assertTrue(refusal(weekly("date,revenue,tv,search", 7, i -> "100,10," + i),
                new CsvSpec("d", "date", "revenue", List.of("REVENUE"), List.of())).contains("one role"));
        assertTrue(refusal(weekly("date,revenue,tv,search", 7, i -> "100,10," + i),
                new CsvSpec("d", "date", "revenue", List.of("tv"), List.of("tv"))).contains("cannot be ignored"));
    }

    @Test
    void namesMatchTheHeaderInAnyCase() {
        WeeklyDataset d = CsvDatasetReader.read(weekly("Date,Revenue,TV,Search,Price", 7, i -> "100,10," + i + ",1"),
                new CsvSpec("d", "date", "revenue", List.of("price"), List.of("search")));
        assertEquals(List.of("TV"), d.channels());
        assertEquals(List.of("Price"), List.copyOf(d.controls().keySet()));
    }
}
