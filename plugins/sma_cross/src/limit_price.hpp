// Limit prices from a reference price and an offset in basis points.
#pragma once

#include <tradehost/plugin.h>

namespace tradehost::sma_cross {

/// Limit price for `side` around `mid`:
///   buy:  mid * (1 - bps/10000), rounded down to the tick
///   sell: mid * (1 + bps/10000), rounded up to the tick
/// A positive offset rests away from the market (passive); a negative one crosses it
/// (marketable). Rounding never makes the price more aggressive than asked.
/// Returns 0 if the result is not a positive price.
th_fixed limit_price(th_fixed mid, th_side side, double offset_bps, th_fixed tick);

}  // namespace tradehost::sma_cross
