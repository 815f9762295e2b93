// exec_algos: declared config keys and their validated, typed form.
#ifndef TRADEHOST_PLUGINS_EXEC_ALGOS_CONFIG_HPP
#define TRADEHOST_PLUGINS_EXEC_ALGOS_CONFIG_HPP

#include "algo.hpp"
#include "schedule.hpp"

#include <tradehost/plugin.hpp>

#include <cstdint>
#include <string>

namespace tradehost::exec_algos {

inline constexpr th_config_field kConfigFields[] = {
    field("default_algo", TH_CFG_STRING, "twap",
          "algo of a parent without an @algo tag: twap, vwap, pov, is, iceberg or sniper"),
    field("duration", TH_CFG_DURATION, "10m",
          "scheduled algos (twap, vwap, is): time to work a parent; a target's horizon overrides it", 0, 1e6, 86400e9 * 7),
    field("slices", TH_CFG_INT, "10", "scheduled algos: number of child slices over the duration", 0, 1, 100000),
    field("child_price", TH_CFG_STRING, "aggressive",
          "children of twap/vwap/is/pov: market, aggressive (limit at the far touch, IOC) or passive (limit at the near touch)"),
    field("child_ttl", TH_CFG_DURATION, "1m",
          "a limit child open this long (event time) is cancelled; what it left is sent again as the schedule requires",
          0, 0, 86400e9),
    field("pov_rate", TH_CFG_FLOAT, "0.1", "pov: share of the market volume traded since the parent arrived", 0, 1e-6, 1),
    field("vwap_profile", TH_CFG_STRING, "",
          "vwap: CSV of 'HH:MM,volume' lines (UTC time of day); empty: learned from the trades port"),
    field("profile_bucket", TH_CFG_DURATION, "5m", "vwap: width of a time-of-day bucket of the volume profile", 0, 60e9,
          3600e9),
    field("is_risk_aversion", TH_CFG_FLOAT, "1e-6", "is: Almgren-Chriss lambda (per price unit)", 0, 0, 1e6),
    field("is_volatility", TH_CFG_FLOAT, "0.01", "is: sigma, price per square-root second", 0, 0, 1e9),
    field("is_temp_impact", TH_CFG_FLOAT, "1e-4", "is: eta, temporary impact (price per unit per second)", 0, 1e-12, 1e9),
    field("is_perm_impact", TH_CFG_FLOAT, "0", "is: gamma, permanent impact (price per unit)", 0, 0, 1e9),
    field("display_qty", TH_CFG_DECIMAL, "100", "iceberg: quantity shown by each child", 0, 1e-8, 9e10),
    field("max_child_rejects", TH_CFG_INT, "3",
          "rejected children in a row (risk gate or venue) that cancel their parent", 0, 1, 1000),
    field("bracket_stop_offset", TH_CFG_DECIMAL, "0",
          "@bracket: stop-loss distance from the entry's average price when the request has no stop_px; 0 = none", 0, 0, 9e10),
    field("bracket_target_offset", TH_CFG_DECIMAL, "0",
          "@bracket: take-profit distance from the entry's average price; 0 = no take-profit", 0, 0, 9e10),
    field("id_prefix", TH_CFG_STRING, "", "ids of children and target parents: PREFIX-SESSION-cN / -pN; empty: the instance name"),
};

/// Validated settings.
struct Settings {
    Algo default_algo = Algo::Twap;
    int64_t duration_ns = 0;
    int slices = 10;
    enum class ChildPrice : uint8_t { Market, Aggressive, Passive } child_price = ChildPrice::Aggressive;
    int64_t child_ttl_ns = 0;
    double pov_rate = 0.1;
    std::string vwap_profile;
    int64_t profile_bucket_ns = 0;
    AlmgrenChriss ac;
    th_fixed display_qty = 0;
    int max_child_rejects = 3;
    th_fixed bracket_stop_offset = 0, bracket_target_offset = 0;
    std::string id_prefix;

    /// Reads and checks every key; throws ConfigError naming the key.
    static Settings load(const Config& cfg, const std::string& instance_name);
};

}  // namespace tradehost::exec_algos

#endif
