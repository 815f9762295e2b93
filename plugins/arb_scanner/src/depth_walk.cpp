// The depth walk; see depth_walk.hpp.
#include "depth_walk.hpp"

#include <tradehost/plugin.hpp>

#include <algorithm>
#include <cmath>

namespace tradehost::arb_scanner {

namespace {
constexpr long double kScale = static_cast<long double>(TH_FIXED_SCALE);
}

double FeeModel::per_share(th_fixed px) const {
    if (rate <= 0) return 0;
    const long double p = static_cast<long double>(px) / kScale;
    return static_cast<double>(static_cast<long double>(rate) * std::pow(p * (1 - p), exponent));
}

th_fixed FeeModel::fee(th_fixed qty, th_fixed px) const {
    if (rate <= 0 || qty <= 0) return 0;
    const long double f = static_cast<long double>(qty) / kScale * per_share(px);
    const long double unit = std::pow(10.0L, decimals);
    // Up to the venue's precision; the small allowance keeps an exact value such as 0.144
    // (0.14400000000001 in binary) from rounding up a whole unit.
    const long double rounded = std::ceil(f * unit - 1e-6L) / unit;
    return static_cast<th_fixed>(std::llround(rounded * kScale));
}

Walk walk_depth(const std::vector<LegBook>& legs, const WalkLimits& lim) {
    Walk w;
    w.legs.resize(legs.size());
    if (legs.empty()) return w;
    std::vector<std::size_t> level(legs.size(), 0);
    std::vector<th_fixed> left(legs.size(), 0);  // what is left at each leg's current level
    for (std::size_t i = 0; i < legs.size(); ++i) {
        if (legs[i].asks.empty()) return w;
        left[i] = legs[i].asks[0].qty;
    }
    for (;;) {
        // The next set's edge at the current levels.
        th_fixed sum = 0;
        double fee = 0;
        for (std::size_t i = 0; i < legs.size(); ++i) {
            const th_fixed px = legs[i].asks[level[i]].px;
            sum += px;
            fee += legs[i].fee.per_share(px);
        }
        const double edge = 1.0 - static_cast<double>(sum) / static_cast<double>(TH_FIXED_SCALE) - fee;
        if (!(edge > lim.min_edge) || sum >= TH_FIXED_SCALE) break;
        th_fixed q = *std::min_element(left.begin(), left.end());
        if (lim.max_size > 0) q = std::min(q, lim.max_size - w.size);
        if (q <= 0) break;
        w.size += q;
        bool exhausted = false;
        for (std::size_t i = 0; i < legs.size(); ++i) {
            const AskLevel& a = legs[i].asks[level[i]];
            LegFill& f = w.legs[i];
            const th_fixed c = fixed_mul(q, a.px);
            f.qty += q;
            f.cost += c;
            f.fees += legs[i].fee.fee(q, a.px);
            f.worst_px = a.px;
            f.levels = level[i] + 1;
            left[i] -= q;
            if (left[i] == 0) {
                if (++level[i] >= legs[i].asks.size()) exhausted = true;
                else left[i] = legs[i].asks[level[i]].qty;
            }
        }
        if (exhausted || (lim.max_size > 0 && w.size >= lim.max_size)) break;
    }
    for (const LegFill& f : w.legs) {
        w.cost += f.cost;
        w.fees += f.fees;
    }
    w.profit = w.size - w.cost - w.fees;  // each set pays 1
    return w;
}

}  // namespace tradehost::arb_scanner
