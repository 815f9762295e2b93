// The market maker's validated configuration.
#pragma once

#include <tradehost/plugin.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace tradehost::market_maker {

enum class FairValue { mid, microprice };

struct Settings {
    std::vector<std::string> instruments;  ///< symbols to quote; empty = every instrument with a book
    FairValue fair_value = FairValue::mid;
    std::string signal_name;               ///< signals of this name set the fair value; "" = any name
    int64_t signal_max_age_ns = 60'000'000'000;  ///< a signal older than this (event time) is not used
    th_fixed half_spread = TH_FIXED_SCALE / 100;      ///< each quote's distance from the (skewed) fair value
    th_fixed min_spread = 2 * TH_FIXED_SCALE / 100;   ///< ask - bid at least this after rounding
    th_fixed skew_per_unit = 0;            ///< price shift per unit of position, against it
    th_fixed quote_size = 10 * TH_FIXED_SCALE;
    int64_t requote_ticks = 1;             ///< replace a resting quote when the wanted price is this many ticks away
    th_fixed max_position = 100 * TH_FIXED_SCALE;        ///< absolute, per outcome (instrument)
    th_fixed max_group_position = 0;       ///< sum of absolute positions of one market (group); 0 = no limit
    bool allow_short = true;               ///< false: sell only what is held (outcome tokens)
    th_fixed tick_size = TH_FIXED_SCALE / 100;  ///< when the instrument's metadata has none
    th_fixed min_price = 0;                ///< when the metadata has none; 0 = no bound
    th_fixed max_price = 0;                ///< when the metadata has none; 0 = no bound
    int64_t max_book_age_ns = 30'000'000'000;   ///< book older than this: quotes pulled
    int64_t check_interval_ns = 1'000'000'000;  ///< kill switch and book-arrival check period
    int64_t reject_cooldown_ns = 5'000'000'000; ///< after a rejected quote, that side waits this long
    bool persist = true;                   ///< positions and open order ids saved with state_put
};

/// Read and check the config; throws ConfigError naming the key.
Settings read_settings(const Config& cfg);

/// Check settings made in code; throws ConfigError.
void validate(const Settings& s);

}  // namespace tradehost::market_maker
