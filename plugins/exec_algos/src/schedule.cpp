#include "schedule.hpp"

#include <cmath>
#include <string>

namespace tradehost::exec_algos {

std::vector<th_fixed> plan_from_weights(th_fixed total, const std::vector<double>& weights, th_fixed lot) {
    double sum = 0;
    for (double w : weights) sum += w > 0 ? w : 0;
    if (!(sum > 0)) return twap_plan(total, static_cast<int>(weights.size()), lot);
    std::vector<th_fixed> plan(weights.size(), 0);
    double acc = 0;
    for (size_t k = 0; k < weights.size(); ++k) {
        acc += weights[k] > 0 ? weights[k] : 0;
        // The share in long double, so a 1e8-scaled quantity keeps its units exact.
        const long double q = static_cast<long double>(total) * acc / sum;
        th_fixed v = floor_lot(static_cast<th_fixed>(q + 1e-6L), lot);
        if (v > total) v = total;
        if (k > 0 && v < plan[k - 1]) v = plan[k - 1];
        plan[k] = v;
    }
    if (!plan.empty()) plan.back() = total;
    return plan;
}

std::vector<th_fixed> twap_plan(th_fixed total, int slices, th_fixed lot) {
    if (slices < 1) slices = 1;
    std::vector<th_fixed> plan(static_cast<size_t>(slices), 0);
    const th_fixed unit = lot > 0 ? lot : 1;
    const th_fixed units = total / unit;  // total is a multiple of the lot
    __extension__ typedef __int128 i128;
    for (int k = 0; k < slices; ++k)
        plan[static_cast<size_t>(k)] = static_cast<th_fixed>(static_cast<i128>(units) * (k + 1) / slices) * unit;
    plan.back() = total;
    return plan;
}

double ac_kappa(const AlmgrenChriss& p, double tau_s) {
    const double eta_tilde = p.temp_impact - p.perm_impact * tau_s / 2;
    if (!(eta_tilde > 0))
        throw InvalidArgument("almgren-chriss: temporary impact eta - gamma*tau/2 = " + std::to_string(eta_tilde) +
                              " must be > 0 (raise is_temp_impact or shorten the slices)");
    const double kt2 = p.risk_aversion * p.volatility * p.volatility / eta_tilde;
    if (!(kt2 > 0)) return 0;
    return std::acosh(1 + kt2 * tau_s * tau_s / 2) / tau_s;
}

std::vector<double> ac_holdings(const AlmgrenChriss& p, double horizon_s, int slices) {
    if (slices < 1) slices = 1;
    const double tau = horizon_s / slices;
    const double kappa = ac_kappa(p, tau);
    std::vector<double> x(static_cast<size_t>(slices) + 1, 0);
    for (int j = 0; j <= slices; ++j) {
        const double tj = j * tau;
        // κ → 0 is the linear (TWAP) trajectory; sinh ratios lose precision before that.
        x[static_cast<size_t>(j)] = kappa * horizon_s < 1e-9 ? 1 - static_cast<double>(j) / slices
                                                              : std::sinh(kappa * (horizon_s - tj)) / std::sinh(kappa * horizon_s);
    }
    x.back() = 0;
    return x;
}

std::vector<th_fixed> ac_plan(th_fixed total, const AlmgrenChriss& p, double horizon_s, int slices, th_fixed lot) {
    const std::vector<double> x = ac_holdings(p, horizon_s, slices);
    std::vector<double> weights;
    for (size_t j = 0; j + 1 < x.size(); ++j) weights.push_back(x[j] - x[j + 1]);
    return plan_from_weights(total, weights, lot);
}

th_fixed pov_allowance(th_fixed total, double rate, th_fixed market_volume, th_fixed lot) {
    if (market_volume <= 0 || !(rate > 0)) return 0;
    const long double q = static_cast<long double>(market_volume) * rate;
    th_fixed v = floor_lot(static_cast<th_fixed>(q + 1e-6L), lot);
    return v > total ? total : v;
}

}  // namespace tradehost::exec_algos
