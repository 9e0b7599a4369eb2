package dev.compass.agent.domain;

/**
 * An investment the commercial agent wants funded: channel, money over the horizon, and the projected incremental
 * revenue with its interval.
 */
public record Opportunity(String channel, double currentWeeklySpend, double newWeeklySpend, double amount,
        int horizonWeeks, double marginalRoiNow, double marginalRoiAfter, double hurdle, double projectedRevenue,
        double projectedRevenueLow, double projectedRevenueHigh, boolean cappedByRequest) {}
