// betfair: the plugin class (config, secrets, the order path's lifetime), its ports and the
// exported entry.
#include "config.hpp"
#include "execution.hpp"
#include "market_stream.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/ports.hpp>

#include <memory>

namespace tradehost::betfair {
namespace {

using namespace venue::ports;

// Same indexes as every venue adapter (tradehost/venue/ports.hpp).
constexpr th_port_desc kPorts[] = {
    in_port("orders", TH_EV_ORDER_REQUEST, "bets: new (buy = back, sell = lay; LIMIT at ladder odds, GTC or FOK), cancel, replace (price only)"),
    out_port("exec_reports", TH_EV_EXECUTION_REPORT, "bet state changes: placed, matched, cancelled, lapsed, rejected"),
    out_port("fills", TH_EV_FILL, "one event per new matched total of a bet (fill_id = betId:sizeMatched)"),
    out_port("positions", TH_EV_POSITION, "reserved for the shared adapter shape"),
    out_port("balances", TH_EV_BALANCE, "getAccountFunds: available to bet, and total (available plus exposure)"),
    out_port("quotes", TH_EV_QUOTE, "reserved for the shared adapter shape"),
    out_port("trades", TH_EV_TRADE, "market stream: volume traded at a price since the last change (trd), aggressor unknown"),
    out_port("status", TH_EV_VENUE_STATUS, "the order path (connected, disconnected, reconciled) and the market stream (subscribed, down with why)"),
    out_port("books", TH_EV_BOOK, "market stream: each runner's top book_depth levels after every change (bid = available to back, ask = available to lay)"),
};

}  // namespace

class BetfairPlugin {
public:
    BetfairPlugin(Host host, const Config& cfg) : host_(host), cfg_(BetfairConfig::load(cfg)) {}
    ~BetfairPlugin() { stop(); }

    void start() {
        // Secrets from the environment variables the config names; never logged, never saved.
        Credentials c;
        c.app_key = host_.secret(cfg_.app_key_env);
        c.username = host_.secret(cfg_.username_env);
        c.password = host_.secret(cfg_.password_env);
        if (cfg_.login == LoginFlow::certificate) {
            c.cert_file = host_.secret(cfg_.cert_file_env);
            c.key_file = host_.secret(cfg_.key_file_env);
        }
        exec_ = std::make_unique<Execution>(host_, cfg_, std::move(c));
        exec_->start();
        if (!cfg_.stream_markets.empty()) {
            Execution* e = exec_.get();
            market_ = std::make_unique<MarketStream>(host_, cfg_, host_.secret(cfg_.app_key_env),
                                                     [e] { return e->session_token(); });
            market_->start();
        }
        host_.info(std::string("betfair at ") + cfg_.betting_url + " (" +
                   (cfg_.login == LoginFlow::certificate ? "certificate" : "interactive") + " login)");
    }

    void stop() {
        if (market_) market_->stop();  // before the order path: it reads the session token
        market_.reset();
        if (exec_) exec_->stop();
        exec_.reset();
    }

    void on_event(uint32_t port, const th_event_header& ev) {
        if (port != kPortOrders) throw InvalidArgument("betfair: unknown input port " + std::to_string(port));
        th_order_request scratch;
        const th_order_request* req = event_as<th_order_request>(ev, scratch);
        if (!req) throw InvalidArgument("betfair: orders port takes order requests");
        if (!exec_) throw Error(TH_ERR_STATE, "betfair: not started");
        exec_->submit(*req);
    }

private:
    Host host_;
    BetfairConfig cfg_;
    std::unique_ptr<Execution> exec_;
    std::unique_ptr<MarketStream> market_;
};

}  // namespace tradehost::betfair

TRADEHOST_PLUGIN(tradehost::betfair::BetfairPlugin, "betfair", "0.1.0", "broker",
                 "Betfair Exchange API-NG: interactive and certificate login, keepAlive, placeOrders/cancelOrders/replaceOrders, price ladder, hourly transaction limit, listCurrentOrders/listClearedOrders reconciliation, Exchange Stream API (order stream, market books and trades)",
                 tradehost::betfair::kPorts, tradehost::betfair::kConfigFields)
