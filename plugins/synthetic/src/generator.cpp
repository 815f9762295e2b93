// Geometric Brownian motion paths rounded onto the tick grid; see generator.hpp.
#include "generator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace tradehost::synthetic {

namespace {
// Simulated time is calendar time: a year is 365.25 days.
constexpr double kNsPerYear = 365.25 * 86400.0 * 1e9;
// Prices are kept below this so th_fixed arithmetic cannot overflow.
constexpr double kMaxPrice = 1e9;
}  // namespace

Generator::Generator(const Settings& s, const std::vector<th_instrument>& ids)
    : tick_(s.tick_size),
      tick_d_(to_double(s.tick_size)),
      spread_ticks_(s.spread_ticks),
      quote_size_(s.quote_size),
      trade_probability_(s.trade_probability),
      interval_ns_(s.interval_ns),
      start_time_(s.start_time),
      count_(static_cast<uint64_t>(s.count)) {
    const double dt = static_cast<double>(s.interval_ns) / kNsPerYear;
    drift_term_ = (s.drift - 0.5 * s.volatility * s.volatility) * dt;
    vol_term_ = s.volatility * std::sqrt(dt);
    min_log_px_ = std::log(tick_d_);
    max_log_px_ = std::log(kMaxPrice);
    paths_.resize(s.instruments.size());
    for (size_t i = 0; i < paths_.size(); ++i) {
        Path& p = paths_[i];
        p.symbol = s.instruments[i];
        p.id = i < ids.size() ? ids[i] : 0;
        p.log_px = std::log(to_double(s.start_price));
        // Each instrument has its own streams, seeded from (seed, symbol): a symbol's path
        // does not depend on which other symbols are configured.
        SplitMix64 base(static_cast<uint64_t>(s.seed) ^ fnv1a64(p.symbol));
        p.price_rng = Xoshiro256(base.next());
        p.micro_rng = Xoshiro256(base.next());
    }
    out_of_time_ = !paths_.empty() && time_exhausted(paths_[0]);
}

bool Generator::time_exhausted(const Path& p) const {
    const int64_t room = INT64_MAX - start_time_ - interval_ns_;
    return room < 0 || p.steps > static_cast<uint64_t>(room / interval_ns_);
}

th_fixed Generator::scaled_size(uint64_t percent) const {
    __extension__ typedef __int128 i128;
    th_fixed q = static_cast<th_fixed>(static_cast<i128>(quote_size_) * static_cast<i128>(percent) / 100);
    return q > 0 ? q : 1;
}

void Generator::next(Step& out) {
    const size_t n = paths_.size();
    const size_t idx = cursor_;
    Path& p = paths_[idx];
    cursor_ = (cursor_ + 1) % n;

    // Step 0 prints start_price; every later step moves the path by one interval.
    if (p.steps > 0) {
        const double z = p.normal.next(p.price_rng);
        p.log_px = std::clamp(p.log_px + drift_term_ + vol_term_ * z, min_log_px_, max_log_px_);
    }
    // Instruments of one round are spread evenly over the interval, so timestamps rise.
    const th_time_ns ts = start_time_ + static_cast<int64_t>(p.steps) * interval_ns_ +
                          static_cast<int64_t>(idx) * (interval_ns_ / static_cast<int64_t>(n));
    ++p.steps;

    const int64_t mid_ticks = std::llround(std::exp(p.log_px) / tick_d_);
    int64_t bid_ticks = mid_ticks - spread_ticks_ / 2;
    if (bid_ticks < 1) bid_ticks = 1;
    const int64_t ask_ticks = bid_ticks + spread_ticks_;

    th_quote& q = out.quote;
    q = make_event<th_quote>(ts);
    q.instrument = p.id;
    q.bid_px = bid_ticks * tick_;
    q.ask_px = ask_ticks * tick_;
    q.bid_qty = scaled_size(100 + p.micro_rng.below(101));  // 1x .. 2x quote_size
    q.ask_qty = scaled_size(100 + p.micro_rng.below(101));
    ++emitted_;

    out.has_trade = p.micro_rng.uniform() < trade_probability_;
    if (out.has_trade) {
        th_trade& t = out.trade;
        t = make_event<th_trade>(ts);
        t.instrument = p.id;
        const bool buy = (p.micro_rng.next() >> 63) != 0;
        t.aggressor = buy ? TH_SIDE_BUY : TH_SIDE_SELL;
        t.px = buy ? q.ask_px : q.bid_px;            // a taker lifts the ask or hits the bid
        t.qty = scaled_size(1 + p.micro_rng.below(100));  // 1% .. 100% of quote_size
    }
    out_of_time_ = time_exhausted(paths_[cursor_]);
}

}  // namespace tradehost::synthetic
