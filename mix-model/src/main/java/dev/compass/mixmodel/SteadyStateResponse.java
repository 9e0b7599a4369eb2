package dev.compass.mixmodel;

/**
 * A channel's steady-state weekly response to a constant weekly spend: increasing and concave, so optimisers that
 * equalise marginal returns find the optimum.
 */
public interface SteadyStateResponse {

    /** Weekly contribution at a constant weekly spend, once carry-over has settled. */
    double response(double weeklySpend);

    /** Derivative of {@link #response} with respect to weekly spend: the marginal ROI. */
    double marginal(double weeklySpend);
}
