package dev.compass.agent.domain;

import dev.compass.mixmodel.ChannelCurve;

/**
 * A channel of the latest mix model: its steady-state weekly curve and the relative width of its ROI interval,
 * used to put an interval on projected revenue (response is proportional to the coefficient, whose uncertainty the
 * ROI interval reflects).
 */
public record ChannelView(ChannelCurve curve, double roi, double roiLow, double roiHigh) {
    public String channel() {
        return curve.channel();
    }

    public double lowFactor() {
        return roi > 0 ? Math.max(0, roiLow / roi) : 1;
    }

    public double highFactor() {
        return roi > 0 ? Math.max(roiHigh / roi, 1) : 1;
    }

    /** Revenue over {@code weeks} of moving the weekly spend from {@code from} to {@code to} (negative when cutting). */
    public double revenueChange(double from, double to, double weeks) {
        return weeks * (curve.response(Math.max(0, to)) - curve.response(Math.max(0, from)));
    }
}
