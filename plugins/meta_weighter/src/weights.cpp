// Performance and weights (weights.hpp).
#include "weights.hpp"

#include <algorithm>
#include <cmath>

namespace tradehost::meta_weighter {

void Performance::add(double reward, size_t window) {
    rewards_.push_back(reward);
    sum_ += reward;
    while (rewards_.size() > window) {
        sum_ -= rewards_.front();
        rewards_.pop_front();
    }
    if (rewards_.size() % 1024 == 0) {  // resum now and then: no drift over long sessions
        sum_ = 0;
        for (double x : rewards_) sum_ += x;
    }
}

double Performance::skill(const WeightRules& r) const {
    return (r.prior * r.prior_n + sum_) / (r.prior_n + static_cast<double>(rewards_.size()));
}

std::vector<double> blend_weights(const std::vector<double>& skills, const WeightRules& r) {
    const size_t n = skills.size();
    std::vector<double> w(n, n ? 1.0 / static_cast<double>(n) : 0.0);
    if (n == 0) return w;
    const double nd = static_cast<double>(n);
    if (nd * r.floor > 1 + 1e-12 || nd * r.cap < 1 - 1e-12) return w;
    double total = 0;
    for (size_t i = 0; i < n; ++i) total += std::max(skills[i], 0.0);
    if (!(total > 0)) return w;
    for (size_t i = 0; i < n; ++i) w[i] = std::max(skills[i], 0.0) / total;
    // water-filling: pin the weights outside [floor, cap], share what is left by the others
    std::vector<int> pinned(n, 0);
    for (size_t round = 0; round < n + 1; ++round) {
        double pinned_sum = 0, free_raw = 0;
        for (size_t i = 0; i < n; ++i) {
            if (pinned[i]) pinned_sum += w[i];
            else free_raw += std::max(skills[i], 0.0);
        }
        bool changed = false;
        for (size_t i = 0; i < n; ++i) {
            if (pinned[i]) continue;
            const double share = free_raw > 0 ? (1 - pinned_sum) * std::max(skills[i], 0.0) / free_raw : 0.0;
            w[i] = share;
        }
        for (size_t i = 0; i < n; ++i) {
            if (pinned[i]) continue;
            if (w[i] < r.floor) { w[i] = r.floor; pinned[i] = 1; changed = true; }
            else if (w[i] > r.cap) { w[i] = r.cap; pinned[i] = 1; changed = true; }
        }
        if (!changed) break;
    }
    double sum = 0;
    for (double x : w) sum += x;
    if (sum > 0) for (double& x : w) x /= sum;
    return w;
}

}  // namespace tradehost::meta_weighter
