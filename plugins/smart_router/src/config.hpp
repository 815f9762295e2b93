// smart_router: declared config keys and their validated form.
#ifndef TRADEHOST_PLUGINS_SMART_ROUTER_CONFIG_HPP
#define TRADEHOST_PLUGINS_SMART_ROUTER_CONFIG_HPP

#include <tradehost/plugin.hpp>

#include <string>
#include <vector>

namespace tradehost::smart_router {

/// Venue slots: each has its own four ports (books, orders, fills, exec_reports).
inline constexpr size_t kMaxVenues = 4;

inline constexpr th_config_field kConfigFields[] = {
    field("venues", TH_CFG_STRING_LIST, nullptr,
          "venue names in slot order (v0, v1, ...), at most 4; the first is the fallback", TH_CFG_REQUIRED),
    field("taker_fee_bps", TH_CFG_STRING_LIST, "[]", "taker fee of each venue in basis points, in venue order; empty = 0"),
    field("latency_ms", TH_CFG_STRING_LIST, "[]", "order latency of each venue in milliseconds, in venue order; empty = 0"),
    field("latency_bps_per_ms", TH_CFG_FLOAT, "0.02",
          "expected adverse price move per millisecond of latency, in basis points"),
    field("quality_weight", TH_CFG_FLOAT, "0.1",
          "weight of each new sample in a venue's fill ratio and slippage (exponential average)"),
};

struct VenueCost {
    std::string name;
    double fee_bps = 0;
    double latency_ms = 0;
};

struct Settings {
    std::vector<VenueCost> venues;
    double latency_bps_per_ms = 0.02;
    double quality_weight = 0.1;

    /// Throws ConfigError naming the key and the list item.
    static Settings load(const Config& cfg);
};

}  // namespace tradehost::smart_router

#endif
