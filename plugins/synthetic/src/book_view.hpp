// L2 books around a synthetic quote, and a second venue's view of the same market.
// The touch shows the quote; deeper levels are one tick apart and show a fixed size. The
// second view (`alt_*`) shifts every price by a few bps and shows thinner levels, so two
// paper venues fed by one feed differ in price and depth but never diverge: they share one
// price path and one seed, and one source publishes both in a fixed order.
#pragma once

#include <tradehost/plugin.hpp>

#include <cstdint>

namespace tradehost::synthetic {

/// Fill `out` with a snapshot of up to `levels` bids and `levels` asks around `q`: level 0 is
/// the quote's bid/ask and sizes, level i is i ticks further out and shows `depth_size`.
/// Bids stop before a price below one tick.
void build_book(const th_quote& q, int64_t levels, th_fixed tick, th_fixed depth_size, th_book& out);

/// Whole ticks that `bps` of the quote's mid come to, rounded to nearest (negative: lower).
int64_t skew_ticks(const th_quote& q, double bps, th_fixed tick);

/// The second venue's quote: `q`'s prices moved by `ticks` (the bid kept at one tick or more,
/// the spread kept), both sides showing `size`.
th_quote alt_quote(const th_quote& q, int64_t ticks, th_fixed tick, th_fixed size);

}  // namespace tradehost::synthetic
