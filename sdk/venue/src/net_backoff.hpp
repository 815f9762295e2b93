// Private: reconnect and retry delays with jitter, so that many clients that lost the same
// venue at the same moment do not all come back at the same moment.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace tradehost::venue::net {

class Backoff {
public:
    Backoff(std::chrono::milliseconds base, std::chrono::milliseconds max);

    /// "Full jitter" (uniform in [0, min(max, base * 2^attempt)]): the retry delay for the
    /// `attempt`-th retry of one request, 0-based.
    std::chrono::milliseconds full_jitter(int attempt);

    /// The next reconnect delay: uniform in [base, min(max, base * 2^failures)], so a
    /// reconnect never comes sooner than `base`; `failures` grows with each call and
    /// reset() starts over (after a connection that worked).
    std::chrono::milliseconds next_reconnect();
    void reset() noexcept { failures_ = 0; }

private:
    std::chrono::milliseconds ceiling(int exponent) const noexcept;
    std::chrono::milliseconds uniform(std::chrono::milliseconds lo, std::chrono::milliseconds hi);

    std::chrono::milliseconds base_;
    std::chrono::milliseconds max_;
    int failures_ = 0;
    std::mt19937_64 rng_;
};

}  // namespace tradehost::venue::net
