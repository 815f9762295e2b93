// The arithmetic of an outcome-set arbitrage, free of host calls. A set's outcomes are
// mutually exclusive and exhaustive (a binary market's YES and NO; every outcome of a
// neg-risk event), so one share of each pays exactly 1 whatever happens. Buying a set at the
// best asks costs the sum of those asks plus each leg's taker fee; while that is below 1 the
// set is a locked profit. The walk takes sets level by level through every leg's asks while
// the next set is still profitable, so the size is what the books really support.
#pragma once

#include <tradehost/plugin.h>

#include <cstdint>
#include <vector>

namespace tradehost::arb_scanner {

/// A taker fee in Polymarket's published form: fee = shares * rate * (p * (1 - p))^exponent
/// in the collateral currency, rounded up here to `decimals` places (the venue floors it to 5;
/// rounding up never overstates the profit). rate 0: no fee.
struct FeeModel {
    double rate = 0;
    int exponent = 1;
    int decimals = 5;
    /// Fee of `qty` shares bought at `px` (both th_fixed), as th_fixed.
    th_fixed fee(th_fixed qty, th_fixed px) const;
    /// Fee per share at `px`, unrounded, for the marginal check.
    double per_share(th_fixed px) const;
};

struct AskLevel {
    th_fixed px = 0;
    th_fixed qty = 0;
};

struct LegBook {
    std::vector<AskLevel> asks;  ///< best (lowest) first
    FeeModel fee;
};

struct WalkLimits {
    th_fixed max_size = 0;   ///< sets at most; 0 = what the books hold
    double min_edge = 0;     ///< the next set's profit per set must be above this to take it
};

struct LegFill {
    th_fixed qty = 0;
    th_fixed cost = 0;       ///< sum of px * qty
    th_fixed fees = 0;
    th_fixed worst_px = 0;   ///< the last level taken: a limit price that buys it all
    std::size_t levels = 0;
};

struct Walk {
    th_fixed size = 0;       ///< sets bought (each leg buys this many shares)
    th_fixed cost = 0;       ///< all legs, without fees
    th_fixed fees = 0;       ///< all legs
    th_fixed profit = 0;     ///< size * 1 - cost - fees
    std::vector<LegFill> legs;
};

/// Walks the legs' asks; the result has size 0 if not even the first set is profitable or a
/// leg has no ask.
Walk walk_depth(const std::vector<LegBook>& legs, const WalkLimits& lim);

}  // namespace tradehost::arb_scanner
