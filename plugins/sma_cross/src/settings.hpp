// The strategy's validated configuration.
#pragma once

#include <tradehost/plugin.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace tradehost::sma_cross {

struct Settings {
    int64_t fast = 10;
    int64_t slow = 30;
    th_fixed order_qty = 10 * TH_FIXED_SCALE;  ///< absolute target position
    bool allow_short = true;
    th_order_type order_type = TH_ORDER_MARKET;
    double limit_offset_bps = 0;  ///< > 0 passive (buy below / sell above mid), < 0 marketable
    th_tif tif = TH_TIF_DAY;      ///< resolved: config, else DAY (market) / GTC (limit)
    th_fixed tick_size = TH_FIXED_SCALE / 100;
    std::vector<std::string> instruments;  ///< empty = every instrument seen
    int64_t sample_every = 1;
    /// Non-empty: trade on th_signal events of this name (a model's) instead of the own
    /// crossings; prices then only serve limit prices.
    std::string signal_name;
    double signal_threshold = 0.5;  ///< a signal moves the target when strength >= this
};

/// Read and check the config; throws ConfigError naming the key.
Settings read_settings(const Config& cfg);

/// Check settings made in code; throws ConfigError.
void validate(const Settings& s);

}  // namespace tradehost::sma_cross
