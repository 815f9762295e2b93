// exec_algos: ports and the exported plugin entry.
#include "config.hpp"
#include "exec_algos.hpp"

#include <tradehost/plugin.hpp>

namespace tradehost::exec_algos {
namespace {

// Order must match enum Port in exec_algos.hpp.
constexpr th_port_desc kPorts[] = {
    in_port("orders", TH_EV_ORDER_REQUEST, "parent orders: new (client id ending @algo picks the algo), cancel, replace"),
    in_port("targets", TH_EV_TARGET, "desired positions: each becomes a parent for the difference to the position"),
    in_port("quotes", TH_EV_QUOTE, "the touch that prices children; each quote works the instrument's parents"),
    in_port("trades", TH_EV_TRADE, "trade prints: market volume for pov, the learned vwap profile"),
    in_port("books", TH_EV_BOOK, "L2 books (ABI 1.1): the depth the sniper takes"),
    in_port("exec_reports", TH_EV_EXECUTION_REPORT, "reports of the children, from the venue and the risk gate's rejects"),
    in_port("fills", TH_EV_FILL, "fills of the children, from the venue"),
    in_port("positions", TH_EV_POSITION, "venue positions: what a target is measured against"),
    out_port("orders", TH_EV_ORDER_REQUEST, "child orders and their cancels, to a risk gate or a broker"),
    out_port("reports", TH_EV_EXECUTION_REPORT, "execution reports of the parents (their client ids)"),
    out_port("fills", TH_EV_FILL, "the children's fills as the parents' (venue_order_id = the child's id)"),
};

}  // namespace
}  // namespace tradehost::exec_algos

TRADEHOST_PLUGIN(tradehost::exec_algos::ExecAlgos, "exec_algos", "1.0.0", "other",
                 "Execution algorithms (TWAP, VWAP, POV, Almgren-Chriss IS, iceberg, sniper) and emulated OCO, OTO, bracket and trailing stops",
                 tradehost::exec_algos::kPorts, tradehost::exec_algos::kConfigFields)
