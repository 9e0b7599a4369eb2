package dev.compass.mixmodel;

import java.util.ArrayList;
import java.util.List;

/**
 * Steady-state response curves (constant weekly spend once carry-over has settled) with posterior intervals. The
 * response and marginal ROI are those of the expected (posterior-mean) response, {@link FittedModel#expected}.
 */
public final class ResponseCurves {

    /** One point of a response curve. */
    public record Point(double weeklySpend, double weeklyResponse, double low, double high, double marginalRoi) {
    }

    /** A channel's curve. */
    public record Curve(String channel, double currentWeeklySpend, List<Point> points) {
    }

    private ResponseCurves() {
    }

    /** Curve of one channel from 0 to {@code maxMultiple} times today's weekly spend, in {@code points} steps. */
    public static Curve of(FittedModel model, String channel, int points, double maxMultiple) {
        ChannelCurve c = model.curve(channel);
        SteadyStateResponse expected = model.expected(channel);
        int idx = model.curves().indexOf(c);
        double max = maxMultiple * Math.max(c.meanWeeklySpend(), 1e-12);
        double lo = (1 - model.intervalLevel()) / 2;
        List<Point> out = new ArrayList<>();
        for (int i = 0; i <= points; i++) {
            double s = max * i / points;
            double[] draws = new double[model.curveDraws().size()];
            for (int b = 0; b < draws.length; b++) draws[b] = model.curveDraws().get(b).get(idx).response(s);
            double low = draws.length > 0 ? ModelAssembler.quantile(draws, lo) : Double.NaN;
            double high = draws.length > 0 ? ModelAssembler.quantile(draws, 1 - lo) : Double.NaN;
            out.add(new Point(s, expected.response(s), low, high, expected.marginal(s)));
        }
        return new Curve(channel, c.meanWeeklySpend(), out);
    }

    /** Curves of all channels. */
    public static List<Curve> all(FittedModel model, int points, double maxMultiple) {
        return model.curves().stream().map(c -> of(model, c.channel(), points, maxMultiple)).toList();
    }
}
