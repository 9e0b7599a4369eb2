package dev.compass.mixmodel;

/**
 * Fitted figures of one channel over the modelled period, with posterior (credible) intervals.
 *
 * @param channel           channel name
 * @param spend             total spend over the modelled weeks
 * @param contribution      total KPI contribution over the modelled weeks: the posterior mean when
 *                          the model has draws (bagged estimate), else the point fit's
 * @param contributionLow   lower interval bound of the contribution
 * @param contributionHigh  upper interval bound of the contribution
 * @param contributionShare share of the total media contribution (channel shares sum to 1)
 * @param roi               contribution / spend
 * @param roiLow            lower interval bound of the ROI
 * @param roiHigh           upper interval bound of the ROI
 * @param mroi              marginal ROI at today's average weekly spend (steady state): of the posterior-mean
 *                          response when the model has draws, else of the point curve
 * @param adstockDecay      geometric adstock decay
 * @param saturation        saturation curve parameters
 */
public record ChannelResult(String channel, double spend, double contribution, double contributionLow,
                            double contributionHigh, double contributionShare, double roi, double roiLow,
                            double roiHigh, double mroi, double adstockDecay, SaturationParams saturation) {
}
