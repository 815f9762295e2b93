// Jittered exponential backoff for retries and reconnects (see net_backoff.hpp).
#include "net_backoff.hpp"

#include <algorithm>

namespace tradehost::venue::net {

Backoff::Backoff(std::chrono::milliseconds base, std::chrono::milliseconds max)
    : base_(std::max(base, std::chrono::milliseconds(0))), max_(std::max(max, base_)), rng_(std::random_device{}()) {}

std::chrono::milliseconds Backoff::ceiling(int exponent) const noexcept {
    // Doubling stops once it passes max_, which also keeps the shift from overflowing.
    auto delay = base_;
    for (int i = 0; i < exponent && delay < max_; ++i) delay *= 2;
    return std::min(delay, max_);
}

std::chrono::milliseconds Backoff::uniform(std::chrono::milliseconds lo, std::chrono::milliseconds hi) {
    if (hi <= lo) return lo;
    std::uniform_int_distribution<int64_t> dist(lo.count(), hi.count());
    return std::chrono::milliseconds(dist(rng_));
}

std::chrono::milliseconds Backoff::full_jitter(int attempt) {
    return uniform(std::chrono::milliseconds(0), ceiling(attempt));
}

std::chrono::milliseconds Backoff::stable_after() const noexcept {
    return std::max(base_ * 8, std::chrono::milliseconds(1000));
}

std::chrono::milliseconds Backoff::next_reconnect() {
    if (connected_at_) {
        if (Clock::now() - *connected_at_ >= stable_after()) failures_ = 0;
        connected_at_.reset();
    }
    const auto delay = uniform(base_, ceiling(failures_));
    if (failures_ < 62) ++failures_;
    return delay;
}

}  // namespace tradehost::venue::net
