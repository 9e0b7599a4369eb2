package dev.compass.mixmodel;

import java.nio.file.Path;
import java.util.List;
import org.hipparchus.random.Well19937c;

/** Experiment: Laplace evidence of the saturation families on the marginal posterior. */
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
            ModelObjective marg = new ModelObjective(design, sp, design.n, design.y, new int[0], new int[0], new int[0], new double[0], new double[0], prior, true);
            double[] tm = GlobalSearch.local(marg::value, th, sp.lower(), sp.upper(), 40 * d + 200, 0.3);
            double f0 = marg.value(tm);
            double h = 0.02;
            double[][] hess = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    double[] pp = tm.clone(), pm = tm.clone(), mp = tm.clone(), mm = tm.clone();
                    pp[i] += h; pp[j] += h; pm[i] += h; pm[j] -= h; mp[i] -= h; mp[j] += h; mm[i] -= h; mm[j] -= h;
                    double v = (marg.value(pp) - marg.value(pm) - marg.value(mp) + marg.value(mm)) / (4 * h * h);
                    hess[i][j] = v / 2;
                    hess[j][i] = v / 2;
                }
            }
            double ld = ModelObjective.logDet(hess);
            double constant = sp.hill ? design.channels * (2 * Math.log(ParameterSpace.SHAPE_PRIOR_SD) + Math.log(2 * Math.PI)) : 0;
            z[k] = f0 - d * Math.log(2 * Math.PI) + ld + constant;
            sb.append(String.format(" %s marg %.1f logdet %.1f -2logZ %.1f;", fam, f0, ld, z[k]));
            k++;
        }
        sb.append(String.format(" dZ(H-L) %.1f dAIC(H-L) %.1f -> %s", z[1] - z[0], aic[1] - aic[0], z[1] < z[0] ? "HILL" : "LOGISTIC"));
        System.out.println(sb);
    }
}
