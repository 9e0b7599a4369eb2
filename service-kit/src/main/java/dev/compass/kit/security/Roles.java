package dev.compass.kit.security;

/** The roles of the suite, carried in the {@code roles} claim of the bearer token. */
public final class Roles {
    private Roles() {}

    public static final String EMPLOYEE = "employee";
    public static final String ANALYST = "analyst";
    public static final String REVIEWER = "reviewer";
    public static final String FINANCE_APPROVER = "finance-approver";
    public static final String OPS = "ops";
    public static final String ADMIN = "admin";
}
