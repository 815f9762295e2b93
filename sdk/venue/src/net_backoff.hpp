// Private: reconnect and retry delays with jitter, so that many clients that lost the same
// venue at the same moment do not all come back at the same moment.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

namespace tradehost::venue::net {

class Backoff {
public:
    Backoff(std::chrono::milliseconds base, std::chrono::milliseconds max);

    /// "Full jitter" (uniform in [0, min(max, base * 2^attempt)]): the retry delay for the
    /// `attempt`-th retry of one request, 0-based.
    std::chrono::milliseconds full_jitter(int attempt);

    /// The next reconnect delay: uniform in [base, min(max, base * 2^failures)], so a
    /// reconnect never comes sooner than `base`; `failures` grows with each call and starts
    /// over only after a connection that stayed up for stable_after() (see connected()).
    std::chrono::milliseconds next_reconnect();
    /// A connection was established now. Its end resets the growth only if it lasted
    /// stable_after(): a venue that accepts and drops at once (OANDA's stream answering 200
    /// and closing) is backed off with growth, not retried every `base` in a tight loop.
    void connected() noexcept { connected_at_ = Clock::now(); }
    void reset() noexcept { failures_ = 0; connected_at_.reset(); }
    /// How long a connection must last to count as working: max(8 * base, 1 s).
    std::chrono::milliseconds stable_after() const noexcept;

private:
    std::chrono::milliseconds ceiling(int exponent) const noexcept;
    std::chrono::milliseconds uniform(std::chrono::milliseconds lo, std::chrono::milliseconds hi);

    using Clock = std::chrono::steady_clock;
    std::optional<Clock::time_point> connected_at_;
    std::chrono::milliseconds base_;
    std::chrono::milliseconds max_;
    int failures_ = 0;
    std::mt19937_64 rng_;
};

}  // namespace tradehost::venue::net
