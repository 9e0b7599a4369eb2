package dev.compass.mixmodel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns the point fit and the posterior samples into the published {@link FittedModel}. */
final class ModelAssembler {

    private ModelAssembler() {
    }

    static FittedModel assemble(WeeklyDataset data, FitOptions o, String family, ModelDesign d, double[] fitted,
                                List<ChannelCurve> curves, Posterior posterior, double[] beta,
                                double holdoutMape, int holdoutWeeks, List<String> dataWarnings) {
        int n = d.n;
        int cN = curves.size();
        double[] spend = new double[cN];
        double[] contrib = new double[cN];
        double media = 0;
        for (int c = 0; c < cN; c++) {
            double[] s = data.spend().get(curves.get(c).channel());
            spend[c] = Arrays.stream(s).sum();
            // posterior mean (averages over the curves the data cannot tell apart), else the point fit
            contrib[c] = posterior.isEmpty() ? Arrays.stream(curves.get(c).contributions(s)).sum() : posterior.mean(c);
            media += contrib[c];
        }
        double predictedTotal = 0;
        for (double v : fitted) predictedTotal += v * d.yScale;

        double lo = (1 - o.intervalLevel()) / 2;
        double hi = 1 - lo;
        List<String> warnings = new ArrayList<>(dataWarnings);
        warnings.addAll(posterior.warnings());
        List<ChannelResult> results = new ArrayList<>();
        for (int c = 0; c < cN; c++) {
            ChannelCurve cc = curves.get(c);
            double cLo = posterior.isEmpty() ? Double.NaN : posterior.quantile(c, lo);
            double cHi = posterior.isEmpty() ? Double.NaN : posterior.quantile(c, hi);
            double roi = spend[c] > 0 ? contrib[c] / spend[c] : Double.NaN;
            double roiLo = spend[c] > 0 ? cLo / spend[c] : Double.NaN;
            double roiHi = spend[c] > 0 ? cHi / spend[c] : Double.NaN;
            results.add(new ChannelResult(cc.channel(), spend[c], contrib[c], cLo, cHi,
                    media > 0 ? contrib[c] / media : 0, roi, roiLo, roiHi, mroi(cc, posterior, c),
                    cc.decay(), cc.saturation()));
            if (cc.coefficient() == 0) {
                warnings.add("channel " + cc.channel() + " shows no detectable effect in the best fit (coefficient at"
                        + " its bound 0)" + (posterior.isEmpty() ? "" : "; its ROI and marginal ROI average the"
                        + " posterior draws"));
            } else if (!posterior.isEmpty() && (cHi - cLo) > 1.5 * contrib[c]) {
                warnings.add(String.format("channel %s is weakly identified: interval %.3g..%.3g around %.3g",
                        cc.channel(), cLo, cHi, contrib[c]));
            }
        }
        double r2;
        double ssr = 0;
        double sst = 0;
        double my = Arrays.stream(d.y).average().orElse(0);
        for (int t = 0; t < n; t++) {
            ssr += (d.y[t] - fitted[t]) * (d.y[t] - fitted[t]);
            sst += (d.y[t] - my) * (d.y[t] - my);
        }
        r2 = sst > 0 ? 1 - ssr / sst : Double.NaN;
        double mape = MixModelFitter.mape(d, fitted, 0, n);
        if (holdoutWeeks > 0 && holdoutMape > 3 * mape + 0.02) {
            warnings.add(String.format("holdout MAPE %.3f is far above in-sample MAPE %.3f: the model may not generalise", holdoutMape, mape));
        }
        Lineage lineage = new Lineage(data.id(), data.qualityIssues(), MixModelFitter.METHOD + " saturation=" + family,
                MixModelFitter.VERSION, o.seed(), posterior.draws().size(), o.liftTests());
        return new FittedModel(o.modelId(), o.brand(), o.market(), data.kpiName(), n,
                new FitStats(r2, mape, holdoutMape, holdoutWeeks),
                predictedTotal != 0 ? 1 - media / predictedTotal : Double.NaN, o.intervalLevel(), results,
                List.copyOf(curves), posterior.draws().stream().map(List::copyOf).toList(),
                MixModelFitter.controlEffects(d, beta), warnings, lineage);
    }

    /**
     * Marginal ROI at today's weekly spend: of the posterior-mean response when the model has draws (as its ROI is a
     * posterior mean), else of the point curve.
     */
    private static double mroi(ChannelCurve point, Posterior posterior, int channel) {
        if (posterior.draws().isEmpty()) return point.marginal(point.meanWeeklySpend());
        return new PosteriorMeanResponse(posterior.draws().stream().map(d -> d.get(channel)).toList())
                .marginal(point.meanWeeklySpend());
    }

    static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(s.length - 1, i + 1);
        return s[i] + (pos - i) * (s[j] - s[i]);
    }
}
