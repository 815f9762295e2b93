#include "portfolio.hpp"

#include "cvar.hpp"

#include <cmath>
#include <map>

namespace tradehost::cvar_sizer {

std::vector<double> loss_scenarios(const std::vector<Exposure>& xs, size_t window) {
    if (xs.empty()) return {};
    // Buckets of the first series, kept where every other series has the same bucket.
    std::map<int64_t, double> pnl;
    std::map<int64_t, size_t> seen;
    for (const auto& [b, r] : *xs[0].returns) {
        pnl[b] = xs[0].notional * r;
        seen[b] = 1;
    }
    for (size_t i = 1; i < xs.size(); ++i) {
        for (const auto& [b, r] : *xs[i].returns) {
            auto it = seen.find(b);
            if (it == seen.end() || it->second != i) continue;
            ++it->second;
            pnl[b] += xs[i].notional * r;
        }
    }
    std::vector<double> losses;
    for (auto it = seen.rbegin(); it != seen.rend() && losses.size() < window; ++it)
        if (it->second == xs.size()) losses.push_back(-pnl[it->first]);
    return losses;
}

std::optional<double> portfolio_cvar(const std::vector<Exposure>& xs, double alpha, Method m, size_t window,
                                     size_t min_scenarios) {
    std::vector<double> losses = loss_scenarios(xs, window);
    if (losses.size() < min_scenarios || losses.size() < 2) return std::nullopt;
    if (m == Method::Historical) return historical_cvar(std::move(losses), alpha);
    double mean = 0;
    for (double l : losses) mean += l;
    mean /= static_cast<double>(losses.size());
    double ss = 0;
    for (double l : losses) ss += (l - mean) * (l - mean);
    const double sd = std::sqrt(ss / static_cast<double>(losses.size() - 1));
    return gaussian_cvar(mean, sd, alpha);
}

}  // namespace tradehost::cvar_sizer
