package dev.compass.mixmodel;

import java.util.ArrayList;
import java.util.List;

/** Normalised data of a fit: KPI over its mean, spend over its mean, baseline columns (intercept, trend, seasonality, controls). */
final class ModelDesign {

    final int n;
    final int channels;
    final double yScale;
    final double[] y;
    final double[][] x;          // [channel][week] spend / spendScale
    final double[] spendScale;
    final double[][] baseline;   // [column][week]
    final List<String> baselineNames = new ArrayList<>();
    final double[] controlSd;    // per control, sd used for standardisation
    final int firstControl;

    ModelDesign(WeeklyDataset d, int fourierOrder) {
        n = d.size();
        double mean = 0;
        for (double v : d.kpi()) mean += v;
        mean /= n;
        yScale = Math.abs(mean) > 0 ? Math.abs(mean) : 1;
        y = new double[n];
        for (int t = 0; t < n; t++) y[t] = d.kpi()[t] / yScale;

        List<String> ch = d.channels();
        channels = ch.size();
        x = new double[channels][n];
        spendScale = new double[channels];
        for (int c = 0; c < channels; c++) {
            double[] s = d.spend().get(ch.get(c));
            double m = 0;
            for (double v : s) m += v;
            m /= n;
            spendScale[c] = m > 0 ? m : 1;
            for (int t = 0; t < n; t++) x[c][t] = s[t] / spendScale[c];
        }

        List<double[]> cols = new ArrayList<>();
        double[] one = new double[n];
        java.util.Arrays.fill(one, 1);
        cols.add(one);
        baselineNames.add("intercept");
        double[] trend = new double[n];
        for (int t = 0; t < n; t++) trend[t] = n > 1 ? (double) t / (n - 1) : 0;
        cols.add(trend);
        baselineNames.add("trend");
        for (int k = 1; k <= fourierOrder; k++) {
            double[] s = new double[n];
            double[] c = new double[n];
            for (int t = 0; t < n; t++) {
                double doy = d.weeks().get(t).getDayOfYear();
                s[t] = Math.sin(2 * Math.PI * k * doy / 365.25);
                c[t] = Math.cos(2 * Math.PI * k * doy / 365.25);
            }
            cols.add(s);
            cols.add(c);
            baselineNames.add("sin" + k);
            baselineNames.add("cos" + k);
        }
        firstControl = cols.size();
        controlSd = new double[d.controls().size()];
        int j = 0;
        for (var e : d.controls().entrySet()) {
            double[] v = e.getValue();
            double m = 0;
            for (double a : v) m += a;
            m /= n;
            double ss = 0;
            for (double a : v) ss += (a - m) * (a - m);
            double sd = Math.sqrt(ss / n);
            controlSd[j++] = sd > 0 ? sd : 1;
            double[] z = new double[n];
            for (int t = 0; t < n; t++) z[t] = (v[t] - m) / controlSd[j - 1];
            cols.add(z);
            baselineNames.add(e.getKey());
        }
        baseline = cols.toArray(new double[0][]);
    }
}
