package dev.compass.mixmodel;

import java.util.ArrayList;
import java.util.List;

/** Data checks that warn when a channel's effect cannot be told apart from the baseline or other channels. */
public final class IdentifiabilityChecks {

    static final double MIN_VARIATION = 0.1;
    static final double MAX_CORRELATION = 0.9;

    private IdentifiabilityChecks() {
    }

    /** Warnings about near-constant, mostly-zero or collinear spend and spend that follows the trend. */
    public static List<String> check(WeeklyDataset d) {
        List<String> w = new ArrayList<>();
        List<String> ch = d.channels();
        int n = d.size();
        double[] trend = new double[n];
        for (int t = 0; t < n; t++) trend[t] = t;
        for (String c : ch) {
            double[] s = d.spend().get(c);
            double m = mean(s);
            double sd = Math.sqrt(variance(s, m));
            int zeros = 0;
            for (double v : s) if (v == 0) zeros++;
            if (m <= 0) {
                w.add("channel " + c + " has no spend: its effect is not identifiable");
                continue;
            }
            if (sd / m < MIN_VARIATION) {
                w.add(String.format("channel %s has near-constant spend (coefficient of variation %.3f): its effect is confounded with the baseline", c, sd / m));
            }
            if (zeros > 0.9 * n) {
                w.add("channel " + c + " has spend in only " + (n - zeros) + " of " + n + " weeks");
            }
            double rt = correlation(s, trend);
            if (Math.abs(rt) > MAX_CORRELATION) {
                w.add(String.format("channel %s spend follows the trend (correlation %.2f): its effect is confounded with the trend", c, rt));
            }
        }
        for (int i = 0; i < ch.size(); i++) {
            for (int j = i + 1; j < ch.size(); j++) {
                double r = correlation(d.spend().get(ch.get(i)), d.spend().get(ch.get(j)));
                if (Math.abs(r) > MAX_CORRELATION) {
                    w.add(String.format("channels %s and %s have collinear spend (correlation %.2f): their split is weakly identified", ch.get(i), ch.get(j), r));
                }
            }
        }
        return w;
    }

    static double correlation(double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int t = 0; t < a.length; t++) {
            sab += (a[t] - ma) * (b[t] - mb);
            saa += (a[t] - ma) * (a[t] - ma);
            sbb += (b[t] - mb) * (b[t] - mb);
        }
        return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static double variance(double[] v, double m) {
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return s / v.length;
    }
}
