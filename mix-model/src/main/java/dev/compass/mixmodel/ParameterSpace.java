package dev.compass.mixmodel;

/**
 * Unconstrained-ish parameterisation of the non-linear parameters per channel, with box bounds and weakly
 * informative priors. Per channel: logit(decay), log(half-saturation / mean spend) and a logit shape for HILL
 * ({@code shape = 0.4 + 0.6 sigmoid(u)}); logit(decay) and log(lambda * mean spend) for LOGISTIC.
 */
final class ParameterSpace {

    static final double DECAY_PRIOR_MEAN = -0.6;  // decay ~ 0.35
    static final double DECAY_PRIOR_SD = 1.5;
    static final double DECAY_SPREAD_SD = 1.0;   // hierarchical: channel logit(decay) around the shared mean
    static final double SCALE_PRIOR_SD = 1.5;
    static final double SHAPE_PRIOR_SD = 2.0;

    final boolean hill;
    final int perChannel;
    final int channels;

    ParameterSpace(String saturation, int channels) {
        this.hill = SaturationParams.HILL.equals(saturation);
        this.perChannel = hill ? 3 : 2;
        this.channels = channels;
    }

    int dimension() {
        return perChannel * channels;
    }

    double decay(double[] p, int c) {
        return sigmoid(p[c * perChannel]);
    }

    /** Saturation in normalised spend units (spend / mean spend). */
    SaturationParams saturation(double[] p, int c) {
        double s = Math.exp(p[c * perChannel + 1]);
        if (hill) return SaturationParams.hill(s, 0.4 + 0.6 * sigmoid(p[c * perChannel + 2]));
        return SaturationParams.logistic(s);
    }

    double[] lower() {
        double[] l = new double[dimension()];
        for (int c = 0; c < channels; c++) {
            l[c * perChannel] = -6;
            l[c * perChannel + 1] = -3;
            if (hill) l[c * perChannel + 2] = -4;
        }
        return l;
    }

    double[] upper() {
        double[] u = new double[dimension()];
        for (int c = 0; c < channels; c++) {
            u[c * perChannel] = 3;
            u[c * perChannel + 1] = 3;
            if (hill) u[c * perChannel + 2] = 4;
        }
        return u;
    }

    double[] priorMean() {
        double[] m = new double[dimension()];
        for (int c = 0; c < channels; c++) {
            m[c * perChannel] = DECAY_PRIOR_MEAN;
            m[c * perChannel + 1] = 0;
            if (hill) m[c * perChannel + 2] = 1.5; // shape ~ 0.9
        }
        return m;
    }

    /**
     * -2 log prior (up to a constant). Decay is hierarchical: the channels' logit(decay) share a mean (weak prior
     * around {@link #DECAY_PRIOR_MEAN}) and are shrunk toward it; half-saturation is centred on the channel's mean
     * spend; the Hill shape has a weak prior.
     */
    double penalty(double[] p) {
        double s = 0;
        double shared = 0;
        for (int c = 0; c < channels; c++) shared += p[c * perChannel];
        shared /= channels;
        s += channels > 1 ? sq((shared - DECAY_PRIOR_MEAN) / DECAY_PRIOR_SD) : 0;
        for (int c = 0; c < channels; c++) {
            s += channels > 1 ? sq((p[c * perChannel] - shared) / DECAY_SPREAD_SD)
                    : sq((p[c * perChannel] - DECAY_PRIOR_MEAN) / DECAY_PRIOR_SD);
            s += sq(p[c * perChannel + 1] / SCALE_PRIOR_SD);
            if (hill) s += sq((p[c * perChannel + 2] - 1.5) / SHAPE_PRIOR_SD);
        }
        return s;
    }

    static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private static double sq(double v) {
        return v * v;
    }
}
