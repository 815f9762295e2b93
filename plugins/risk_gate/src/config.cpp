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
    l.max_net_exposure = non_negative(cfg, "max_net_exposure");
    l.max_sector_exposure = non_negative(cfg, "max_sector_exposure");
    const std::string sectors = cfg.get_string("sector_map");
    if (l.max_sector_exposure > 0 && sectors.empty())
        throw ConfigError("max_sector_exposure: needs sector_map, the file that names each instrument's sector");
    if (!sectors.empty()) l.sector_map = SectorMap::load(sectors);
    if (const std::string borrow = cfg.get_string("borrow_list"); !borrow.empty()) l.borrow = BorrowList::load(borrow);
    l.drawdown.amount = non_negative(cfg, "max_drawdown");
    const double pct = cfg.get_float("max_drawdown_pct");
    if (!(pct >= 0 && pct < 100))
        throw ConfigError("max_drawdown_pct: must be in [0, 100) (0 turns the rule off), got " + std::to_string(pct));
    l.drawdown.fraction = pct / 100.0;
    l.equity_base = non_negative(cfg, "equity_base");
    if (pct > 0 && l.equity_base <= 0)
        throw ConfigError("max_drawdown_pct: needs equity_base > 0, the capital the percentage is of");
    l.drawdown_rearm = cfg.get_string("drawdown_rearm");
    return l;
}

}  // namespace tradehost::risk_gate
