// Constraints (constraints.hpp).
#include "constraints.hpp"

#include <algorithm>
#include <cmath>

namespace tradehost::opportunity_builder {

unsigned apply_limits(std::vector<Position>& p, const Limits& l) {
    unsigned bound = 0;
    if (l.max_name > 0)
        for (Position& x : p)
            if (std::fabs(x.target) > l.max_name) {
                x.target = std::copysign(l.max_name, x.target);
                bound |= 1;
            }
    if (l.max_sector > 0) {
        int32_t groups = 0;
        for (const Position& x : p) groups = std::max(groups, x.sector + 1);
        std::vector<double> gross(static_cast<size_t>(groups), 0.0);
        for (const Position& x : p)
            if (x.sector >= 0) gross[static_cast<size_t>(x.sector)] += std::fabs(x.target);
        for (Position& x : p)
            if (x.sector >= 0 && gross[static_cast<size_t>(x.sector)] > l.max_sector) {
                x.target *= l.max_sector / gross[static_cast<size_t>(x.sector)];
                bound |= 2;
            }
    }
    if (l.max_gross > 0) {
        double gross = 0;
        for (const Position& x : p) gross += std::fabs(x.target);
        if (gross > l.max_gross) {
            for (Position& x : p) x.target *= l.max_gross / gross;
            bound |= 4;
        }
    }
    if (l.max_net > 0) {
        double longs = 0, shorts = 0;
        for (const Position& x : p) (x.target > 0 ? longs : shorts) += std::fabs(x.target);
        const double net = longs - shorts;
        if (std::fabs(net) > l.max_net) {
            // scale the heavier side so that |longs - shorts| = max_net
            const bool long_heavy = net > 0;
            const double f = long_heavy ? (l.max_net + shorts) / longs : (l.max_net + longs) / shorts;
            for (Position& x : p)
                if ((x.target > 0) == long_heavy && x.target != 0) x.target *= f;
            bound |= 8;
        }
    }
    if (l.max_turnover > 0) {
        double turnover = 0;
        for (const Position& x : p) turnover += std::fabs(x.target - x.current);
        if (turnover > l.max_turnover) {
            const double f = l.max_turnover / turnover;
            for (Position& x : p) x.target = x.current + f * (x.target - x.current);
            bound |= 16;
        }
    }
    return bound;
}

}  // namespace tradehost::opportunity_builder
