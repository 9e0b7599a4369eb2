package dev.compass.governance.domain;

import java.util.Collection;
import java.util.Locale;

/**
 * Comparing people. Principals are e-mail-like UPNs, which identity providers spell in any case: {@code Sam.Starter}
 * and {@code sam.starter} are one person, so four eyes and ownership compare them case-insensitively (Locale.ROOT).
 */
public final class People {
    private People() {}

    /** Whether a and b name the same person; false when either is null. */
    public static boolean same(String a, String b) {
        return a != null && b != null && key(a).equals(key(b));
    }

    /** Whether the person is one of people. */
    public static boolean among(String person, Collection<String> people) {
        return people.stream().anyMatch(p -> same(person, p));
    }

    private static String key(String person) {
        return person.strip().toLowerCase(Locale.ROOT);
    }
}
