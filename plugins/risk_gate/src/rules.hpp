// risk_gate: the pre-trade rules, as a pure function of limits, state and one request.
#ifndef TRADEHOST_PLUGINS_RISK_GATE_RULES_HPP
#define TRADEHOST_PLUGINS_RISK_GATE_RULES_HPP

#include "config.hpp"
#include "daily_loss.hpp"
#include "drawdown.hpp"
#include "open_orders.hpp"
#include "positions.hpp"
#include "rate_window.hpp"

#include <functional>
#include <optional>
#include <string>

namespace tradehost::risk_gate {

/// Everything the gate tracks.
struct RiskState {
    PositionBook positions;
    OpenOrders orders;
    DailyLoss day;
    RateWindow rate;
    Drawdown drawdown;
};

/// A NEW or REPLACE request resolved against the open orders.
struct Proposal {
    uint8_t action = 0;
    std::string id;            ///< client_order_id of the request
    std::string orig;          ///< REPLACE: key of the open order it replaces, if known
    bool orig_known = false;
    th_instrument instrument = 0;
    uint8_t side = TH_SIDE_NONE;
    uint8_t type = 0;
    th_fixed order_qty = 0;    ///< the request's qty
    th_fixed add_qty = 0;      ///< leaves it would have (REPLACE: qty - cum of the old order)
    th_fixed limit_px = 0;
    th_fixed stop_px = 0;
    th_fixed px = 0;           ///< reference price; 0 if none
};

struct Verdict {
    bool approved = false;
    std::string rule;    ///< name of the failing rule ("max_order_qty", ...), for metrics
    std::string reason;  ///< "<rule>: <numbers>"
    Proposal proposal;
};

struct Environment {
    bool kill_host = false;                         ///< host kill switch engaged
    std::function<std::string(th_instrument)> symbol;
    /// The instrument's registered metadata (ABI 1.1 host), if any.
    std::function<std::optional<th_instrument_info>(th_instrument)> info;
};

/// Price used for an order's notional: the limit price; for market orders the opposite side
/// of the last quote; for stops the stop price (a buy stop at least the ask). 0 if none.
th_fixed reference_price(uint8_t type, uint8_t side, th_fixed limit_px, th_fixed stop_px,
                         const InstrumentState* inst) noexcept;

/// Check `req` at its event time. Cancels always pass. Rules run in this order and the first
/// that fails rejects: kill_switch, max_drawdown (tripped), invalid, the instrument's registered
/// metadata when there is any (price_range, tick_size, min_qty, lot_size), max_daily_loss (NEW
/// only), max_orders_per_second, no_reference_price, max_order_qty, max_order_notional,
/// max_position, borrow, max_instrument_exposure, max_gross_exposure, max_net_exposure,
/// max_sector_exposure. Position and exposure rules reject only an
/// order that increases the measured amount beyond the limit, so reducing orders always pass.
Verdict evaluate(const RiskLimits& limits, const RiskState& state, const th_order_request& req,
                 const Environment& env);

}  // namespace tradehost::risk_gate

#endif
