// The quote arithmetic, free of host calls: fair value from a book's touch, the skew of the
// position, tick rounding that never improves a quote, the minimum spread, no crossing of
// the book, and the instrument's price bounds. Exact in fixed point (128-bit intermediates).
#pragma once

#include <tradehost/plugin.h>

#include <optional>

namespace tradehost::market_maker {

/// The best level of each side of a book (qty > 0 where present).
struct Touch {
    th_fixed bid_px = 0, bid_qty = 0;  ///< 0: no bid
    th_fixed ask_px = 0, ask_qty = 0;  ///< 0: no ask
    bool two_sided() const { return bid_px > 0 && ask_px > 0 && bid_qty > 0 && ask_qty > 0; }
};

/// (bid + ask) / 2, rounded toward zero; nullopt unless two-sided.
std::optional<th_fixed> mid_price(const Touch& t);
/// The size-weighted microprice (bid * ask_qty + ask * bid_qty) / (bid_qty + ask_qty): it
/// leans toward the side with less size, the side more likely to trade away next.
std::optional<th_fixed> micro_price(const Touch& t);

struct QuoteParams {
    th_fixed half_spread = 0;
    th_fixed min_spread = 0;
    th_fixed skew_per_unit = 0;
    th_fixed tick = 0;       ///< > 0
    th_fixed min_price = 0;  ///< 0: no bound
    th_fixed max_price = 0;  ///< 0: no bound
};

/// The two prices wanted; 0 where that side is not quoted (outside the price bounds).
struct Quotes {
    th_fixed bid = 0;
    th_fixed ask = 0;
};

/// price rounded down / up to a multiple of `tick` (> 0).
th_fixed floor_tick(th_fixed px, th_fixed tick);
th_fixed ceil_tick(th_fixed px, th_fixed tick);

/// Quotes around `fair` for a signed `position`:
///   center = fair - position * skew_per_unit   (long: both quotes lower, so it sells sooner)
///   bid = floor_tick(center - half_spread), ask = ceil_tick(center + half_spread)
/// then widened (ask up first, then bid down, a tick at a time) until ask - bid >= min_spread;
/// a bid at or above the book's ask drops to one tick below it, an ask at or below the book's
/// bid rises to one tick above it (the quotes rest, never take); a side outside
/// [min_price, max_price] (or not positive) is not quoted.
Quotes make_quotes(th_fixed fair, th_fixed position, const QuoteParams& p, const Touch& book);

}  // namespace tradehost::market_maker
