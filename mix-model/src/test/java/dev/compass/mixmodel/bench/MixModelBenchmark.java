package dev.compass.mixmodel.bench;

import dev.compass.mixmodel.BudgetOptimizer;
import dev.compass.mixmodel.ChannelCurve;
import dev.compass.mixmodel.FitOptions;
import dev.compass.mixmodel.FitStats;
import dev.compass.mixmodel.FittedModel;
import dev.compass.mixmodel.Lineage;
import dev.compass.mixmodel.MixModelFitter;
import dev.compass.mixmodel.OptimisationMode;
import dev.compass.mixmodel.OptimisationRequest;
import dev.compass.mixmodel.SaturationParams;
import dev.compass.mixmodel.SimulationAccess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark: fit time with intervals (156 weeks x 6 channels), optimisation time (20 channels) and recovery over seeds.
 * Run: mvn -B -f mix-model/pom.xml test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.compass.mixmodel.bench.MixModelBenchmark
 */
public final class MixModelBenchmark {

    public static void main(String[] args) {
        System.out.println("cores available: " + Runtime.getRuntime().availableProcessors() + ", java " + System.getProperty("java.version"));
        // fit time, 156 x 6, default options (AUTO saturation, posterior sampling, 40 stored draws)
        double[] times = new double[3];
        FittedModel last = null;
        for (int i = 0; i < times.length; i++) {
            var data = SimulationAccess.dataset(100 + i, 6, 156);
            long t0 = System.nanoTime();
            last = new MixModelFitter().fit(data, FitOptions.defaults().withSeed(100 + i));
            times[i] = (System.nanoTime() - t0) / 1e9;
        }
        System.out.printf("fit 156x6 incl. intervals: %s s (stored draws in last fit: %d, warnings: %s)%n", Arrays.toString(round(times)), last.lineage().draws(), last.warnings());

        // optimisation time, 20 channels
        Random r = new Random(1);
        List<ChannelCurve> curves = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double mean = 1000 + 9000 * r.nextDouble();
            curves.add(new ChannelCurve("c" + i, 0.3, SaturationParams.hill(mean * (0.3 + 3 * r.nextDouble()), 0.5 + 0.5 * r.nextDouble()),
                    5000 + 20000 * r.nextDouble(), mean));
        }
        BudgetOptimizer opt = new BudgetOptimizer();
        OptimisationRequest req = new OptimisationRequest(null, OptimisationMode.FIXED_BUDGET, Map.of(), null);
        timed("optimise 20 channels", () -> opt.optimise(curves, req));

        // model-level optimisation, 20 channels with 40 posterior draws (mean-curve optimum plus safeguard)
        List<List<ChannelCurve>> draws = new ArrayList<>();
        for (int b = 0; b < 40; b++) {
            List<ChannelCurve> d = new ArrayList<>();
            for (ChannelCurve c : curves) {
                SaturationParams s = c.saturation();
                d.add(new ChannelCurve(c.channel(), c.decay(), SaturationParams.hill(s.halfSaturation() * Math.exp(0.3 * r.nextGaussian()),
                        Math.min(1, s.shape() * Math.exp(0.1 * r.nextGaussian()))), c.coefficient() * Math.exp(0.2 * r.nextGaussian()), c.meanWeeklySpend()));
            }
            draws.add(d);
        }
        FittedModel model = new FittedModel("bench", "", "", "kpi", 156, new FitStats(0, 0, 0, 0), 0, 0.9, List.of(), curves, draws,
                Map.of(), List.of(), new Lineage("bench", List.of(), "bench", "1", 0, 40, List.of()));
        timed("optimise 20 channels on a model with 40 draws", () -> opt.optimise(model, req));
        OptimisationRequest target = new OptimisationRequest(null, OptimisationMode.TARGET_MROI, Map.of(), 1.0);
        timed("optimise 20 channels, TARGET_MROI 1.0 on the expected response of 40 draws",
                () -> opt.optimise(model, target));

        // recovery over seeds
        System.out.println(SimulationAccess.oracle(new long[] {1, 2, 3, 4, 5, 6}));
        System.out.println(SimulationAccess.oracle(new long[] {7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}));
        System.out.println("recovery, tuning seeds 1-6:");
        SimulationAccess.recovery(new long[] {1, 2, 3, 4, 5, 6}).forEach(System.out::println);
        System.out.println("recovery, seeds 7-12 and 13-18 (not tuned on):");
        SimulationAccess.recovery(new long[] {7, 8, 9, 10, 11, 12}).forEach(System.out::println);
        SimulationAccess.recovery(new long[] {13, 14, 15, 16, 17, 18}).forEach(System.out::println);
    }

    /** Median, p95 and maximum of 200 timed runs after 200 warm-up runs. */
    private static void timed(String what, Runnable run) {
        int reps = 200;
        for (int i = 0; i < reps; i++) run.run();
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            run.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%s: median %.2f ms, p95 %.2f ms, max %.2f ms (after 200 warm-up runs)%n", what, ms[reps / 2],
                ms[(int) (reps * 0.95)], ms[reps - 1]);
    }

    private static double[] round(double[] v) {
        return Arrays.stream(v).map(x -> Math.round(x * 100) / 100.0).toArray();
    }
}
