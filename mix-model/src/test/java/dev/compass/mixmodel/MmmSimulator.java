package dev.compass.mixmodel;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Simulates weekly data with known parameters: per channel normalised geometric adstock, Hill saturation and a
 * coefficient; baseline with trend, yearly seasonality and a control; Gaussian noise relative to the mean KPI.
 * Budgets are deliberately misallocated: some channels are spent deep into saturation, others far below it.
 */
final class MmmSimulator {

    record Simulation(WeeklyDataset data, List<ChannelCurve> truth, double[] trueContribution, double[] trueRoi) {
    }

    private MmmSimulator() {
    }

    static Simulation simulate(long seed, int channels, int weeks, double noise) {
        Random r = new Random(seed);
        LocalDate start = LocalDate.of(2021, 1, 4);
        List<LocalDate> dates = new ArrayList<>();
        for (int t = 0; t < weeks; t++) dates.add(start.plusWeeks(t));
        double baseLevel = 10_000;
        double[] kpi = new double[weeks];
        double[] control = new double[weeks];
        double ar = 0;
        for (int t = 0; t < weeks; t++) {
            ar = 0.7 * ar + r.nextGaussian() * 0.7;
            control[t] = ar;
            double doy = dates.get(t).getDayOfYear();
            kpi[t] = baseLevel * (1 + 0.15 * t / weeks + 0.06 * Math.sin(2 * Math.PI * doy / 365.25)
                    + 0.03 * Math.cos(2 * Math.PI * doy / 365.25)) + 300 * control[t];
        }
        Map<String, double[]> spend = new LinkedHashMap<>();
        List<ChannelCurve> truth = new ArrayList<>();
        double[] contrib = new double[channels];
        double[] roi = new double[channels];
        double mediaTarget = 0.35 * baseLevel;
        double[] weights = new double[channels];
        double wsum = 0;
        for (int c = 0; c < channels; c++) {
            weights[c] = 0.5 + r.nextDouble();
            wsum += weights[c];
        }
        for (int c = 0; c < channels; c++) {
            String name = "ch" + c;
            double mean = 1000 * (2 + 18 * r.nextDouble());
            double[] s = new double[weeks];
            double onProb = 0.6 + 0.35 * r.nextDouble();
            for (int t = 0; t < weeks; t++) {
                boolean on = r.nextDouble() < onProb;
                s[t] = on ? mean / onProb * Math.exp(0.5 * r.nextGaussian() - 0.125) : 0;
            }
            double m = Arrays.stream(s).average().orElse(mean);
            // misallocation: alternate saturated and under-spent channels
            double hRel = (c % 2 == 0) ? 0.25 + 0.35 * r.nextDouble() : 1.5 + 2.0 * r.nextDouble();
            double shape = 0.6 + 0.4 * r.nextDouble();
            double decay = 0.1 + 0.6 * r.nextDouble();
            SaturationParams sat = SaturationParams.hill(hRel * m, shape);
            double coef = mediaTarget * weights[c] / wsum / sat.apply(m);
            ChannelCurve cc = new ChannelCurve(name, decay, sat, coef, m);
            double[] cont = cc.contributions(s);
            for (int t = 0; t < weeks; t++) kpi[t] += cont[t];
            contrib[c] = Arrays.stream(cont).sum();
            roi[c] = contrib[c] / Arrays.stream(s).sum();
            spend.put(name, s);
            truth.add(cc);
        }
        double mk = Arrays.stream(kpi).average().orElse(1);
        for (int t = 0; t < weeks; t++) kpi[t] += noise * mk * r.nextGaussian();
        WeeklyDataset d = new WeeklyDataset("sim-" + seed, "sales", dates, kpi, spend, Map.of("price_index", control), List.of());
        return new Simulation(d, truth, contrib, roi);
    }
}
