package dev.compass.mixmodel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a simple comma-separated weekly file (header row, ISO dates, no quoted commas) into a {@link WeeklyDataset}.
 * Missing numeric cells become 0 and are reported as quality issues, as are negative spend, duplicated or
 * unevenly spaced weeks.
 */
public final class CsvDatasetReader {

    private CsvDatasetReader() {
    }

    /** Reads a CSV file. */
    public static WeeklyDataset read(Path file, CsvSpec spec) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads CSV text (e.g. a request body). */
    public static WeeklyDataset read(String csv, CsvSpec spec) {
        return read(new StringReader(csv), spec);
    }

    /** Reads CSV from a reader; throws {@link IllegalArgumentException} with a readable message on bad input. */
    public static WeeklyDataset read(Reader reader, CsvSpec spec) {
        List<String[]> rows = new ArrayList<>();
        String[] header;
        try {
            BufferedReader br = new BufferedReader(reader);
            String line = br.readLine();
            if (line == null) throw new IllegalArgumentException("empty CSV");
            header = split(stripBom(line));
            while ((line = br.readLine()) != null) {
                if (!line.isBlank()) rows.add(split(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Integer> col = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) col.put(header[i], i);
        require(col, spec.dateColumn(), "date");
        require(col, spec.kpiColumn(), "KPI");
        for (String c : spec.controls()) require(col, c, "control");

        List<String> issues = new ArrayList<>();
        // rows sorted by date
        rows.sort((a, b) -> a[col.get(spec.dateColumn())].compareTo(b[col.get(spec.dateColumn())]));
        List<LocalDate> weeks = new ArrayList<>();
        Set<LocalDate> seen = new HashSet<>();
        for (String[] r : rows) {
            String d = cell(r, col.get(spec.dateColumn()));
            try {
                LocalDate date = LocalDate.parse(d.length() > 10 ? d.substring(0, 10) : d);
                if (!seen.add(date)) issues.add("duplicate week " + date);
                weeks.add(date);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("unparseable date '" + d + "' in column " + spec.dateColumn());
            }
        }
        for (int i = 1; i < weeks.size(); i++) {
            long gap = ChronoUnit.DAYS.between(weeks.get(i - 1), weeks.get(i));
            if (gap != 7 && gap != 0) issues.add("gap of " + gap + " days before " + weeks.get(i));
        }
        double[] kpi = column(rows, col.get(spec.kpiColumn()), spec.kpiColumn(), issues);
        Map<String, double[]> controls = new LinkedHashMap<>();
        for (String c : spec.controls()) controls.put(c, column(rows, col.get(c), c, issues));
        Map<String, double[]> spend = new LinkedHashMap<>();
        Set<String> skip = new HashSet<>(spec.ignore());
        skip.add(spec.dateColumn());
        skip.add(spec.kpiColumn());
        skip.addAll(spec.controls());
        for (String h : header) {
            if (skip.contains(h) || !numeric(rows, col.get(h))) continue;
            double[] v = column(rows, col.get(h), h, issues);
            for (int t = 0; t < v.length; t++) {
                if (v[t] < 0) {
                    issues.add("negative spend in " + h + " at " + weeks.get(t) + " set to 0");
                    v[t] = 0;
                }
            }
            spend.put(h, v);
        }
        if (spend.isEmpty()) throw new IllegalArgumentException("no numeric spend column left after KPI, controls and ignore list");
        return new WeeklyDataset(spec.datasetId(), spec.kpiColumn(), weeks, kpi, spend, controls, issues);
    }

    private static void require(Map<String, Integer> col, String name, String role) {
        if (name == null || !col.containsKey(name)) {
            throw new IllegalArgumentException(role + " column '" + name + "' not in header " + col.keySet());
        }
    }

    private static boolean numeric(List<String[]> rows, int c) {
        boolean any = false;
        for (String[] r : rows) {
            String s = cell(r, c);
            if (s.isEmpty()) continue;
            try {
                Double.parseDouble(s);
                any = true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return any;
    }

    private static double[] column(List<String[]> rows, int c, String name, List<String> issues) {
        double[] v = new double[rows.size()];
        int missing = 0;
        for (int i = 0; i < rows.size(); i++) {
            String s = cell(rows.get(i), c);
            if (s.isEmpty()) {
                missing++;
                continue;
            }
            try {
                v[i] = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("non-numeric value '" + s + "' in column " + name + ", row " + (i + 2));
            }
            if (!Double.isFinite(v[i])) throw new IllegalArgumentException("non-finite value in column " + name);
        }
        if (missing > 0) issues.add(missing + " missing value(s) in " + name + " set to 0");
        return v;
    }

    private static String cell(String[] r, int c) {
        return c < r.length ? r[c].trim() : "";
    }

    private static String[] split(String line) {
        String[] parts = line.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) p = p.substring(1, p.length() - 1);
            parts[i] = p;
        }
        return parts;
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
