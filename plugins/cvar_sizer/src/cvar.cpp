#include "cvar.hpp"

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <functional>

namespace tradehost::cvar_sizer {

double historical_cvar(std::vector<double> losses, double alpha) {
    if (losses.empty()) return 0;
    const double m = static_cast<double>(losses.size()) * (1.0 - alpha);
    const auto whole = static_cast<size_t>(std::floor(m));
    const size_t need = std::min(losses.size(), whole + 1);
    std::partial_sort(losses.begin(), losses.begin() + static_cast<std::ptrdiff_t>(need), losses.end(),
                      std::greater<double>());
    double sum = 0;
    for (size_t i = 0; i < whole && i < losses.size(); ++i) sum += losses[i];
    if (whole < losses.size()) sum += (m - static_cast<double>(whole)) * losses[whole];
    return m > 0 ? sum / m : losses[0];
}

double gaussian_cvar(double mean, double sd, double alpha) {
    const boost::math::normal_distribution<double> n01;
    const double z = boost::math::quantile(n01, alpha);
    return mean + sd * boost::math::pdf(n01, z) / (1.0 - alpha);
}

}  // namespace tradehost::cvar_sizer
