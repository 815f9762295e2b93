// cvar_sizer: declared config keys and their validated form.
#ifndef TRADEHOST_PLUGINS_CVAR_SIZER_CONFIG_HPP
#define TRADEHOST_PLUGINS_CVAR_SIZER_CONFIG_HPP

#include "guard.hpp"
#include "portfolio.hpp"

#include <tradehost/plugin.hpp>

namespace tradehost::cvar_sizer {

inline constexpr th_config_field kConfigFields[] = {
    field("cvar_budget", TH_CFG_DECIMAL, nullptr,
          "largest CVaR of the portfolio per return_interval, in the account's currency", TH_CFG_REQUIRED),
    field("cvar_level", TH_CFG_FLOAT, "0.975", "confidence level alpha: CVaR is the mean loss of the worst 1 - alpha"),
    field("method", TH_CFG_STRING, "historical", "historical (the window's own tail) or parametric (Gaussian)"),
    field("return_interval", TH_CFG_DURATION, "1m", "returns are measured over buckets of this length of event time"),
    field("window", TH_CFG_INT, "250", "rolling window: the last this many common buckets", 0, 2, 1e6),
    field("min_observations", TH_CFG_INT, "30",
          "common buckets needed before an instrument's targets are sized (held until then)", 0, 2, 1e6),
    field("capital", TH_CFG_DECIMAL, nullptr, "account equity before the PnL of the fills seen", TH_CFG_REQUIRED),
    field("drawdown_guard", TH_CFG_BOOL, "true", "cut sizes as equity falls from its peak"),
    field("drawdown_soft", TH_CFG_FLOAT, "0.05", "drawdown (fraction of the peak) where cutting starts"),
    field("drawdown_hard", TH_CFG_FLOAT, "0.20", "drawdown where sizes reach 0"),
    field("drawdown_floor", TH_CFG_FLOAT, "0", "multiplier just before drawdown_hard"),
    field("drawdown_power", TH_CFG_FLOAT, "1", "shape of the cut: 1 straight, 2 gentle first and steep last"),
    field("rescale_threshold", TH_CFG_FLOAT, "0.05",
          "republish a sized target when its size moved by more than this fraction of the wanted size"),
};

struct Settings {
    double budget = 0;
    double alpha = 0.975;
    Method method = Method::Historical;
    int64_t interval_ns = 60000000000LL;
    size_t window = 250;
    size_t min_obs = 30;
    double capital = 0;
    GuardCurve guard;
    double rescale_threshold = 0.05;

    /// Throws ConfigError naming the key.
    static Settings load(const Config& cfg);
};

}  // namespace tradehost::cvar_sizer

#endif
