package dev.compass.documents.metadata;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds dates in text (ISO, day month year and month year in English, German and French) and parses Tika dates. */
public final class DateFinder {
    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("january", 1), Map.entry("jan", 1), Map.entry("januar", 1), Map.entry("janvier", 1),
            Map.entry("february", 2), Map.entry("feb", 2), Map.entry("februar", 2), Map.entry("février", 2), Map.entry("fevrier", 2),
            Map.entry("march", 3), Map.entry("mar", 3), Map.entry("märz", 3), Map.entry("mars", 3),
            Map.entry("april", 4), Map.entry("apr", 4), Map.entry("avril", 4),
            Map.entry("may", 5), Map.entry("mai", 5),
            Map.entry("june", 6), Map.entry("jun", 6), Map.entry("juni", 6), Map.entry("juin", 6),
            Map.entry("july", 7), Map.entry("jul", 7), Map.entry("juli", 7), Map.entry("juillet", 7),
            Map.entry("august", 8), Map.entry("aug", 8), Map.entry("août", 8), Map.entry("aout", 8),
            Map.entry("september", 9), Map.entry("sep", 9), Map.entry("sept", 9), Map.entry("septembre", 9),
            Map.entry("october", 10), Map.entry("oct", 10), Map.entry("oktober", 10), Map.entry("octobre", 10),
            Map.entry("november", 11), Map.entry("nov", 11), Map.entry("novembre", 11),
            Map.entry("december", 12), Map.entry("dec", 12), Map.entry("dezember", 12), Map.entry("décembre", 12), Map.entry("decembre", 12));
    private static final String MONTH = "(january|february|march|april|may|june|july|august|september|october|november|december"
            + "|januar|februar|märz|juni|juli|oktober|dezember|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout"
            + "|septembre|octobre|novembre|décembre|decembre|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?";
    private static final Pattern DATE = Pattern.compile(
            "(?<iso>(?<iy>(?:19|20)\\d{2})-(?<im>[01]\\d)-(?<id>[0-3]\\d))"
                    + "|(?<dmy>(?<dd>[0-3]?\\d)\\.?\\s+" + MONTH.replace("(j", "(?<dm>j") + "\\s+(?<dy>(?:19|20)\\d{2}))"
                    + "|(?<mdy>" + MONTH.replace("(j", "(?<mm>j") + "\\s+(?:(?<md>[0-3]?\\d),?\\s+)?(?<my>(?:19|20)\\d{2}))"
                    + "|(?<num>(?<nd>[0-3]?\\d)[./](?<nm>[01]?\\d)[./](?<ny>(?:19|20)\\d{2}))",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern STUDY = Pattern.compile(
            "(?i)\\b(study|survey|fieldwork|field work|conducted|data collection|interviews|research|trial"
                    + "|studie|erhebung|befragung|étude|etude|enquête|enquete"
                    // a date the document gives itself: "Date: 2026-10-02", "dated 2 October 2026", "Datum:"
                    + "|date|dated|datum|published|publication|issued)\\b");
    private static final int WINDOW = 160;
    private static final int MAX_SCAN = 200_000;

    private DateFinder() {
    }


    /**
     * The first date preceded, within a short window, by a study/survey/fieldwork keyword, or by a label of the
     * document's own date ("Date:", "dated", "published").
     */
    public static Optional<LocalDate> studyDate(String text) {
        return scan(text, true);
    }

    /** The first date anywhere in the text. */
    public static Optional<LocalDate> firstDate(String text) {
        return scan(text, false);
    }

    /** Finds years (cheap), then reads the full date pattern only in a small region around each. */
    private static Optional<LocalDate> scan(String text, boolean study) {
        String t = text.length() > MAX_SCAN ? text.substring(0, MAX_SCAN) : text;
        Matcher d = DATE.matcher(t);
        Matcher k = STUDY.matcher(t);
        for (int ys = nextYear(t, 0); ys >= 0; ys = nextYear(t, ys + 4)) {
            int ye = ys + 4;
            d.region(Math.max(0, ys - 25), Math.min(t.length(), ye + 6));
            while (d.find()) {
                if (d.start() > ys || d.end() < ye) continue;
                Optional<LocalDate> date = toDate(d);
                if (date.isEmpty()) continue;
                if (!study) return date;
                k.region(Math.max(0, d.start() - WINDOW), d.start());
                if (k.find()) return date;
            }
        }
        return Optional.empty();
    }

    /**
     * Start of the next year number at or after {@code from}: 19xx or 20xx not inside a longer number, the
     * same matches as the regex {@code (?<!\d)(?:19|20)\d{2}(?!\d)} (ASCII digits) without a regex.
     */
    static int nextYear(String t, int from) {
        for (int i = from, n = t.length(); i + 4 <= n; i++) {
            char c = t.charAt(i);
            if (c != '1' && c != '2') continue;
            char c1 = t.charAt(i + 1);
            if (c == '1' ? c1 != '9' : c1 != '0') continue;
            if (!digit(t.charAt(i + 2)) || !digit(t.charAt(i + 3))) continue;
            if (i > 0 && digit(t.charAt(i - 1))) continue;
            if (i + 4 < n && digit(t.charAt(i + 4))) continue;
            return i;
        }
        return -1;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Parses a Tika metadata date (ISO-8601 instant, offset date-time or date). */
    public static Optional<LocalDate> parseMetadataDate(String value) {
        if (value == null || value.isBlank()) return Optional.empty();
        String v = value.strip();
        try {
            return Optional.of(OffsetDateTime.parse(v).toLocalDate());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(LocalDate.parse(v.length() >= 10 ? v.substring(0, 10) : v));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    private static Optional<LocalDate> toDate(Matcher m) {
        try {
            if (m.group("iso") != null) {
                return Optional.of(LocalDate.of(i(m.group("iy")), i(m.group("im")), i(m.group("id"))));
            }
            if (m.group("dmy") != null) {
                return Optional.of(LocalDate.of(i(m.group("dy")), month(m.group("dm")), i(m.group("dd"))));
            }
            if (m.group("mdy") != null) {
                String day = m.group("md");
                return Optional.of(LocalDate.of(i(m.group("my")), month(m.group("mm")), day == null ? 1 : i(day)));
            }
            return Optional.of(LocalDate.of(i(m.group("ny")), i(m.group("nm")), i(m.group("nd"))));
        } catch (DateTimeException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static int i(String s) {
        return Integer.parseInt(s);
    }

    private static int month(String s) {
        return MONTHS.get(s.toLowerCase(Locale.ROOT).replace(".", ""));
    }
}
