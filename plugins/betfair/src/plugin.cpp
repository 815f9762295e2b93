// betfair: the plugin class (config, secrets, the order path's lifetime), its ports and the
// exported entry.
#include "config.hpp"
#include "discoverer.hpp"
#include "execution.hpp"
#include "market_meta.hpp"
#include "market_stream.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/ports.hpp>

#include <algorithm>
#include <memory>
#include <mutex>
#include <set>

namespace tradehost::betfair {
namespace {

using namespace venue::ports;
constexpr uint32_t kPortInstruments = kFirstExtraPort + 1;

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
    out_port("instruments", TH_EV_CUSTOM, "runner metadata (custom_type 0x42460001, JSON): names from listMarketCatalogue, market and runner status and in-play from the stream's marketDefinition"),
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
        meta_ = std::make_unique<MarketMeta>(host_, kPortInstruments);
        subscribe(MarketStream::split(cfg_.stream_markets));
        if (!cfg_.market_filter.empty()) {
            Execution* e = exec_.get();
            discoverer_ = std::make_unique<Discoverer>(
                host_, cfg_, [e](const std::string& op, const nlohmann::json& p) { return e->betting_call(op, p); },
                [this](const std::vector<CatalogueMarket>& found) { on_discovered(found); });
            discoverer_->start();
        }
        host_.info(std::string("betfair at ") + cfg_.betting_url + " (" +
                   (cfg_.login == LoginFlow::certificate ? "certificate" : "interactive") + " login)");
    }

    void stop() {
        if (discoverer_) discoverer_->stop();  // first: it resubscribes the market stream
        discoverer_.reset();
        {
            std::lock_guard lk(stream_mu_);
            if (market_) market_->stop();  // before the order path: it reads the session token
            market_.reset();
        }
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
    /// Streams `markets` (sorted, unique), replacing the subscription if the set changed: a
    /// new marketSubscription replaces the old one on ESA, and its clk does not carry over to
    /// another set of markets, so the new stream starts with a fresh image.
    void subscribe(std::vector<std::string> markets) {
        std::sort(markets.begin(), markets.end());
        markets.erase(std::unique(markets.begin(), markets.end()), markets.end());
        std::lock_guard lk(stream_mu_);
        if (markets == streamed_ && (market_ || markets.empty())) return;
        if (market_) market_->stop();
        market_.reset();
        streamed_ = markets;
        if (markets.empty()) return;
        Execution* e = exec_.get();
        market_ = std::make_unique<MarketStream>(host_, cfg_, std::move(markets), host_.secret(cfg_.app_key_env),
                                                 [e] { return e->session_token(); }, meta_.get());
        market_->start();
    }

    /// Discovery's thread: names first (so the stream's definitions find them), then the
    /// subscription: the configured ids and every market found.
    void on_discovered(const std::vector<CatalogueMarket>& found) {
        std::vector<std::string> ids = MarketStream::split(cfg_.stream_markets);
        for (const CatalogueMarket& m : found) {
            meta_->from_catalogue(m);
            ids.push_back(m.market_id);
        }
        subscribe(std::move(ids));
    }

    Host host_;
    BetfairConfig cfg_;
    std::unique_ptr<Execution> exec_;
    std::unique_ptr<MarketMeta> meta_;
    std::mutex stream_mu_;                      // market_ and streamed_
    std::vector<std::string> streamed_;
    std::unique_ptr<MarketStream> market_;
    std::unique_ptr<Discoverer> discoverer_;
};

}  // namespace tradehost::betfair

TRADEHOST_PLUGIN(tradehost::betfair::BetfairPlugin, "betfair", "0.1.0", "broker",
                 "Betfair Exchange API-NG: interactive and certificate login, keepAlive, placeOrders/cancelOrders/replaceOrders, price ladder, hourly transaction limit, listCurrentOrders/listClearedOrders reconciliation, Exchange Stream API (order stream, market books and trades), market discovery (listMarketCatalogue) and runner metadata",
                 tradehost::betfair::kPorts, tradehost::betfair::kConfigFields)
