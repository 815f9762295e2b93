// ReturnCorrelation (correlation.hpp).
#include "correlation.hpp"

#include <cmath>

namespace tradehost::top_k {

void ReturnCorrelation::add(uint64_t cycle, uint32_t arm, double ret) {
    if (!std::isfinite(ret)) return;
    if (arm >= arms_.size()) arms_.resize(arm + 1);
    auto& w = arms_[arm];
    if (!w.empty() && w.back().first >= cycle) return;  // one return per cycle, in order
    w.emplace_back(cycle, ret);
    if (w.size() > window_) w.pop_front();
}

bool ReturnCorrelation::corr(uint32_t a, uint32_t b, double* out) const {
    if (a >= arms_.size() || b >= arms_.size()) return false;
    const auto &x = arms_[a], &y = arms_[b];
    // both windows are in cycle order: a merge finds the cycles they share
    size_t i = 0, j = 0, n = 0;
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    while (i < x.size() && j < y.size()) {
        if (x[i].first < y[j].first) ++i;
        else if (y[j].first < x[i].first) ++j;
        else {
            const double u = x[i++].second, v = y[j++].second;
            ++n;
            sx += u;
            sy += v;
            sxx += u * u;
            syy += v * v;
            sxy += u * v;
        }
    }
    if (n < min_obs_) return false;
    const double dn = static_cast<double>(n);
    const double vx = sxx - sx * sx / dn, vy = syy - sy * sy / dn;
    if (!(vx > 0) || !(vy > 0)) return false;
    double r = (sxy - sx * sy / dn) / std::sqrt(vx * vy);
    *out = r > 1 ? 1 : (r < -1 ? -1 : r);
    return true;
}

}  // namespace tradehost::top_k
