package dev.compass.mixmodel;

import java.nio.file.Path;
import java.util.List;
import org.hipparchus.random.Well19937c;

/**
 * The saturation families' Laplace evidence ({@link LaplaceEvidence}) next to the AIC-like score that version 1.1 chose
 * by, on simulated seeds {@code from..to} (Hill curves) and on the PyMC-Marketing example (logistic curves).
 * Args: from to.
 */
public final class EvidenceProbe {
    public static void main(String[] a) throws Exception {
        for (long seed = Long.parseLong(a[0]); seed <= Long.parseLong(a[1]); seed++) {
            report("seed " + seed, MmmSimulator.simulate(seed, 5, 156, 0.025).data(), seed);
        }
        Path dir = Datasets.pymcExample();
        WeeklyDataset d = CsvDatasetReader.read(dir.resolve("mmm_example.csv"),
                new CsvSpec("pymc", "date_week", "y", List.of("event_1", "event_2"), List.of("dayofyear", "t")));
        report("pymc", d, 42);
    }

    static void report(String name, WeeklyDataset data, long seed) {
        ModelDesign design = new ModelDesign(data, 2);
        Well19937c rng = new Well19937c(seed);
        ModelObjective.RoiPrior prior = MixModelFitter.roiPrior(design, SaturationParams.LOGISTIC, rng);
        StringBuilder sb = new StringBuilder(name + ":");
        double[] z = new double[2];
        double[] aic = new double[2];
        int k = 0;
        for (String fam : List.of(SaturationParams.LOGISTIC, SaturationParams.HILL)) {
            ParameterSpace sp = new ParameterSpace(fam, design.channels);
            int d = sp.dimension();
            ModelObjective prof = new ModelObjective(design, sp, design.n, design.y, new int[0], new int[0], new int[0], new double[0], new double[0], prior);
            double[] th = GlobalSearch.minimise(prof::value, sp.priorMean(), sp.lower(), sp.upper(), 2, 150 * d + 1000, 0.3, rng);
            aic[k] = prof.value(th) - sp.penalty(th) + 2 * d;
            z[k] = LaplaceEvidence.minusTwoLogEvidence(new ModelObjective(design, sp, design.n, design.y, new int[0],
                    new int[0], new int[0], new double[0], new double[0], prior, true), th);
            sb.append(String.format(" %s -2logZ %.1f;", fam, z[k]));
            k++;
        }
        sb.append(String.format(" dZ(H-L) %.1f dAIC(H-L) %.1f -> %s", z[1] - z[0], aic[1] - aic[0], z[1] < z[0] ? "HILL" : "LOGISTIC"));
        System.out.println(sb);
    }
}
