// Cost model (costs.hpp).
#include "costs.hpp"

#include <cmath>
#include <limits>

namespace tradehost::opportunity_builder {

CostModel CostModel::of(const CostSettings& s, const Touch& t) {
    CostModel m;
    if (!(t.mid > 0)) return m;
    m.c0 = s.fee_bps * 1e-4 + t.half_spread / t.mid;
    m.k = s.daily_volume > 0 ? s.impact_coef * s.daily_vol / std::sqrt(t.mid * s.daily_volume) : 0.0;
    return m;
}

double CostModel::cost(double x) const { return x <= 0 ? 0.0 : c0 * x + k * x * std::sqrt(x); }

double CostModel::best_notional(double alpha) const {
    if (!(alpha > c0)) return 0;
    if (!(k > 0)) return std::numeric_limits<double>::infinity();
    const double r = (alpha - c0) / (1.5 * k);
    return r * r;
}

}  // namespace tradehost::opportunity_builder
