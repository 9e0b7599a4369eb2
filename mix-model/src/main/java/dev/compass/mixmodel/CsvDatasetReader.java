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
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a simple comma-separated weekly file (header row, ISO dates, no quoted commas) into a {@link WeeklyDataset}.
 * Missing numeric cells become 0 and are reported as quality issues, as is negative spend (set to 0). Refused with an
 * {@link IllegalArgumentException}: a header with an empty, NUL-holding or (case-insensitively) repeated name, dates
 * that are not one row a week (repeated, missing or other steps), a negative or all-zero KPI, a channel without spend,
 * figures beyond 1e15. Column names in the spec match the header in any case.
 */
public final class CsvDatasetReader {

    /** The largest magnitude of a weekly figure (the API's cap on weekly budgets): beyond it, the fit overflows. */
    static final double MAX_VALUE = 1e15;

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
            int n = 1;
            while ((line = br.readLine()) != null) {
                n++;
                if (line.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("line " + n + " holds a NUL character");
                }
                if (!line.isBlank()) rows.add(split(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Integer> col = header(header);
        String dateName = require(col, header, spec.dateColumn(), "date");
        String kpiName = require(col, header, spec.kpiColumn(), "KPI");
        List<String> controlNames = new ArrayList<>();
        for (String c : spec.controls()) controlNames.add(require(col, header, c, "control"));
        if (key(dateName).equals(key(kpiName)) || controlNames.stream().anyMatch(
                c -> key(c).equals(key(dateName)) || key(c).equals(key(kpiName)))) {
            throw new IllegalArgumentException("a column has one role: the date, the KPI or a control");
        }
        for (String c : spec.ignore()) {
            if (key(c).equals(key(dateName)) || key(c).equals(key(kpiName))
                    || controlNames.stream().anyMatch(k -> key(k).equals(key(c)))) {
                throw new IllegalArgumentException("column '" + c + "' cannot be ignored: it is the date, the KPI or a"
                        + " control");
            }
        }
        int dateCol = col.get(key(dateName));

        List<String> issues = new ArrayList<>();
        List<LocalDate> dates = new ArrayList<>();
        for (String[] r : rows) {
            String d = cell(r, dateCol);
            try {
                dates.add(LocalDate.parse(d.length() > 10 ? d.substring(0, 10) : d));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("unparseable date '" + d + "' in column " + dateName);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("the data has a header but no week: send one row a week");
        }
        // rows sorted by date; the series must be weekly: no repeated week, no gap, no other step
        Integer[] order = new Integer[rows.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> dates.get(a).compareTo(dates.get(b)));
        List<String[]> sorted = new ArrayList<>();
        List<LocalDate> weeks = new ArrayList<>();
        for (int i : order) {
            sorted.add(rows.get(i));
            weeks.add(dates.get(i));
        }
        rows = sorted;
        for (int i = 1; i < weeks.size(); i++) {
            long gap = ChronoUnit.DAYS.between(weeks.get(i - 1), weeks.get(i));
            if (gap == 0) throw new IllegalArgumentException("week " + weeks.get(i) + " appears more than once");
            if (gap % 7 == 0 && gap > 7) {
                throw new IllegalArgumentException((gap / 7 - 1) + " week(s) missing between " + weeks.get(i - 1)
                        + " and " + weeks.get(i));
            }
            if (gap != 7) {
                throw new IllegalArgumentException(gap + " day(s) between " + weeks.get(i - 1) + " and " + weeks.get(i)
                        + ": not a weekly series (aggregate the data to one row a week)");
            }
        }
        double[] kpi = column(rows, col.get(key(kpiName)), kpiName, issues);
        for (int t = 0; t < kpi.length; t++) {
            if (kpi[t] < 0) {
                throw new IllegalArgumentException("the KPI " + kpiName + " is negative (" + kpi[t] + ") in the week of "
                        + weeks.get(t) + ": a KPI explained as baseline plus media cannot be negative");
            }
        }
        if (Arrays.stream(kpi).noneMatch(v -> v > 0)) {
            throw new IllegalArgumentException("the KPI " + kpiName + " is zero in every week: there is nothing to model");
        }
        Map<String, double[]> controls = new LinkedHashMap<>();
        for (String c : controlNames) controls.put(c, column(rows, col.get(key(c)), c, issues));
        Map<String, double[]> spend = new LinkedHashMap<>();
        Set<String> skip = new HashSet<>();
        for (String c : spec.ignore()) skip.add(key(c));
        skip.add(key(dateName));
        skip.add(key(kpiName));
        for (String c : controlNames) skip.add(key(c));
        for (String h : header) {
            if (skip.contains(key(h)) || !numeric(rows, col.get(key(h)))) continue;
            double[] v = column(rows, col.get(key(h)), h, issues);
            for (int t = 0; t < v.length; t++) {
                if (v[t] < 0) {
                    issues.add("negative spend in " + h + " at " + weeks.get(t) + " set to 0");
                    v[t] = 0;
                }
            }
            if (Arrays.stream(v).noneMatch(x -> x > 0)) {
                throw new IllegalArgumentException("channel " + h + " has no spend in any week: its effect cannot be"
                        + " estimated (leave the column out, or list it in ignore)");
            }
            spend.put(h, v);
        }
        if (spend.isEmpty()) throw new IllegalArgumentException("no numeric spend column left after KPI, controls and ignore list");
        return new WeeklyDataset(spec.datasetId(), spec.kpiColumn(), weeks, kpi, spend, controls, issues);
    }

    /**
     * Column positions by lower-cased name. Every column needs a name of its own: an empty, a NUL-holding or
     * (case-insensitively) repeated name would put values under the wrong channel.
     */
    private static Map<String, Integer> header(String[] header) {
        Map<String, Integer> col = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
            if (header[i].indexOf('\0') >= 0) {
                throw new IllegalArgumentException("the name of column " + (i + 1) + " holds a NUL character");
            }
            if (header[i].isEmpty()) throw new IllegalArgumentException("column " + (i + 1) + " has no name");
            Integer before = col.putIfAbsent(key(header[i]), i);
            if (before != null) {
                throw new IllegalArgumentException("column name '" + header[i] + "' is used by columns " + (before + 1)
                        + " and " + (i + 1) + " (names are compared ignoring case): every column needs a name of its"
                        + " own");
            }
        }
        return col;
    }

    /** The header's spelling of a column named (in any case) by the request. */
    private static String require(Map<String, Integer> col, String[] header, String name, String role) {
        if (name == null || !col.containsKey(key(name))) {
            throw new IllegalArgumentException(role + " column '" + name + "' not in header " + List.of(header));
        }
        return header[col.get(key(name))];
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
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
            if (!(Math.abs(v[i]) <= MAX_VALUE)) {
                throw new IllegalArgumentException("value " + s + " in column " + name + ", row " + (i + 2)
                        + " is beyond " + MAX_VALUE + " in magnitude: no weekly figure is that large");
            }
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
