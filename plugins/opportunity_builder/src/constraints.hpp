// Portfolio constraints on signed target notionals: per name, per sector, gross, net, and
// turnover against the current portfolio. Each is convex, so scaling a proposal toward the
// (feasible) current portfolio keeps the others.
#pragma once

#include <cstdint>
#include <vector>

namespace tradehost::opportunity_builder {

struct Limits {
    double max_name = 0;      ///< |target| of one name; 0: none
    double max_sector = 0;    ///< sum |target| in one sector; 0: none
    double max_gross = 0;     ///< sum |target|; 0: none
    double max_net = 0;       ///< |sum target|; 0: none
    double max_turnover = 0;  ///< sum |target - current| per cycle; 0: none
};

struct Position {
    double current = 0;  ///< signed notional held (or last targeted)
    double target = 0;   ///< signed notional proposed; adjusted in place
    int32_t sector = -1; ///< -1: in no sector
};

/** Applies, in order: per-name clip, per-sector scale, gross scale, net (the heavier side
 *  scaled down), turnover (every change scaled toward the current portfolio). Returns a
 *  bitmask of the constraints that bound: 1 name, 2 sector, 4 gross, 8 net, 16 turnover. */
unsigned apply_limits(std::vector<Position>& p, const Limits& l);

}  // namespace tradehost::opportunity_builder
