// The synthetic feed's validated configuration.
#pragma once

#include <tradehost/plugin.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace tradehost::synthetic {

struct Settings {
    std::vector<std::string> instruments;
    th_fixed start_price = 100 * TH_FIXED_SCALE;
    int64_t seed = 42;
    double volatility = 0.2;  ///< annualised
    double drift = 0;         ///< annualised
    th_fixed tick_size = TH_FIXED_SCALE / 100;
    int64_t spread_ticks = 1;
    th_fixed quote_size = 100 * TH_FIXED_SCALE;
    double trade_probability = 0.2;
    int64_t interval_ns = 1000000000;
    th_time_ns start_time = 1704067200000000000;
    int64_t count = 0;  ///< 0 = endless
    double rate = 0;    ///< 0 = as fast as possible
    int64_t batch = 1000;
    int64_t book_levels = 0;                    ///< 0 = no books
    th_fixed level_size = 100 * TH_FIXED_SCALE;  ///< size of each level behind the touch
    double alt_skew_bps = 0;                    ///< the second venue's price shift
    th_fixed alt_level_size = 20 * TH_FIXED_SCALE;  ///< every level of the second venue's book
};

/// Read and check the config; throws ConfigError naming the key on a bad value.
Settings read_settings(const Config& cfg);

/// Check a Settings built in code; throws ConfigError.
void validate(const Settings& s);

}  // namespace tradehost::synthetic
