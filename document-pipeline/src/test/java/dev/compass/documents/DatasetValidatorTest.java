package dev.compass.documents;

import dev.compass.documents.datasets.DatasetIssue;
import dev.compass.documents.datasets.DatasetRules;
import dev.compass.documents.datasets.DatasetValidation;
import dev.compass.documents.datasets.DatasetValidator;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class DatasetValidatorTest {

    static Set<String> codes(DatasetValidation v, DatasetIssue.Severity s) {
        return v.issues().stream().filter(i -> i.severity() == s).map(DatasetIssue::code).collect(Collectors.toSet());
    }

    @Test
    void meridianNationalDataIsUsable() throws Exception {
        byte[] csv = Files.readAllBytes(Datasets.root().resolve("mmm-meridian-simulated/national_media.csv"));
        DatasetValidation v = new DatasetValidator(DatasetRules.defaults()).validate(csv, "national_media.csv");
        assertEquals(DatasetValidation.Status.USABLE, v.status(), v.issues().toString());
        assertEquals(4, v.table().spend().size());
        assertEquals(2, v.table().controls().size());
        assertEquals("conversions", v.table().kpiColumn());
        assertTrue(v.table().weeks().size() >= 104);
    }

    @Test
    void pymcExampleWithExplicitChannelsIsUsable() throws Exception {
        byte[] csv = Files.readAllBytes(Datasets.root().resolve("mmm-pymc-marketing-example/mmm_example.csv"));
        DatasetRules rules = DatasetRules.defaults().withColumns(List.of("x1", "x2"), List.of("event_1", "event_2"));
        DatasetValidation v = new DatasetValidator(rules).validate(csv, "mmm_example.csv");
        assertEquals(DatasetValidation.Status.USABLE, v.status(), v.issues().toString());
        assertEquals(179, v.table().weeks().size());
        assertEquals("y", v.table().kpiColumn());
    }

    @Test
    void brokenCsvIsRejectedWithEveryIssue() {
        StringBuilder csv = new StringBuilder("date,revenue,tv_spend,search_spend,price_control\n");
        LocalDate d = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < 40; i++, d = d.plusWeeks(1)) {
            if (i == 10) continue;                                       // missing week
            String tv = i == 5 ? "-100" : i == 7 ? "n/a" : "1000";       // negative spend, non-numeric
            String revenue = i == 20 ? "900000" : Integer.toString(10_000 + (i % 5) * 100); // outlier
            csv.append(d).append(',').append(revenue).append(',').append(tv).append(',').append(200 + i % 3).append(",1\n");
            if (i == 12) csv.append(d).append(",10000,1000,200,1\n");   // duplicate week
        }
        csv.append("not-a-date,1,1,1,1\n");
        DatasetValidation v = new DatasetValidator(DatasetRules.defaults()).validate(csv.toString().getBytes(StandardCharsets.UTF_8), "spend.csv");
        assertEquals(DatasetValidation.Status.REJECTED, v.status());
        assertEquals(Set.of("MISSING_WEEK", "DUPLICATE_WEEK", "NEGATIVE_SPEND", "NON_NUMERIC", "UNPARSABLE_DATE",
                "SHORT_HISTORY"), codes(v, DatasetIssue.Severity.ERROR));
        assertTrue(codes(v, DatasetIssue.Severity.WARNING).contains("OUTLIER"), v.issues().toString());
        DatasetIssue neg = v.issues().stream().filter(i -> i.code().equals("NEGATIVE_SPEND")).findFirst().orElseThrow();
        assertEquals("tv_spend", neg.column());
        assertEquals(6, neg.row());
        assertEquals(List.of("tv_spend", "search_spend"), List.copyOf(v.table().spend().keySet()));
    }

    @Test
    void xlsxWithEighteenMonthsIsUsableWithAShortHistoryWarning() throws Exception {
        byte[] xlsx;
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var sheet = wb.createSheet("data");
            var h = sheet.createRow(0);
            String[] cols = {"date", "revenue", "tv_spend", "social_spend"};
            for (int c = 0; c < cols.length; c++) h.createCell(c).setCellValue(cols[c]);
            LocalDate d = LocalDate.of(2023, 1, 2);
            for (int i = 0; i < 78; i++, d = d.plusWeeks(1)) {
                var r = sheet.createRow(i + 1);
                r.createCell(0).setCellValue(d.toString());
                r.createCell(1).setCellValue(50_000 + 1000 * Math.sin(i / 4.0));
                r.createCell(2).setCellValue(1000 + (i % 4) * 50);
                r.createCell(3).setCellValue(300 + (i % 3) * 20);
            }
            wb.write(out);
            xlsx = out.toByteArray();
        }
        DatasetValidation v = new DatasetValidator(DatasetRules.defaults()).validate(xlsx, "spend.xlsx");
        assertEquals(DatasetValidation.Status.USABLE, v.status(), v.issues().toString());
        assertEquals(Set.of("SHORT_HISTORY"), codes(v, DatasetIssue.Severity.WARNING));
        assertEquals(78, v.table().weeks().size());
    }

    static DatasetValidation weekly(String header, int days, java.util.function.IntFunction<String> row) {
        StringBuilder csv = new StringBuilder(header).append('\n');
        LocalDate d = LocalDate.of(2022, 1, 3);
        for (int i = 0; i < 110; i++, d = d.plusDays(days)) csv.append(d).append(',').append(row.apply(i)).append('\n');
        return new DatasetValidator(DatasetRules.defaults()).validate(csv.toString().getBytes(StandardCharsets.UTF_8),
                "spend.csv");
    }

    @Test
    void dailyAndMonthlyDataAreNotWeekly() {
        for (int days : new int[] {1, 30}) {
            DatasetValidation v = weekly("date,revenue,tv,search", days, i -> (10_000 + i % 7) + ",100,50");
            assertEquals(DatasetValidation.Status.REJECTED, v.status(), days + ": " + v.issues());
            assertTrue(codes(v, DatasetIssue.Severity.ERROR).contains("NOT_WEEKLY"), v.issues().toString());
        }
        assertEquals(DatasetValidation.Status.USABLE,
                weekly("date,revenue,tv,search", 7, i -> (10_000 + i % 7) + ",100," + (50 + i % 3)).status());
    }

    @Test
    void aHeaderWithARepeatedEmptyOrNulNameIsRejectedWithoutATable() {
        for (String header : List.of("date,revenue,tv,TV,search", "date,revenue,tv,,search", "date,revenue,tv,se\0arch,x")) {
            DatasetValidation v = weekly(header, 7, i -> "10000,100,50,20");
            assertEquals(DatasetValidation.Status.REJECTED, v.status(), header);
            assertEquals(Set.of("BAD_HEADER"), codes(v, DatasetIssue.Severity.ERROR), v.issues().toString());
            assertNull(v.table());
            v.issues().forEach(i -> assertFalse(i.message().contains("\0"), i.message()));
        }
    }

    @Test
    void aKpiOrChannelWithNothingToModelIsRejected() {
        assertEquals(Set.of("NO_KPI"), codes(weekly("date,revenue,tv,search", 7, i -> "0,100," + (50 + i % 3)),
                DatasetIssue.Severity.ERROR));
        assertEquals(Set.of("NO_SPEND"), codes(weekly("date,revenue,tv,search", 7, i -> (10_000 + i % 7) + ",0,"
                + (50 + i % 3)), DatasetIssue.Severity.ERROR));
        assertTrue(codes(weekly("date,revenue,tv,search", 7, i -> (i == 3 ? -5 : 10_000 + i % 7) + ",100,"
                + (50 + i % 3)), DatasetIssue.Severity.ERROR).contains("NEGATIVE_KPI"));
        assertEquals(Set.of("OUT_OF_RANGE"), codes(weekly("date,revenue,tv,search", 7, i -> (10_000 + i % 7) + ","
                + (i == 4 ? "1e300" : "100") + "," + (50 + i % 3)), DatasetIssue.Severity.ERROR));
    }
}
