// Limit price computation; see limit_price.hpp.
#include "limit_price.hpp"

#include <tradehost/plugin.hpp>

namespace tradehost::sma_cross {

th_fixed limit_price(th_fixed mid, th_side side, double offset_bps, th_fixed tick) {
    __extension__ typedef __int128 i128;
    if (mid <= 0 || tick <= 0) return 0;
    // offset = mid * bps / 10000, with bps as an exact th_fixed (1e-8 bps resolution).
    const i128 bps = to_fixed(offset_bps);
    const i128 offset = static_cast<i128>(mid) * bps / (static_cast<i128>(10000) * TH_FIXED_SCALE);
    const i128 raw = side == TH_SIDE_BUY ? mid - offset : mid + offset;
    if (raw <= 0) return 0;
    i128 ticks = raw / tick;
    if (side != TH_SIDE_BUY && ticks * tick != raw) ++ticks;  // sells round up
    const i128 px = ticks * tick;
    return px > 0 && px <= INT64_MAX ? static_cast<th_fixed>(px) : 0;
}

}  // namespace tradehost::sma_cross
