// Client-side rate limiting in the venue's own terms: named buckets of weight per window
// (Binance: REQUEST_WEIGHT 6000/min and ORDERS 100/10s; Alpaca: 200 requests/min; Kraken: a
// decaying counter), plus the venue's own answers: Retry-After and limit headers.
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tradehost::venue {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;
    /// Injectable for tests: `now` and `sleep_until`. Default: the steady clock and a real sleep.
    struct Time {
        std::function<Clock::time_point()> now;
        std::function<void(Clock::time_point)> sleep_until;
    };

    RateLimiter();
    explicit RateLimiter(Time time);
    ~RateLimiter();
    RateLimiter(const RateLimiter&) = delete;
    RateLimiter& operator=(const RateLimiter&) = delete;

    /// A fixed window bucket: at most `limit` weight per `window` (windows aligned to the
    /// first use). Re-adding a name replaces its limits.
    void add_window(std::string name, uint32_t limit, std::chrono::nanoseconds window);
    /// A leaky bucket (Kraken's counter): capacity `limit`, draining `per_second` units/s.
    void add_leaky(std::string name, double limit, double per_second);

    /// Blocks until every named bucket has room for its weight, then takes it. Returns how
    /// long it waited. Unknown bucket names are an error (std::invalid_argument).
    std::chrono::nanoseconds acquire(const std::vector<std::pair<std::string_view, uint32_t>>& costs);
    std::chrono::nanoseconds acquire(std::string_view bucket, uint32_t weight = 1);
    /// Like acquire but never waits: false (nothing taken) if any bucket lacks room.
    bool try_acquire(std::string_view bucket, uint32_t weight = 1);

    /// The venue said how much of a window is used (e.g. X-MBX-USED-WEIGHT-1M): trust it.
    void observe_used(std::string_view bucket, uint32_t used);
    /// The venue said stop (429/418 with Retry-After, or a venue-specific code): nothing is
    /// granted until `now + delay`.
    void back_off(std::chrono::nanoseconds delay);
    /// Parses a Retry-After value (delta-seconds or an HTTP-date) relative to now.
    static std::chrono::nanoseconds parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tradehost::venue
