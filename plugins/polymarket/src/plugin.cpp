// polymarket: the plugin class (config, secrets, the wallet, the order path's lifetime), its
// ports and the exported entry.
#include "config.hpp"
#include "crypto/wallet.hpp"
#include "execution.hpp"
#include "market_data.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/ports.hpp>
#include <tradehost/venue/sign.hpp>

#include <memory>

namespace tradehost::polymarket {
namespace {

using namespace venue::ports;

// Same indexes as every venue adapter (tradehost/venue/ports.hpp).
constexpr th_port_desc kPorts[] = {
    in_port("orders", TH_EV_ORDER_REQUEST, "new and cancel requests (limit orders: GTC, IOC as FAK, FOK)"),
    out_port("exec_reports", TH_EV_EXECUTION_REPORT, "order state changes: ack, fills, cancel, reject"),
    out_port("fills", TH_EV_FILL, "one event per trade of ours (fill_id = trade id:order hash)"),
    out_port("positions", TH_EV_POSITION, "reserved for the shared adapter shape"),
    out_port("balances", TH_EV_BALANCE, "reserved for the shared adapter shape"),
    out_port("quotes", TH_EV_QUOTE, "reserved for the shared adapter shape (books carry the best levels)"),
    out_port("trades", TH_EV_TRADE, "the market channel's last_trade_price, aggressor side set"),
    out_port("status", TH_EV_VENUE_STATUS, "the order path and each market channel connection"),
    out_port("books", TH_EV_BOOK, "top `book_depth` levels of each token's book after every change (snapshot = 1)"),
    out_port("settlements", TH_EV_SETTLEMENT, "market_resolved: each token of the market at 1 (winner) or 0"),
};

}  // namespace

class PolymarketPlugin {
public:
    PolymarketPlugin(Host host, const Config& cfg) : host_(host), cfg_(PolymarketConfig::load(cfg)) {}
    ~PolymarketPlugin() { stop(); }

    void start() {
        // The key and credentials come from the environment variables the config names;
        // never logged, never saved.
        std::string key = host_.secret(cfg_.private_key_env);
        try {
            wallet_ = std::make_unique<Wallet>(key);
        } catch (const std::invalid_argument& e) {
            venue::secure_clear(key);
            throw ConfigError(cfg_.private_key_env + ": " + e.what());
        }
        venue::secure_clear(key);
        ApiCreds creds;
        if (!cfg_.api_key_env.empty()) {
            creds.key = host_.secret(cfg_.api_key_env);
            creds.secret = host_.secret(cfg_.api_secret_env);
            creds.passphrase = host_.secret(cfg_.api_passphrase_env);
        }
        exec_ = std::make_unique<Execution>(host_, cfg_, *wallet_, std::move(creds));
        exec_->start();
        if (!cfg_.market_ws_url.empty() && !cfg_.tokens.empty()) {
            MarketDataOptions mo;
            mo.url = cfg_.market_ws_url;
            mo.tokens = cfg_.tokens;
            mo.max_assets_per_connection = cfg_.max_assets_per_connection;
            mo.book_depth = cfg_.book_depth;
            mo.verify_tls = cfg_.verify_tls;
            mo.ping_interval = cfg_.ping_interval;
            mo.idle_timeout = cfg_.ping_interval * 3;
            mo.reconnect_min = cfg_.reconnect_min;
            mo.reconnect_max = cfg_.reconnect_max;
            Execution* exec = exec_.get();
            data_ = std::make_unique<MarketData>(host_, std::move(mo),
                                                 [exec](const std::string& token, th_fixed tick) { exec->set_tick(token, tick); });
            data_->start();
        }
        host_.info("polymarket at " + cfg_.rest_url + " as " + wallet_->address() + " on chain " +
                   std::to_string(cfg_.chain_id));
    }

    void stop() {
        if (data_) data_->stop();
        data_.reset();
        if (exec_) exec_->stop();
        exec_.reset();
        wallet_.reset();
    }

    void on_event(uint32_t port, const th_event_header& ev) {
        if (port != kPortOrders) throw InvalidArgument("polymarket: unknown input port " + std::to_string(port));
        th_order_request scratch;
        const th_order_request* req = event_as<th_order_request>(ev, scratch);
        if (!req) throw InvalidArgument("polymarket: orders port takes order requests");
        if (!exec_) throw Error(TH_ERR_STATE, "polymarket: not started");
        exec_->submit(*req);
    }

private:
    Host host_;
    PolymarketConfig cfg_;
    std::unique_ptr<Wallet> wallet_;   // before exec_: it signs for it
    std::unique_ptr<Execution> exec_;
    std::unique_ptr<MarketData> data_;  // after exec_: its tick changes go to it
};

}  // namespace tradehost::polymarket

TRADEHOST_PLUGIN(tradehost::polymarket::PolymarketPlugin, "polymarket", "0.1.0", "broker",
                 "Polymarket CLOB V2: EIP-712 signed orders (versions 2 and 3), L1/L2 auth, market and user channels, REST reconciliation",
                 tradehost::polymarket::kPorts, tradehost::polymarket::kConfigFields)
