package dev.compass.mixmodel;

import java.util.List;

/**
 * One simulated seed fitted with the HILL family (the simulator's): the true and the estimated adstock and saturation
 * per channel, and the fitter's objective (-2 log posterior, linear part profiled) at the true curves and at the
 * estimate, without and with the ROI prior. Args: seed weeks (e.g. {@code 12 312}); 2.5% noise, 5 channels.
 */
public final class CurveBiasProbe {
    private CurveBiasProbe() {
    }

    public static void main(String[] args) {
        long seed = Long.parseLong(args[0]);
        int weeks = Integer.parseInt(args[1]);
        MmmSimulator.Simulation sim = MmmSimulator.simulate(seed, 5, weeks, 0.025);
        FittedModel m = new MixModelFitter().fit(sim.data(), RecoveryEvaluation.options(SaturationParams.HILL).withSeed(seed));
        for (int c = 0; c < 5; c++) {
            ChannelCurve t = sim.truth().get(c);
            ChannelCurve e = m.curves().get(c);
            System.out.printf("ch%d true: decay %.2f half %.0f shape %.2f mean %.0f roi %.3f | fit: decay %.2f half %.0f"
                            + " shape %.2f roi %.3f%n", c, t.decay(), t.saturation().halfSaturation(), t.saturation().shape(),
                    t.meanWeeklySpend(), sim.trueRoi()[c], e.decay(), e.saturation().halfSaturation(),
                    e.saturation().shape(), m.channels().get(c).roi());
        }
        ModelDesign d = new ModelDesign(sim.data(), 2);
        ParameterSpace sp = new ParameterSpace(SaturationParams.HILL, 5);
        double[] truth = RecoveryEvaluation.hillTheta(sim.truth(), d);
        double[] fitted = RecoveryEvaluation.hillTheta(m.curves(), d);
        ModelObjective.RoiPrior prior = MixModelFitter.roiPrior(d, SaturationParams.HILL,
                new org.hipparchus.random.Well19937c(seed));
        for (ModelObjective.RoiPrior p : List.of(ModelObjective.RoiPrior.NONE, prior)) {
            ModelObjective obj = new ModelObjective(d, sp, d.n, d.y, new int[0], new int[0], new int[0], new double[0],
                    new double[0], p);
            System.out.printf("prior %s: objective at truth %.2f (penalty %.2f), at fit %.2f (penalty %.2f)%n",
                    p.active() ? "on" : "off", obj.value(truth), sp.penalty(truth), obj.value(fitted), sp.penalty(fitted));
        }
    }
}
