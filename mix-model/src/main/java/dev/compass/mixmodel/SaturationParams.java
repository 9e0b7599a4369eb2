package dev.compass.mixmodel;

/**
 * Saturation curve of one channel on weekly (adstocked) spend in spend units.
 * HILL: {@code s^shape / (s^shape + halfSaturation^shape)}; LOGISTIC: {@code (1 - e^(-lambda s)) / (1 + e^(-lambda s))}.
 * Both rise from 0 to 1 and are concave (shape is bounded to (0, 1]).
 *
 * @param type           "HILL" or "LOGISTIC"
 * @param halfSaturation spend at which a HILL curve reaches half of its maximum (unused for LOGISTIC)
 * @param shape          HILL exponent (unused for LOGISTIC)
 * @param lambda         LOGISTIC steepness per spend unit (unused for HILL)
 */
public record SaturationParams(String type, double halfSaturation, double shape, double lambda) {

    public static final String HILL = "HILL";
    public static final String LOGISTIC = "LOGISTIC";
    /** Fit option only: try both families and keep the better one. */
    public static final String AUTO = "AUTO";

    /** Hill curve. */
    public static SaturationParams hill(double halfSaturation, double shape) {
        return new SaturationParams(HILL, halfSaturation, shape, Double.NaN);
    }

    /** Logistic curve. */
    public static SaturationParams logistic(double lambda) {
        return new SaturationParams(LOGISTIC, Double.NaN, Double.NaN, lambda);
    }

    /** Saturation level in [0, 1) at spend {@code s >= 0}. */
    public double apply(double s) {
        if (s <= 0) return 0;
        if (LOGISTIC.equals(type)) {
            double e = Math.exp(-lambda * s);
            return (1 - e) / (1 + e);
        }
        double r = Math.pow(halfSaturation / s, shape);
        return 1 / (1 + r);
    }

    /** Derivative of {@link #apply} with respect to spend. */
    public double derivative(double s) {
        if (LOGISTIC.equals(type)) {
            double e = Math.exp(-lambda * Math.max(s, 0));
            return 2 * lambda * e / ((1 + e) * (1 + e));
        }
        if (s <= 0) return shape < 1 ? Double.POSITIVE_INFINITY : (shape == 1 ? 1 / halfSaturation : 0);
        double r = Math.pow(halfSaturation / s, shape);
        return shape * r / (s * (1 + r) * (1 + r));
    }
}
