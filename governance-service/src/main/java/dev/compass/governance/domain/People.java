package dev.compass.governance.domain;

import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;

/**
 * Comparing people. Principals are e-mail-like UPNs, which identity providers spell in any case and which a name may
 * carry invisibly changed: {@code Sam.Starter}, {@code sam.starter}, {@code sam.starter\u200b} (a zero-width space)
 * and {@code ｓａｍ.starter} (full-width letters) are one person. So four eyes and ownership compare names after
 * Unicode NFKC normalisation, without format characters (Unicode category Cf: zero-width spaces and joiners, the byte
 * order mark, bidirectional marks) and whitespace, case-insensitively (Locale.ROOT).
 */
public final class People {
    private People() {}

    /** Whether a and b name the same person; false when either is null or has nothing visible in it. */
    public static boolean same(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        String ka = key(a);
        return !ka.isEmpty() && ka.equals(key(b));
    }

    /** Whether the person is one of people. */
    public static boolean among(String person, Collection<String> people) {
        return people.stream().anyMatch(p -> same(person, p));
    }

    /** The name as compared: NFKC, no format characters or whitespace, lower case; again NFKC after lower-casing. */
    static String key(String person) {
        String folded = visible(Normalizer.normalize(person, Normalizer.Form.NFKC)).toLowerCase(Locale.ROOT);
        return visible(Normalizer.normalize(folded, Normalizer.Form.NFKC));
    }

    private static String visible(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().filter(cp -> Character.getType(cp) != Character.FORMAT && !Character.isWhitespace(cp)
                && !Character.isSpaceChar(cp)).forEach(kept::appendCodePoint);
        return kept.toString();
    }
}
