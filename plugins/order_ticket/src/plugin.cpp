// order_ticket: ports, config spec and the exported plugin entry.
#include "ticket.hpp"

namespace tradehost::order_ticket {
namespace {

// Order must match enum Port in ticket.hpp.
constexpr th_port_desc kPorts[] = {
    out_port("orders", TH_EV_ORDER_REQUEST, "the one order (or cancel) request, published at start"),
    in_port("exec_reports", TH_EV_EXECUTION_REPORT, "the broker's reports; the first for our request is the answer"),
};

constexpr th_config_field kConfig[] = {
    field("action", TH_CFG_STRING, nullptr, "buy, sell or cancel", TH_CFG_REQUIRED),
    field("symbol", TH_CFG_STRING, "", "instrument, in the venue's symbology (a cancel may leave it out)"),
    field("qty", TH_CFG_DECIMAL, "0", "quantity (buy, sell)"),
    field("limit", TH_CFG_DECIMAL, "0", "limit price; 0 sends a market order"),
    field("tif", TH_CFG_STRING, "day", "day, gtc, ioc, fok or gtd"),
    field("expire", TH_CFG_STRING, "", "gtd: expiry, ISO 8601 with its zone (2026-12-31T23:59:00Z)"),
    field("post_only", TH_CFG_BOOL, "false", "post-only: the venue rejects rather than take liquidity"),
    field("client_order_id", TH_CFG_STRING, "", "id of the request; empty: tkt-SESSION-MILLISECONDS"),
    field("cancel_id", TH_CFG_STRING, "", "cancel: client order id of the order to cancel"),
    field("result_file", TH_CFG_STRING, "", "where the answer is written (empty: logged)"),
};

}  // namespace
}  // namespace tradehost::order_ticket

TRADEHOST_PLUGIN(tradehost::order_ticket::Ticket, "order_ticket", "1.0.0", "tool",
                 "Sends one order or cancel to a broker and records its answer (tradehost order)",
                 tradehost::order_ticket::kPorts, tradehost::order_ticket::kConfig)
