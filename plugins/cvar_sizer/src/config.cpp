#include "config.hpp"

#include <string>

namespace tradehost::cvar_sizer {

namespace {
double to_double(th_fixed v) { return static_cast<double>(v) / static_cast<double>(TH_FIXED_SCALE); }
void check(bool ok, const std::string& what) {
    if (!ok) throw ConfigError(what);
}
}  // namespace

Settings Settings::load(const Config& cfg) {
    Settings s;
    s.budget = to_double(cfg.get_fixed("cvar_budget"));
    check(s.budget > 0, "cvar_budget: must be > 0");
    s.alpha = cfg.get_float("cvar_level");
    check(s.alpha >= 0.5 && s.alpha < 1, "cvar_level: must be in [0.5, 1), got " + std::to_string(s.alpha));
    const std::string m = cfg.get_string("method");
    if (m == "historical") s.method = Method::Historical;
    else if (m == "parametric") s.method = Method::Parametric;
    else throw ConfigError("method: expected historical or parametric, got '" + m + "'");
    s.interval_ns = cfg.get_duration_ns("return_interval");
    check(s.interval_ns > 0, "return_interval: must be > 0");
    const int64_t w = cfg.get_int("window"), mo = cfg.get_int("min_observations");
    check(w >= 2, "window: must be >= 2, got " + std::to_string(w));
    check(mo >= 2 && mo <= w, "min_observations: must be in [2, window], got " + std::to_string(mo));
    s.window = static_cast<size_t>(w);
    s.min_obs = static_cast<size_t>(mo);
    s.capital = to_double(cfg.get_fixed("capital"));
    check(s.capital > 0, "capital: must be > 0");
    s.guard.on = cfg.get_bool("drawdown_guard");
    s.guard.soft = cfg.get_float("drawdown_soft");
    s.guard.hard = cfg.get_float("drawdown_hard");
    s.guard.floor = cfg.get_float("drawdown_floor");
    s.guard.power = cfg.get_float("drawdown_power");
    check(s.guard.soft >= 0 && s.guard.soft < s.guard.hard && s.guard.hard <= 1,
          "drawdown_soft: need 0 <= drawdown_soft < drawdown_hard <= 1, got " + std::to_string(s.guard.soft) + " and " +
              std::to_string(s.guard.hard));
    check(s.guard.floor >= 0 && s.guard.floor <= 1, "drawdown_floor: must be in [0, 1]");
    check(s.guard.power > 0, "drawdown_power: must be > 0");
    s.rescale_threshold = cfg.get_float("rescale_threshold");
    check(s.rescale_threshold >= 0 && s.rescale_threshold < 1, "rescale_threshold: must be in [0, 1)");
    return s;
}

}  // namespace tradehost::cvar_sizer
