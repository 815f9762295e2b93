// The synthetic market: one geometric Brownian motion per instrument, stepped round-robin.
// Pure logic, no host calls, so it is unit-testable and its state snapshots exactly.
#pragma once

#include "rng.hpp"
#include "settings.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tradehost::synthetic {

/// What one step produces: always a quote, sometimes a trade at the same time.
struct Step {
    th_quote quote;
    th_trade trade;
    bool has_trade = false;
};

class Generator {
public:
    /// `ids[i]` is the interned id of `settings.instruments[i]`.
    Generator(const Settings& settings, const std::vector<th_instrument>& ids);

    /// Step the next instrument in round-robin order. Call only while !done().
    void next(Step& out);
    /// True once `count` quotes were produced, or when simulated time would leave the range
    /// of th_time_ns (an endless feed run very fast for a very long time).
    bool done() const { return (count_ > 0 && emitted_ >= count_) || out_of_time_; }
    /// True if done() because simulated time ran out.
    bool out_of_time() const { return out_of_time_; }
    /// Quotes produced so far.
    uint64_t emitted() const { return emitted_; }

    /// Exact text of the state (paths, random streams, position in the round).
    std::string snapshot() const;
    /// Continue from snapshot(); throws InvalidArgument if it is malformed or names other
    /// instruments.
    void restore(std::string_view blob);

private:
    struct Path {
        std::string symbol;
        th_instrument id = 0;
        uint64_t steps = 0;  ///< quotes produced for this instrument
        double log_px = 0;   ///< latent log price, not yet on the tick grid
        Xoshiro256 price_rng;  ///< drives the price path only
        Normal normal;
        Xoshiro256 micro_rng;  ///< sizes and trades, so they never shift the price path
    };

    th_fixed scaled_size(uint64_t percent) const;
    /// True if the next step of `p` would be past the largest th_time_ns.
    bool time_exhausted(const Path& p) const;

    th_fixed tick_;
    double tick_d_;
    int64_t spread_ticks_;
    th_fixed quote_size_;
    double trade_probability_;
    int64_t interval_ns_;
    th_time_ns start_time_;
    uint64_t count_;
    double drift_term_;  ///< (mu - sigma^2/2) dt
    double vol_term_;    ///< sigma sqrt(dt)
    double min_log_px_;
    double max_log_px_;
    std::vector<Path> paths_;
    size_t cursor_ = 0;
    uint64_t emitted_ = 0;
    bool out_of_time_ = false;
};

}  // namespace tradehost::synthetic
