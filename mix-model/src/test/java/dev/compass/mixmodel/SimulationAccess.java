package dev.compass.mixmodel;

import java.util.ArrayList;
import java.util.List;

/** Gives the benchmark (another package) access to the test simulator and the recovery evaluation. */
public final class SimulationAccess {

    private SimulationAccess() {
    }

    public static WeeklyDataset dataset(long seed, int channels, int weeks) {
        return MmmSimulator.simulate(seed, channels, weeks, 0.025).data();
    }

    /** Median ROI error and worst ratio when the true curves are given (no prior, then with the ROI prior). */
    public static String oracle(long[] seeds) {
        double[] o = RecoveryEvaluation.oracle(seeds, 5, 156, 0.025);
        return String.format("oracle (true adstock and saturation given, linear part estimated) over %d seeds: median ROI error %.3f, "
                + "worst ratio %.2fx without ROI prior; %.3f, %.2fx with it", seeds.length, o[0], o[1], o[2], o[3]);
    }

    /**
     * Recovery (saturation family AUTO, HILL or LOGISTIC) and the oracle's floor on the same simulator with another
     * history length and noise level: the summary line of each ({@code -Dbench.lines=true}: the per-seed lines first).
     */
    public static List<String> recoveryAt(long[] seeds, int weeks, double noise, String saturation) {
        return recoveryAt(seeds, weeks, noise, saturation, 0);
    }

    /** As above, each model calibrated with one lift test per channel of relative standard error {@code liftSe} (0: none). */
    public static List<String> recoveryAt(long[] seeds, int weeks, double noise, String saturation, double liftSe) {
        RecoveryEvaluation.Result r = RecoveryEvaluation.run(seeds, 5, weeks, noise, RecoveryEvaluation.options(saturation), liftSe);
        double[] o = RecoveryEvaluation.oracle(seeds, 5, weeks, noise);
        List<String> out = new ArrayList<>(Boolean.getBoolean("bench.lines") ? r.lines() : List.of());
        // inserted into the format string below, hence the escaped percent sign
        String lifts = liftSe > 0 ? ", one lift test per channel (" + Math.round(100 * liftSe) + "%% standard error)" : "";
        out.addAll(List.of(String.format("%d weeks, %.1f%% noise" + lifts + ", %d seeds, saturation " + saturation + ": fitter median ROI error %.3f, worst ratio %.2fx, 90%% interval"
                        + " coverage %.2f, uplift captured median %.3f min %.3f, mean fit %.2f s", weeks, 100 * noise, seeds.length,
                        r.medianRoiError(), r.maxRoiRatio(), r.coverage(), r.medianCapture(), r.minCapture(), r.meanFitSeconds()),
                String.format("%d weeks, %.1f%% noise: oracle median ROI error %.3f, worst ratio %.2fx (no ROI prior); %.3f, %.2fx (with it)",
                        weeks, 100 * noise, o[0], o[1], o[2], o[3])));
        return out;
    }

    public static List<String> recovery(long[] seeds) {
        RecoveryEvaluation.Result r = RecoveryEvaluation.run(seeds, 5, 156, 0.025, RecoveryEvaluation.options(SaturationParams.AUTO));
        List<String> out = new ArrayList<>(r.lines());
        out.add(String.format("recovery over %d seeds (5 channels, 156 weeks, 2.5%% noise): median ROI error %.3f, worst ratio %.2fx, "
                + "90%% interval coverage %.2f, uplift captured median %.3f min %.3f, mean fit %.2f s",
                seeds.length, r.medianRoiError(), r.maxRoiRatio(), r.coverage(), r.medianCapture(), r.minCapture(), r.meanFitSeconds()));
        return out;
    }
}
