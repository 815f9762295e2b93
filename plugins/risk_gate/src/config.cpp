#include "config.hpp"

#include <string>

namespace tradehost::risk_gate {

namespace {

th_fixed non_negative(const Config& cfg, const char* key) {
    const th_fixed v = cfg.get_fixed(key);
    if (v < 0) throw ConfigError(std::string(key) + ": must be >= 0 (0 turns the rule off), got " + format_fixed(v));
    return v;
}

}  // namespace

RiskLimits RiskLimits::load(const Config& cfg) {
    RiskLimits l;
    l.max_order_qty = non_negative(cfg, "max_order_qty");
    l.max_order_notional = non_negative(cfg, "max_order_notional");
    l.max_position = non_negative(cfg, "max_position");
    l.max_instrument_exposure = non_negative(cfg, "max_instrument_exposure");
    l.max_gross_exposure = non_negative(cfg, "max_gross_exposure");
    l.max_daily_loss = non_negative(cfg, "max_daily_loss");
    l.max_orders_per_second = cfg.get_int("max_orders_per_second");
    if (l.max_orders_per_second < 0)
        throw ConfigError("max_orders_per_second: must be >= 0 (0 turns the rule off), got " +
                          std::to_string(l.max_orders_per_second));
    l.kill_switch = cfg.get_bool("kill_switch");
    return l;
}

}  // namespace tradehost::risk_gate
