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

    public static List<String> recovery(long[] seeds) {
        RecoveryEvaluation.Result r = RecoveryEvaluation.run(seeds, 5, 156, 0.025, FitOptions.defaults().withBootstrap(30));
        List<String> out = new ArrayList<>(r.lines());
        out.add(String.format("recovery over %d seeds (5 channels, 156 weeks, 2.5%% noise): median ROI error %.3f, worst ratio %.2fx, "
                + "90%% interval coverage %.2f, uplift captured median %.3f min %.3f, mean fit %.2f s",
                seeds.length, r.medianRoiError(), r.maxRoiRatio(), r.coverage(), r.medianCapture(), r.minCapture(), r.meanFitSeconds()));
        return out;
    }
}
