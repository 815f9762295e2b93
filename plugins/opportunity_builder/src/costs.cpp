// Cost model (costs.hpp).
#include "costs.hpp"

#include <cmath>
#include <limits>

namespace tradehost::opportunity_builder {

CostModel CostModel::of(const CostSettings& s, const Touch& t, const double* lambda) {
    CostModel m;
    if (!(t.mid > 0)) return m;
    m.c0 = s.fee_bps * 1e-4 + t.half_spread / t.mid;
    if (s.kyle && lambda) {
        // Kyle's single auction: all Q = x / mid shares trade at the moved price, so the
        // impact cost is lambda Q^2.
        m.q = *lambda / (t.mid * t.mid);
        return m;
    }
    m.k = s.daily_volume > 0 ? s.impact_coef * s.daily_vol / std::sqrt(t.mid * s.daily_volume) : 0.0;
    return m;
}

double CostModel::cost(double x) const { return x <= 0 ? 0.0 : c0 * x + k * x * std::sqrt(x) + q * x * x; }

double CostModel::best_notional(double alpha) const {
    if (!(alpha > c0)) return 0;
    if (q > 0) return (alpha - c0) / (2 * q);  // d/dx (alpha x - c0 x - q x^2) = 0
    if (!(k > 0)) return std::numeric_limits<double>::infinity();
    const double r = (alpha - c0) / (1.5 * k);
    return r * r;
}

}  // namespace tradehost::opportunity_builder
