package dev.compass.mixmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.hipparchus.random.Well19937c;
import org.junit.jupiter.api.Test;

class PosteriorSamplerTest {

    @Test
    void rHatIsNearOneForChainsOfOneDistributionAndLargeForChainsThatDisagree() {
        Random r = new Random(3);
        double[] a = new double[500];
        double[] b = new double[500];
        double[] shifted = new double[500];
        for (int i = 0; i < 500; i++) {
            a[i] = r.nextGaussian();
            b[i] = r.nextGaussian();
            shifted[i] = 1.5 + r.nextGaussian();
        }
        assertEquals(1.0, PosteriorSampler.rHat(List.of(a, b)), 0.02);
        assertTrue(PosteriorSampler.rHat(List.of(a, shifted)) > 1.2);
    }

    @Test
    void drawsOfTheLinearPartMatchItsConditionalSpread() {
        // with the curves fixed, the spread of a channel's drawn coefficient is the regression's standard error
        MmmSimulator.Simulation sim = MmmSimulator.simulate(5, 3, 156, 0.01);
        ModelDesign d = new ModelDesign(sim.data(), 2);
        ParameterSpace sp = new ParameterSpace(SaturationParams.HILL, 3);
        ModelObjective obj = new ModelObjective(d, sp, d.n, d.y, new int[0], new int[0], new int[0], new double[0], new double[0]);
        double[] theta = RecoveryEvaluation.hillTheta(sim.truth(), d);
        ModelObjective.Solution s = obj.solve(theta);
        double[][] inverse = new org.hipparchus.linear.CholeskyDecomposition(
                new org.hipparchus.linear.Array2DRowRealMatrix(s.gram())).getSolver().getInverse().getData();
        double sigma2 = s.sse() / d.n;
        Well19937c rng = new Well19937c(9);
        int k = 4000;
        for (int c = 0; c < 3; c++) {
            int j = d.baseline.length + c;
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < k; i++) {
                double v = PosteriorSampler.drawLinear(obj, s, rng)[j];
                sum += v;
                sq += v * v;
            }
            double mean = sum / k;
            double sd = Math.sqrt(sq / k - mean * mean);
            double expected = Math.sqrt(sigma2 * inverse[j][j]);
            assertTrue(s.beta()[j] > 4 * expected, "channel " + c + " is far from its bound, so clamping does not matter");
            assertEquals(s.beta()[j], mean, 4 * expected / Math.sqrt(k) + 1e-12, "mean of channel " + c);
            assertEquals(expected, sd, 0.05 * expected, "spread of channel " + c);
        }
    }
}
