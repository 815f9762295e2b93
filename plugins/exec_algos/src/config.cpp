#include "config.hpp"

namespace tradehost::exec_algos {

Settings Settings::load(const Config& cfg, const std::string& instance_name) {
    Settings s;
    const std::string algo = cfg.get_string("default_algo");
    const auto a = parse_algo(algo);
    if (!a) throw ConfigError("default_algo: '" + algo + "' is not one of twap, vwap, pov, is, iceberg, sniper");
    s.default_algo = *a;
    s.duration_ns = cfg.get_duration_ns("duration");
    s.slices = static_cast<int>(cfg.get_int("slices"));
    const std::string cp = cfg.get_string("child_price");
    if (cp == "market") s.child_price = ChildPrice::Market;
    else if (cp == "aggressive") s.child_price = ChildPrice::Aggressive;
    else if (cp == "passive") s.child_price = ChildPrice::Passive;
    else throw ConfigError("child_price: '" + cp + "' is not one of market, aggressive, passive");
    s.child_ttl_ns = cfg.get_duration_ns("child_ttl");
    s.pov_rate = cfg.get_float("pov_rate");
    s.vwap_profile = cfg.get_string("vwap_profile");
    s.profile_bucket_ns = cfg.get_duration_ns("profile_bucket");
    if (86400000000000LL % s.profile_bucket_ns != 0)
        throw ConfigError("profile_bucket: must divide a day evenly (e.g. 1m, 5m, 15m, 1h)");
    s.ac.risk_aversion = cfg.get_float("is_risk_aversion");
    s.ac.volatility = cfg.get_float("is_volatility");
    s.ac.temp_impact = cfg.get_float("is_temp_impact");
    s.ac.perm_impact = cfg.get_float("is_perm_impact");
    // The slices of the configured duration must leave the problem well posed.
    try {
        (void)ac_kappa(s.ac, static_cast<double>(s.duration_ns) / 1e9 / s.slices);
    } catch (const Error& e) {
        throw ConfigError(std::string("is_perm_impact: ") + e.what());
    }
    s.display_qty = cfg.get_fixed("display_qty");
    s.max_child_rejects = static_cast<int>(cfg.get_int("max_child_rejects"));
    s.bracket_stop_offset = cfg.get_fixed("bracket_stop_offset");
    s.bracket_target_offset = cfg.get_fixed("bracket_target_offset");
    s.id_prefix = cfg.get_string("id_prefix");
    if (s.id_prefix.empty()) s.id_prefix = instance_name;
    if (s.id_prefix.size() > 20)
        throw ConfigError("id_prefix: '" + s.id_prefix + "' is longer than 20 characters (client order ids hold 39)");
    return s;
}

}  // namespace tradehost::exec_algos
