// paper: position accounting (average price, realized/unrealized PnL) and the fee model.
// Everything is th_fixed with 128-bit products (fixed_mul/fixed_div); no floating point.
#ifndef TRADEHOST_PLUGINS_PAPER_ACCOUNTING_HPP
#define TRADEHOST_PLUGINS_PAPER_ACCOUNTING_HPP

#include <tradehost/plugin.hpp>

namespace tradehost::paper {

/// Net position of one instrument.
struct Position {
    th_fixed qty = 0;       ///< signed: long > 0
    th_fixed avg_px = 0;    ///< average entry price of the open quantity; 0 when flat
    th_fixed realized = 0;  ///< realized PnL net of fees

    /// Apply one fill. Adding to the position moves the average price; reducing realizes
    /// (px - avg) per unit closed; crossing zero closes the old side and opens the rest at
    /// `px`. `fee` (positive = cost) is taken from realized PnL.
    void apply_fill(th_side side, th_fixed fill_qty, th_fixed px, th_fixed fee) noexcept;

    /// PnL of the open quantity marked at `mark` (0 when flat or when mark is 0).
    th_fixed unrealized(th_fixed mark) const noexcept;
};

/// Fees: a rate on notional plus an amount per unit, both th_fixed.
struct FeeModel {
    th_fixed rate = 0;      ///< fraction of notional, e.g. 0.0001 for 1 bps
    th_fixed per_unit = 0;

    th_fixed fee(th_fixed qty, th_fixed px) const noexcept {
        return fixed_mul(fixed_mul(qty, px), rate) + fixed_mul(qty, per_unit);
    }
};

/// Mid of a two-sided quote; the one side present if only one is; 0 if none.
inline th_fixed mid_price(th_fixed bid, th_fixed ask) noexcept {
    if (bid > 0 && ask > 0) return bid + (ask - bid) / 2;
    if (bid > 0) return bid;
    return ask > 0 ? ask : 0;
}

/// UTC day number of an event time (floor division, so negative times work too).
inline int64_t utc_day(th_time_ns ts) noexcept {
    constexpr int64_t kDay = INT64_C(86400000000000);
    return ts >= 0 ? ts / kDay : -((-ts + kDay - 1) / kDay);
}
/// Start of UTC day `day` in ns since the epoch.
inline th_time_ns utc_day_start(int64_t day) noexcept { return day * INT64_C(86400000000000); }

}  // namespace tradehost::paper

#endif
