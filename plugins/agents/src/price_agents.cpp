// Momentum and mean reversion (price_agents.hpp). Windows are short (tens to hundreds of
// updates), so sums are recomputed per update: exact, no drift, and cheap next to the event path.
#include "price_agents.hpp"

#include <cmath>

namespace tradehost::agents {

double normal_confidence(double z) { return std::erf(std::fabs(z) / std::sqrt(2.0)); }

std::optional<agent::View> Momentum::update(double price) {
    if (!(price > 0)) return std::nullopt;
    logs_.push_back(std::log(price));
    const size_t keep = static_cast<size_t>(std::max(lookback_, vol_window_)) + 1;
    while (logs_.size() > keep) logs_.pop_front();
    if (logs_.size() < keep) return std::nullopt;
    // one-update returns of the last vol_window updates
    double sum = 0, sq = 0;
    const size_t n = logs_.size();
    for (size_t i = n - static_cast<size_t>(vol_window_); i < n; ++i) {
        const double r = logs_[i] - logs_[i - 1];
        sum += r;
        sq += r * r;
    }
    const double m = sum / vol_window_;
    const double var = (sq - vol_window_ * m * m) / (vol_window_ - 1);
    if (!(var > 0)) return std::nullopt;  // a flat window says nothing
    const double ret = logs_.back() - logs_[n - 1 - static_cast<size_t>(lookback_)];
    const double z = ret / (std::sqrt(var) * std::sqrt(static_cast<double>(lookback_)));
    return agent::View{z, normal_confidence(z), 0};
}

std::optional<agent::View> MeanReversion::update(double price) {
    if (!(price > 0)) return std::nullopt;
    prices_.push_back(price);
    while (prices_.size() > static_cast<size_t>(window_)) prices_.pop_front();
    if (prices_.size() < static_cast<size_t>(window_)) return std::nullopt;
    double sum = 0;
    for (double p : prices_) sum += p;
    const double mean = sum / window_;
    double sq = 0;
    for (double p : prices_) sq += (p - mean) * (p - mean);
    const double sd = std::sqrt(sq / (window_ - 1));
    if (!(sd > 0)) return std::nullopt;
    const double z = (price - mean) / sd;
    if (std::fabs(z) < entry_z_) return std::nullopt;
    return agent::View{-z, normal_confidence(z), 0};
}

}  // namespace tradehost::agents
