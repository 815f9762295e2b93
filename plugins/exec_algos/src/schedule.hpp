// exec_algos: the closed-form schedules of the scheduled algorithms, as cumulative quantities.
//
// A schedule of a parent of X units over N slices is plan[k], the quantity that should have
// been sent once slice k (0-based) has started; plan is non-decreasing and plan[N-1] == X.
// Slice k starts at start + k * T / N. Every entry is a multiple of the lot (floor), except
// that the last one is X itself (the parent's quantity is checked to be a lot multiple).
#ifndef TRADEHOST_PLUGINS_EXEC_ALGOS_SCHEDULE_HPP
#define TRADEHOST_PLUGINS_EXEC_ALGOS_SCHEDULE_HPP

#include <tradehost/plugin.hpp>

#include <cstdint>
#include <vector>

namespace tradehost::exec_algos {

/// Largest multiple of `lot` not above `q` (q >= 0); `lot` 0 = any quantity.
inline th_fixed floor_lot(th_fixed q, th_fixed lot) noexcept { return lot > 0 ? q - q % lot : q; }

/// Price rounded to the tick: down (`up` false) or up; `tick` 0 = unchanged. Buys that
/// rest round down and sells up, so the child never pays more than the price it was given.
inline th_fixed round_tick(th_fixed px, th_fixed tick, bool up) noexcept {
    if (tick <= 0) return px;
    const th_fixed r = px % tick;
    if (r == 0) return px;
    return up ? px - r + tick : px - r;
}

/// Cumulative plan from slice weights: plan[k] = floor_lot(X * (w_0 + .. + w_k) / sum w),
/// plan[N-1] = X. All-zero weights give TWAP.
std::vector<th_fixed> plan_from_weights(th_fixed total, const std::vector<double>& weights, th_fixed lot);

/// TWAP: equal slices, X * (k + 1) / N in exact integer arithmetic on lots.
std::vector<th_fixed> twap_plan(th_fixed total, int slices, th_fixed lot);

/// Almgren–Chriss optimal trajectory (Almgren & Chriss 2000, "Optimal execution of portfolio
/// transactions", eq. (18)-(19)): holdings x_j = X sinh(κ(T − t_j)) / sinh(κT), t_j = j τ,
/// τ = T / N, where κ solves the discrete relation 2(cosh(κτ) − 1) / τ² = κ̃², with
/// κ̃² = λσ² / η̃ and η̃ = η − γτ/2. Units: τ in seconds, σ in price per √second, η in
/// price per (unit per second), γ in price per unit, λ per price unit. λ = 0 (risk-neutral)
/// is TWAP. Slice j (0-based) trades n_{j+1} = x_j − x_{j+1}.
struct AlmgrenChriss {
    double risk_aversion = 0;  ///< λ
    double volatility = 0;     ///< σ
    double temp_impact = 0;    ///< η
    double perm_impact = 0;    ///< γ
};

/// κ of the discrete problem for slice length `tau_s` seconds; 0 when λσ² is 0.
/// Throws InvalidArgument when η̃ <= 0 (the problem has no optimum).
double ac_kappa(const AlmgrenChriss& p, double tau_s);
/// Holdings x_j / X for j = 0..N (x_0 = 1, x_N = 0) over horizon `horizon_s` seconds.
std::vector<double> ac_holdings(const AlmgrenChriss& p, double horizon_s, int slices);
/// The cumulative plan of the trajectory: plan[k] = floor_lot(X (1 − x_{k+1}/X)).
std::vector<th_fixed> ac_plan(th_fixed total, const AlmgrenChriss& p, double horizon_s, int slices, th_fixed lot);

/// POV: what participation `rate` (0..1) of `market_volume` traded since the parent started
/// allows in total: floor_lot(rate * volume), at most `total`.
th_fixed pov_allowance(th_fixed total, double rate, th_fixed market_volume, th_fixed lot);

}  // namespace tradehost::exec_algos

#endif
