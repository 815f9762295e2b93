// The arbitrage scanner's validated configuration.
#pragma once

#include "depth_walk.hpp"

#include <tradehost/plugin.hpp>

#include <map>
#include <string>
#include <vector>

namespace tradehost::arb_scanner {

/// An outcome set named in config: every outcome of one market or neg-risk event.
struct NamedSet {
    std::string name;
    std::vector<std::string> symbols;
};

enum class Output { signals, orders, both };

struct Settings {
    std::vector<NamedSet> sets;
    int64_t group_outcomes = 2;                  ///< metadata groups of this many outcomes are sets; 0: none
    std::map<std::string, FeeModel> taker_fees;  ///< venue -> fee model ("" key: any other venue)
    th_fixed min_profit = TH_FIXED_SCALE / 100;  ///< per opportunity, in the price currency
    th_fixed min_size = TH_FIXED_SCALE;          ///< sets
    th_fixed max_size = 0;                       ///< 0: what the books hold
    double min_edge = 0;                         ///< profit per set of the last slice taken must exceed it
    int64_t max_book_age_ns = 30'000'000'000;    ///< a leg not updated for this long (event time) is stale
    Output output = Output::signals;
    th_tif order_tif = TH_TIF_FOK;
};

/// Read and check the config; throws ConfigError naming the key and the item.
Settings read_settings(const Config& cfg);

/// "NAME: SYM SYM ..." -> NamedSet; throws ConfigError naming item `index`.
NamedSet parse_set(const std::string& item, size_t index);
/// "VENUE RATE [EXPONENT]" -> (venue, model); throws ConfigError naming item `index`.
std::pair<std::string, FeeModel> parse_fee(const std::string& item, size_t index);

}  // namespace tradehost::arb_scanner
