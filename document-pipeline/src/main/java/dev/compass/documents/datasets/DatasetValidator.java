package dev.compass.documents.datasets;

import dev.compass.documents.datasets.DatasetIssue.Severity;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validates weekly spend/sales data sets (CSV, XLSX) for the marketing-mix model: a date column,
 * a KPI column, one spend column per channel, optional controls. Thread-safe.
 */
public final class DatasetValidator {
    private static final List<DateTimeFormatter> FORMATS = List.of(DateTimeFormatter.ISO_LOCAL_DATE,
            DateTimeFormatter.ofPattern("d/M/uuuu"), DateTimeFormatter.ofPattern("d.M.uuuu"),
            DateTimeFormatter.ofPattern("uuuu/M/d"));
    private static final int MAX_ISSUES_PER_CODE = 50;
    /** The largest magnitude of a weekly figure (the API's cap on weekly budgets): beyond it, the fit overflows. */
    static final double MAX_VALUE = 1e15;

    private final DatasetRules rules;

    public DatasetValidator(DatasetRules rules) {
        this.rules = rules;
    }

    /** Validates a CSV or Excel file; never throws for bad content. */
    public DatasetValidation validate(byte[] bytes, String fileName) {
        List<DatasetIssue> issues = new ArrayList<>();
        List<List<String>> rows;
        try {
            rows = TableReader.read(bytes, fileName);
        } catch (Exception e) {
            issues.add(new DatasetIssue("UNREADABLE", Severity.ERROR, 0, null, "cannot read the file: " + e.getMessage()));
            return new DatasetValidation(DatasetValidation.Status.REJECTED, issues, null);
        }
        if (rows.size() < 2) {
            issues.add(new DatasetIssue("EMPTY", Severity.ERROR, 0, null, "no data rows"));
            return new DatasetValidation(DatasetValidation.Status.REJECTED, issues, null);
        }
        List<String> header = rows.get(0);
        if (!header(header, issues)) return new DatasetValidation(DatasetValidation.Status.REJECTED, issues, null);
        int dateCol = find(header, rules.dateColumns());
        int kpiCol = find(header, rules.kpiColumns());
        if (dateCol < 0) issues.add(new DatasetIssue("MISSING_COLUMN", Severity.ERROR, 0, null,
                "no date column (expected one of " + rules.dateColumns() + ")"));
        if (kpiCol < 0) issues.add(new DatasetIssue("MISSING_COLUMN", Severity.ERROR, 0, null,
                "no KPI column (expected one of " + rules.kpiColumns() + ")"));
        Map<String, Integer> controlCols = columns(header, rules.controlColumns(), "control", issues);
        Map<String, Integer> spendCols = columns(header, rules.spendColumns(), "spend", issues);
        if (spendCols.isEmpty() && rules.spendColumns().isEmpty()) {
            // no channel named and none called "...spend": every other column is a channel's spend
            for (int i = 0; i < header.size(); i++) {
                if (i != dateCol && i != kpiCol && !controlCols.containsValue(i) && !header.get(i).isBlank()) {
                    spendCols.put(header.get(i), i);
                }
            }
        }
        if (spendCols.isEmpty()) issues.add(new DatasetIssue("MISSING_COLUMN", Severity.ERROR, 0, null,
                "no channel spend column (names containing 'spend', or configure spendColumns)"));
        if (dateCol < 0 || kpiCol < 0) return new DatasetValidation(DatasetValidation.Status.REJECTED, issues, null);

        List<LocalDate> weeks = new ArrayList<>();
        List<Integer> rowNumbers = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        List<String> numericNames = new ArrayList<>();
        List<Integer> numericCols = new ArrayList<>();
        numericNames.add(header.get(kpiCol));
        numericCols.add(kpiCol);
        spendCols.forEach((k, v) -> { numericNames.add(k); numericCols.add(v); });
        controlCols.forEach((k, v) -> { numericNames.add(k); numericCols.add(v); });
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            String raw = cell(row, dateCol);
            LocalDate date = parseDate(raw);
            if (date == null) {
                add(issues, new DatasetIssue("UNPARSABLE_DATE", Severity.ERROR, r, header.get(dateCol),
                        "cannot read '" + raw + "' as a date (expected yyyy-mm-dd)"));
                continue;
            }
            double[] v = new double[numericCols.size()];
            for (int i = 0; i < v.length; i++) {
                String s = cell(row, numericCols.get(i));
                v[i] = parseNumber(s);
                if (Double.isNaN(v[i])) {
                    add(issues, new DatasetIssue("NON_NUMERIC", Severity.ERROR, r, numericNames.get(i),
                            "'" + s + "' is not a number"));
                } else if (Math.abs(v[i]) > MAX_VALUE) {
                    add(issues, new DatasetIssue("OUT_OF_RANGE", Severity.ERROR, r, numericNames.get(i),
                            v[i] + " is beyond " + MAX_VALUE + " in magnitude: no weekly figure is that large"));
                } else if (i >= 1 && i <= spendCols.size() && v[i] < 0) {
                    add(issues, new DatasetIssue("NEGATIVE_SPEND", Severity.ERROR, r, numericNames.get(i),
                            "negative spend " + v[i]));
                } else if (i == 0 && v[i] < 0) {
                    add(issues, new DatasetIssue("NEGATIVE_KPI", Severity.ERROR, r, numericNames.get(i),
                            "negative KPI " + v[i] + ": a KPI the model explains as baseline plus media cannot be"
                                    + " negative"));
                }
            }
            weeks.add(date);
            rowNumbers.add(r);
            values.add(v);
        }
        // order by date, then duplicates and gaps
        Integer[] order = new Integer[weeks.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> weeks.get(a).compareTo(weeks.get(b)));
        List<LocalDate> sortedWeeks = new ArrayList<>();
        List<double[]> sortedValues = new ArrayList<>();
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            LocalDate d = weeks.get(i);
            if (!sortedWeeks.isEmpty()) {
                LocalDate prev = sortedWeeks.get(sortedWeeks.size() - 1);
                long days = ChronoUnit.DAYS.between(prev, d);
                if (days == 0) {
                    add(issues, new DatasetIssue("DUPLICATE_WEEK", Severity.ERROR, rowNumbers.get(i), header.get(dateCol),
                            "week " + d + " appears more than once"));
                    continue;
                }
                if (days > 7 && days % 7 == 0) {
                    add(issues, new DatasetIssue("MISSING_WEEK", Severity.ERROR, rowNumbers.get(i), header.get(dateCol),
                            (days / 7 - (days % 7 == 0 ? 1 : 0)) + " week(s) missing between " + prev + " and " + d));
                } else if (days < 7) {
                    add(issues, new DatasetIssue("NOT_WEEKLY", Severity.ERROR, rowNumbers.get(i), header.get(dateCol),
                            "only " + days + " day(s) between " + prev + " and " + d
                                    + ": not a weekly series (aggregate the data to one row a week)"));
                } else if (days % 7 != 0) {
                    add(issues, new DatasetIssue("NOT_WEEKLY", Severity.ERROR, rowNumbers.get(i), header.get(dateCol),
                            days + " days between " + prev + " and " + d
                                    + ": not a weekly series (aggregate the data to one row a week)"));
                }
            }
            sortedWeeks.add(d);
            sortedValues.add(values.get(i));
        }
        int n = sortedWeeks.size();
        if (n < rules.minWeeksError()) {
            issues.add(new DatasetIssue("SHORT_HISTORY", Severity.ERROR, 0, null,
                    n + " weeks of history; at least " + rules.minWeeksError() + " needed"));
        } else if (n < rules.minWeeksWarning()) {
            issues.add(new DatasetIssue("SHORT_HISTORY", Severity.WARNING, 0, null,
                    n + " weeks of history; " + rules.minWeeksWarning() + " or more recommended (two seasonal cycles)"));
        }
        double[][] columns = new double[numericCols.size()][n];
        for (int r = 0; r < n; r++) for (int c = 0; c < columns.length; c++) columns[c][r] = sortedValues.get(r)[c];
        for (int c = 0; c < columns.length; c++) outliers(columns[c], numericNames.get(c), sortedWeeks, issues);
        if (n > 0 && Arrays.stream(columns[0]).noneMatch(x -> x > 0)) {
            issues.add(new DatasetIssue("NO_KPI", Severity.ERROR, 0, numericNames.get(0),
                    "the KPI " + numericNames.get(0) + " is zero or negative in every week: there is nothing to model"));
        }
        for (int c = 1; c <= spendCols.size() && c < columns.length; c++) {
            if (n > 0 && Arrays.stream(columns[c]).noneMatch(x -> x > 0)) {
                issues.add(new DatasetIssue("NO_SPEND", Severity.ERROR, 0, numericNames.get(c), "channel "
                        + numericNames.get(c) + " has no spend in any week: its effect cannot be estimated (leave the"
                        + " column out)"));
            }
        }
        Map<String, double[]> spend = new LinkedHashMap<>();
        Map<String, double[]> controls = new LinkedHashMap<>();
        for (int c = 1; c < columns.length; c++) (c <= spendCols.size() ? spend : controls).put(numericNames.get(c), columns[c]);
        WeeklyTable table = new WeeklyTable(List.copyOf(sortedWeeks), header.get(kpiCol), columns[0], spend, controls);
        issues.sort((a, b) -> Integer.compare(a.row(), b.row()));
        boolean error = issues.stream().anyMatch(i -> i.severity() == Severity.ERROR);
        return new DatasetValidation(error ? DatasetValidation.Status.REJECTED : DatasetValidation.Status.USABLE,
                List.copyOf(issues), table);
    }

    /**
     * Every column needs a name of its own: an empty, a NUL-holding or (case-insensitively) repeated name would put
     * values under the wrong channel, or be dropped in silence. False (with ERROR issues) when the header is unusable.
     */
    private static boolean header(List<String> header, List<DatasetIssue> issues) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        boolean ok = true;
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            String problem = null;
            if (name.indexOf('\0') >= 0) {
                problem = "the name of column " + (i + 1) + " holds a NUL character";
            } else if (name.isEmpty()) {
                problem = "column " + (i + 1) + " has no name";
            } else {
                Integer before = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
                if (before != null) {
                    problem = "column name '" + name + "' is used by columns " + (before + 1) + " and " + (i + 1)
                            + " (names are compared ignoring case): every column needs a name of its own";
                }
            }
            if (problem != null) {
                issues.add(new DatasetIssue("BAD_HEADER", Severity.ERROR, 0, null, problem));
                ok = false;
            }
        }
        return ok;
    }

    private void outliers(double[] v, String name, List<LocalDate> weeks, List<DatasetIssue> issues) {
        double[] finite = Arrays.stream(v).filter(Double::isFinite).toArray();
        if (finite.length < 8) return;
        double med = median(finite);
        double mad = median(Arrays.stream(finite).map(x -> Math.abs(x - med)).toArray());
        if (mad == 0) return; // mostly constant (e.g. flighted channels at zero): no robust scale
        for (int i = 0; i < v.length; i++) {
            double z = 0.6745 * (v[i] - med) / mad;
            if (Double.isFinite(z) && Math.abs(z) > rules.outlierZ()) {
                add(issues, new DatasetIssue("OUTLIER", Severity.WARNING, 0, name, String.format(Locale.ROOT,
                        "%s on %s: %.4g is an outlier (robust z %.1f, median %.4g)", name, weeks.get(i), v[i], z, med)));
            }
        }
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    private static void add(List<DatasetIssue> issues, DatasetIssue issue) {
        long same = issues.stream().filter(i -> i.code().equals(issue.code())).count();
        if (same < MAX_ISSUES_PER_CODE) issues.add(issue);
    }

    private static Map<String, Integer> columns(List<String> header, List<String> explicit, String marker,
                                                List<DatasetIssue> issues) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (!explicit.isEmpty()) {
            for (String name : explicit) {
                int i = find(header, List.of(name));
                if (i < 0) issues.add(new DatasetIssue("MISSING_COLUMN", Severity.ERROR, 0, name, "column '" + name + "' not found"));
                else out.put(header.get(i), i);
            }
        } else {
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).toLowerCase(Locale.ROOT).contains(marker)) out.put(header.get(i), i);
            }
        }
        return out;
    }

    private static int find(List<String> header, List<String> names) {
        for (String n : names) {
            for (int i = 0; i < header.size(); i++) if (header.get(i).strip().equalsIgnoreCase(n)) return i;
        }
        return -1;
    }

    private static String cell(List<String> row, int i) {
        return i < row.size() ? row.get(i) : "";
    }

    static LocalDate parseDate(String s) {
        if (s == null || s.isBlank()) return null;
        String t = s.strip();
        if (t.length() > 10 && t.charAt(10) == 'T' || t.length() > 10 && t.charAt(10) == ' ') t = t.substring(0, 10);
        for (DateTimeFormatter f : FORMATS) {
            try {
                return LocalDate.parse(t, f);
            } catch (DateTimeParseException ignored) {
                // next format
            }
        }
        return null;
    }

    static double parseNumber(String s) {
        if (s == null || s.isBlank()) return Double.NaN;
        try {
            double d = Double.parseDouble(s.strip().replace("_", ""));
            return Double.isFinite(d) ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
