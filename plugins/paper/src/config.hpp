// paper: declared config keys and their validated, typed form.
#ifndef TRADEHOST_PLUGINS_PAPER_CONFIG_HPP
#define TRADEHOST_PLUGINS_PAPER_CONFIG_HPP

#include <tradehost/plugin.hpp>

#include <cstdint>
#include <string>

namespace tradehost::paper {

/// The config schema the host checks before create. Bounds are inclusive.
inline constexpr th_config_field kConfigFields[] = {
    field("latency", TH_CFG_DURATION, "0",
          "delay from an order request's ts until it is live at the venue", 0, 0, 86400e9),
    field("fee_bps", TH_CFG_FLOAT, "0",
          "fee in basis points of fill notional (at most 4 decimals are used)", 0, 0, 10000),
    field("fee_per_unit", TH_CFG_DECIMAL, "0", "fee per unit of filled quantity", 0, 0, 9e10),
    field("starting_cash", TH_CFG_DECIMAL, "100000", "cash balance at the first start", 0, 0, 9e10),
    field("currency", TH_CFG_STRING, "USD", "currency of cash, fees and PnL (1..15 characters)"),
    field("partial_fills", TH_CFG_BOOL, "true",
          "cap each fill by the quote's displayed size; the rest waits for later quotes"),
    field("persist", TH_CFG_BOOL, "false",
          "save orders, positions, cash and id counters with state_put and reload them at start"),
};

/// Validated settings of one paper venue instance.
struct PaperConfig {
    int64_t latency_ns = 0;
    th_fixed fee_rate = 0;      ///< fee_bps as a th_fixed fraction (1 bps = 0.0001)
    th_fixed fee_per_unit = 0;
    th_fixed starting_cash = 0;
    std::string currency;
    bool partial_fills = true;
    bool persist = false;

    /// Reads and checks every key; throws ConfigError for semantically bad values.
    static PaperConfig load(const Config& cfg);
};

}  // namespace tradehost::paper

#endif
