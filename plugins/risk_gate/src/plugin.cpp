// risk_gate: ports and the exported plugin entry.
#include "config.hpp"
#include "risk_gate.hpp"

#include <tradehost/plugin.hpp>

namespace tradehost::risk_gate {
namespace {

// Order must match enum Port in risk_gate.hpp.
constexpr th_port_desc kPorts[] = {
    in_port("orders", TH_EV_ORDER_REQUEST, "order requests from the strategy"),
    in_port("fills", TH_EV_FILL, "fills from the venue, for positions and day PnL"),
    in_port("quotes", TH_EV_QUOTE, "quotes, for market-order prices and marks"),
    in_port("exec_reports", TH_EV_EXECUTION_REPORT, "venue reports, for open orders and their leaves"),
    out_port("orders", TH_EV_ORDER_REQUEST, "approved requests, forwarded unchanged"),
    out_port("rejects", TH_EV_EXECUTION_REPORT, "a rejected execution report per refused request"),
    // Appended last so that the indexes above stay as they were.
    in_port("positions", TH_EV_POSITION, "venue positions; each sets the instrument's position and average price"),
};

}  // namespace
}  // namespace tradehost::risk_gate

TRADEHOST_PLUGIN(tradehost::risk_gate::RiskGate, "risk_gate", "1.0.0", "risk",
                 "Pre-trade risk checks: size, notional, position, exposure, daily loss, rate, kill switch",
                 tradehost::risk_gate::kPorts, tradehost::risk_gate::kConfigFields)
