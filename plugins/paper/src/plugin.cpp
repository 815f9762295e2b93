// paper: ports and the exported plugin entry.
#include "config.hpp"
#include "paper_venue.hpp"

#include <tradehost/plugin.hpp>

namespace tradehost::paper {
namespace {

// Order must match enum Port in paper_venue.hpp.
constexpr th_port_desc kPorts[] = {
    in_port("quotes", TH_EV_QUOTE, "market quotes that orders are matched against"),
    in_port("orders", TH_EV_ORDER_REQUEST, "new, cancel and replace requests"),
    out_port("exec_reports", TH_EV_EXECUTION_REPORT, "order state changes (ack, fills, cancel, reject)"),
    out_port("fills", TH_EV_FILL, "one event per execution, with fee and liquidity"),
    out_port("positions", TH_EV_POSITION,
             "position of an instrument after each fill, at stop, and every non-zero one at start after a restore"),
    out_port("balances", TH_EV_BALANCE, "cash after each fill, at stop, and at start after a restore"),
    in_port("books", TH_EV_BOOK, "L2 books (ABI 1.1): where wired, market and marketable limit orders take from them"),
};

}  // namespace
}  // namespace tradehost::paper

TRADEHOST_PLUGIN(tradehost::paper::PaperVenue, "paper", "1.0.0", "broker",
                 "Simulated venue: latency, fees, partial fills, stops, TIF, persistence",
                 tradehost::paper::kPorts, tradehost::paper::kConfigFields)
