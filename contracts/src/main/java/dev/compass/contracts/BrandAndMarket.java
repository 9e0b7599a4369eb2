package dev.compass.contracts;

/**
 * The one rule for brand and market names, wherever they enter the suite: a data set (ingestion), a mix model fitted
 * from a CSV (insight), a budget line or a conversation (agents). A name one service accepts is then never refused by
 * the next one, and names that differ only in a leading or trailing space cannot be told apart from the same name.
 * The key of {@code ingestion.datasets.v1} and {@code insight.mix-models.v1} is {@code brand|market}, so '|' is out.
 */
public final class BrandAndMarket {
    private BrandAndMarket() {}

    /** ASCII letters, digits, space and {@code _ . & ' / + ( ) -}; starts with a letter or digit, ends without space. */
    public static final String PATTERN = "[A-Za-z0-9](?:[A-Za-z0-9 _.&'/+()-]{0,98}[A-Za-z0-9_.&'/+()-])?";

    public static final String MESSAGE = "letters, digits, spaces and _ . & ' / + ( ) -, starting with a letter or"
            + " digit and not ending with a space (at most 100 characters)";

    /** Whether {@code name} follows the rule. */
    public static boolean valid(String name) {
        return name != null && name.matches(PATTERN);
    }
}
