// cvar_sizer: conditional value at risk (expected shortfall) of a sample of losses, and of a
// Gaussian loss, at a confidence level alpha (0.975 = the worst 2.5%).
#ifndef TRADEHOST_PLUGINS_CVAR_SIZER_CVAR_HPP
#define TRADEHOST_PLUGINS_CVAR_SIZER_CVAR_HPP

#include <vector>

namespace tradehost::cvar_sizer {

/// Historical CVaR of `losses` (positive = a loss), the Acerbi–Tasche estimator: with
/// m = N (1 - alpha), the mean of the worst floor(m) losses plus the fraction m - floor(m) of the
/// next one, divided by m. It is exact for the empirical distribution, whether or not m is a
/// whole number, and it is positively homogeneous (scaling positions scales it), which the
/// sizer relies on. Takes the vector by value: it is partially sorted. 0 for an empty sample.
double historical_cvar(std::vector<double> losses, double alpha);

/// CVaR of a normal loss with mean `mean` and standard deviation `sd`:
/// mean + sd * phi(z) / (1 - alpha), z = Phi^-1(alpha).
double gaussian_cvar(double mean, double sd, double alpha);

}  // namespace tradehost::cvar_sizer

#endif
