// oanda: the plugin object (ports, lifecycle) and the exported entry.
#include "config.hpp"
#include "data.hpp"
#include "execution.hpp"
#include "stream.hpp"

#include <tradehost/plugin.hpp>

#include <memory>

namespace tradehost::oanda {
namespace {

// Same indexes as every venue adapter (enum Port in tradehost/venue/ports.hpp), names as plugins/paper.
constexpr th_port_desc kPorts[] = {
    in_port("orders", TH_EV_ORDER_REQUEST, "new, cancel and replace requests"),
    out_port("exec_reports", TH_EV_EXECUTION_REPORT, "order state changes (ack, fills, cancel, reject)"),
    out_port("fills", TH_EV_FILL, "one per ORDER_FILL transaction; fill_id is the transaction id"),
    out_port("positions", TH_EV_POSITION, "openPositions at start, after reconciliation and after fills"),
    out_port("balances", TH_EV_BALANCE, "account balance at start, after reconciliation and after fills"),
    out_port("quotes", TH_EV_QUOTE, "best bid/ask of the pricing stream; size is the level's liquidity"),
    out_port("trades", TH_EV_TRADE, "unused: OANDA publishes no public trades"),
    out_port("status", TH_EV_VENUE_STATUS, "connect/disconnect/gap/reconciled of each stream"),
};

class OandaVenue {
public:
    OandaVenue(Host host, const Config& cfg)
        : host_(host), cfg_(OandaConfig::load(cfg)), data_(host, cfg_), exec_(host, cfg_, data_) {}

    void start() {
        // The token is read here (executor thread) and never logged; a missing variable
        // fails start with its name only.
        exec_.start(host_.secret(cfg_.token_env));
    }
    void stop() {
        exec_.stop();
        data_.stop();
    }
    void on_event(uint32_t port, const th_event_header& ev) {
        if (port != kPortOrders) throw InvalidArgument("unknown input port " + std::to_string(port));
        th_order_request scratch;
        const th_order_request* req = event_as<th_order_request>(ev, scratch);
        if (!req) throw InvalidArgument("orders: not an order request");
        exec_.submit(*req);  // never blocks the executor: the worker sends
    }

private:
    Host host_;
    OandaConfig cfg_;
    MarketData data_;
    Execution exec_;
};

}  // namespace
}  // namespace tradehost::oanda

TRADEHOST_PLUGIN(tradehost::oanda::OandaVenue, "oanda", "1.0.0", "broker",
                 "OANDA v20 venue: orders, fills, positions, balances, pricing stream",
                 tradehost::oanda::kPorts, tradehost::oanda::kConfigFields)
