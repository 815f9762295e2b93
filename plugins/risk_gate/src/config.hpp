// risk_gate: declared config keys and their validated, typed form.
#ifndef TRADEHOST_PLUGINS_RISK_GATE_CONFIG_HPP
#define TRADEHOST_PLUGINS_RISK_GATE_CONFIG_HPP

#include "borrow_list.hpp"
#include "drawdown.hpp"
#include "sector_map.hpp"

#include <tradehost/plugin.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace tradehost::risk_gate {

/// The config schema the host checks before create. "0" turns a rule off.
inline constexpr th_config_field kConfigFields[] = {
    field("max_order_qty", TH_CFG_DECIMAL, "0", "largest quantity of one order; 0 = off", 0, 0, 9e10),
    field("max_order_notional", TH_CFG_DECIMAL, "0",
          "largest qty * reference price of one order; 0 = off", 0, 0, 9e10),
    field("max_position", TH_CFG_DECIMAL, "0",
          "largest absolute position per instrument, counting open orders on the order's side; 0 = off",
          0, 0, 9e10),
    field("max_instrument_exposure", TH_CFG_DECIMAL, "0",
          "largest absolute notional of position plus open orders per instrument; 0 = off", 0, 0, 9e10),
    field("max_gross_exposure", TH_CFG_DECIMAL, "0",
          "largest sum over instruments of absolute exposure notional; 0 = off", 0, 0, 9e10),
    field("max_daily_loss", TH_CFG_DECIMAL, "0",
          "realized + unrealized loss of the UTC day that blocks new orders until the next day; 0 = off",
          0, 0, 9e10),
    field("max_orders_per_second", TH_CFG_INT, "0",
          "new and replace orders approved per sliding second of event time; 0 = off", 0, 0, 1e9),
    field("kill_switch", TH_CFG_BOOL, "false", "reject every new and replace order (cancels pass)"),
    field("max_net_exposure", TH_CFG_DECIMAL, "0",
          "largest absolute sum over instruments of signed exposure notional, open orders at their worse side; 0 = off",
          0, 0, 9e10),
    field("sector_map", TH_CFG_STRING, "", "file of 'SYMBOL,SECTOR' lines; needed by max_sector_exposure"),
    field("max_sector_exposure", TH_CFG_DECIMAL, "0",
          "largest gross exposure notional of the instruments of one sector; 0 = off", 0, 0, 9e10),
    field("borrow_list", TH_CFG_STRING, "",
          "file of 'SYMBOL' or 'SYMBOL,QTY' lines that may be sold short; empty = shorts not checked"),
    field("max_drawdown", TH_CFG_DECIMAL, "0",
          "equity fall from its peak that trips the drawdown kill switch; 0 = off", 0, 0, 9e10),
    field("max_drawdown_pct", TH_CFG_FLOAT, "0",
          "equity fall from its peak, in percent of the peak, that trips the drawdown kill switch; 0 = off", 0, 0,
          100),
    field("equity_base", TH_CFG_DECIMAL, "0", "equity before the gate's PnL (the account's capital); needed by max_drawdown_pct",
          0, 0, 9e12),
    field("drawdown_rearm", TH_CFG_STRING, "",
          "set to a new value to re-arm a tripped drawdown kill switch at the next start"),
};

/// Validated limits; 0 means the rule is off.
struct RiskLimits {
    th_fixed max_order_qty = 0;
    th_fixed max_order_notional = 0;
    th_fixed max_position = 0;
    th_fixed max_instrument_exposure = 0;
    th_fixed max_gross_exposure = 0;
    th_fixed max_daily_loss = 0;
    int64_t max_orders_per_second = 0;
    bool kill_switch = false;
    th_fixed max_net_exposure = 0;
    th_fixed max_sector_exposure = 0;
    SectorMap sector_map;                  ///< loaded when max_sector_exposure is on
    std::optional<BorrowList> borrow;      ///< loaded when borrow_list names a file
    DrawdownLimits drawdown;
    th_fixed equity_base = 0;
    std::string drawdown_rearm;

    /// True if a rule needs the order's notional (and so a reference price).
    bool needs_notional() const noexcept {
        return max_order_notional > 0 || max_instrument_exposure > 0 || max_gross_exposure > 0 ||
               max_net_exposure > 0 || max_sector_exposure > 0;
    }

    /// Reads and checks every key and the files they name; throws ConfigError for negative
    /// limits, a sector limit without a map, and `path:line: what` for a bad file line.
    static RiskLimits load(const Config& cfg);
};

}  // namespace tradehost::risk_gate

#endif
