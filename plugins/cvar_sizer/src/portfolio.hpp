// cvar_sizer: the portfolio's loss scenarios and their CVaR, for a set of exposures.
#ifndef TRADEHOST_PLUGINS_CVAR_SIZER_PORTFOLIO_HPP
#define TRADEHOST_PLUGINS_CVAR_SIZER_PORTFOLIO_HPP

#include <cstdint>
#include <deque>
#include <optional>
#include <utility>
#include <vector>

namespace tradehost::cvar_sizer {

enum class Method { Historical, Parametric };

/// One instrument's signed notional and its returns by bucket (oldest first).
struct Exposure {
    double notional = 0;
    const std::deque<std::pair<int64_t, double>>* returns = nullptr;
};

/// Portfolio loss in each bucket where every exposure has a return: -sum(notional * return).
/// Only the last `window` common buckets are used.
std::vector<double> loss_scenarios(const std::vector<Exposure>& xs, size_t window);

/// CVaR of the portfolio per interval, in currency: historical (the scenarios' own tail) or
/// parametric (a normal with the scenarios' mean and sample standard deviation, which equals
/// sqrt(w' S w) with S the sample covariance of the returns). nullopt when fewer than
/// `min_scenarios` common buckets exist.
std::optional<double> portfolio_cvar(const std::vector<Exposure>& xs, double alpha, Method m, size_t window,
                                     size_t min_scenarios);

}  // namespace tradehost::cvar_sizer

#endif
