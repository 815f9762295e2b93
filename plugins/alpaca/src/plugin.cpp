// alpaca: the plugin class (config, secrets, lifetime of execution and market data), its ports
// and the exported entry.
#include "config.hpp"
#include "data.hpp"
#include "execution.hpp"
#include "ports.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/sign.hpp>

#include <memory>

namespace tradehost::alpaca {
namespace {

// Same indexes as every venue adapter (enum Port in ports.hpp).
constexpr th_port_desc kPorts[] = {
    in_port("orders", TH_EV_ORDER_REQUEST, "new, cancel and replace requests"),
    out_port("exec_reports", TH_EV_EXECUTION_REPORT, "order state changes: ack, fills, cancel, replace, reject"),
    out_port("fills", TH_EV_FILL, "one event per Alpaca execution (fill_id = execution_id)"),
    out_port("positions", TH_EV_POSITION, "Alpaca's positions at start, after reconciliation and after fills"),
    out_port("balances", TH_EV_BALANCE, "cash (total) and buying power (available) at start and after fills"),
    out_port("quotes", TH_EV_QUOTE, "quotes of `symbols` from the Market Data v2 stream, sizes in shares"),
    out_port("trades", TH_EV_TRADE, "trades of `symbols` from the Market Data v2 stream"),
    out_port("status", TH_EV_VENUE_STATUS, "connect, disconnect, gap and reconciled of both streams"),
    out_port("bars", TH_EV_BAR, "minute bars of `symbols` (interval_s 60) when `bars` is on"),
};

}  // namespace

class AlpacaPlugin {
public:
    AlpacaPlugin(Host host, const Config& cfg) : host_(host), cfg_(AlpacaConfig::load(cfg)) {}
    ~AlpacaPlugin() { stop(); }

    void start() {
        // Credentials come from the environment variables the config names; never logged.
        std::string key = host_.secret(cfg_.key_env);
        std::string secret = host_.secret(cfg_.secret_env);
        exec_ = std::make_unique<Execution>(host_, cfg_, key, secret);
        if (!cfg_.symbols.empty()) data_ = std::make_unique<MarketData>(host_, cfg_, key, secret);
        venue::secure_clear(secret);
        exec_->start();
        if (data_) data_->start();
        host_.info(std::string("alpaca ") + (cfg_.live ? "live" : "paper") + " at " + cfg_.rest_url);
    }

    void stop() {
        if (data_) data_->stop();
        if (exec_) exec_->stop();
        data_.reset();
        exec_.reset();
    }

    void on_event(uint32_t port, const th_event_header& ev) {
        if (port != kPortOrders) throw InvalidArgument("alpaca: unknown input port " + std::to_string(port));
        th_order_request scratch;
        const th_order_request* req = event_as<th_order_request>(ev, scratch);
        if (!req) throw InvalidArgument("alpaca: orders port takes order requests");
        if (!exec_) throw Error(TH_ERR_STATE, "alpaca: not started");
        exec_->submit(*req);
    }

private:
    Host host_;
    AlpacaConfig cfg_;
    std::unique_ptr<Execution> exec_;
    std::unique_ptr<MarketData> data_;
};

}  // namespace tradehost::alpaca

TRADEHOST_PLUGIN(tradehost::alpaca::AlpacaPlugin, "alpaca", "1.0.0", "broker",
                 "Alpaca Trading API v2 and Market Data v2 (paper or live): orders, fills, positions, quotes",
                 tradehost::alpaca::kPorts, tradehost::alpaca::kConfigFields)
