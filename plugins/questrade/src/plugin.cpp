// questrade: the venue adapter instance, its ports and the exported plugin entry.
#include "config.hpp"
#include "data.hpp"
#include "execution.hpp"
#include "shared.hpp"

#include <tradehost/plugin.hpp>

#include <memory>

namespace tradehost::questrade {
namespace {

// Order must match enum Port in tradehost/venue/ports.hpp (the same indexes as every venue adapter).
constexpr th_port_desc kPorts[] = {
    in_port("orders", TH_EV_ORDER_REQUEST, "new, cancel and replace requests"),
    out_port("exec_reports", TH_EV_EXECUTION_REPORT, "order state changes (ack, fills, cancel, reject)"),
    out_port("fills", TH_EV_FILL, "one event per Questrade execution (fill_id = execution id), fees included"),
    out_port("positions", TH_EV_POSITION, "account positions at start, after reconciliation and after fills"),
    out_port("balances", TH_EV_BALANCE, "per-currency cash (total) and buying power (available)"),
    out_port("quotes", TH_EV_QUOTE, "polled Level 1 quotes of the configured symbols"),
    out_port("trades", TH_EV_TRADE, "last trade of a symbol when it changed between polls"),
    out_port("status", TH_EV_VENUE_STATUS, "login, disconnect, gap and reconciliation events"),
};

}  // namespace

class QuestradeVenue {
public:
    QuestradeVenue(tradehost::Host host, const tradehost::Config& cfg)
        : host_(host), cfg_(QuestradeConfig::load(cfg)) {}

    ~QuestradeVenue() { halt(); }

    void start() {
        SessionOptions so;
        so.login_url = cfg_.login_url;
        so.rest_url = cfg_.rest_url;
        so.token_file = cfg_.token_file.empty() ? "var/questrade-" + host_.instance_name() + ".token" : cfg_.token_file;
        so.refresh_margin = std::chrono::nanoseconds(cfg_.refresh_margin_ns);
        so.http = make_http_options(cfg_);
        // secret_get is for callbacks: read the first token here, and only when the file that
        // supersedes it does not exist yet (the env var's token is spent after the first login).
        if (!TokenStore(so.token_file).exists()) {
            try {
                so.initial_token = host_.secret(cfg_.refresh_token_env);
            } catch (const tradehost::Error&) {
                // Reported by the worker as a clear status ("no refresh token"), not a failed start:
                // market-data-free deployments still come up and say what is missing.
            }
        }
        shared_ = std::make_unique<Shared>(host_, cfg_, std::move(so));
        exec_ = std::make_unique<Execution>(*shared_);  // loads the ledger at start
        data_ = std::make_unique<DataPoller>(*shared_);
        exec_->start();
        data_->start();
    }

    void stop() { halt(); }

    void on_event(uint32_t port, const th_event_header& ev) {
        th_order_request scratch;
        const th_order_request* req = tradehost::event_as<th_order_request>(ev, scratch);
        if (port != kPortOrders || req == nullptr)
            throw tradehost::InvalidArgument("unexpected event type " + std::to_string(ev.type) + " on port " +
                                             std::to_string(port));
        if (!exec_) throw tradehost::Error(TH_ERR_STATE, "questrade: not started");
        exec_->enqueue(*req);  // never block the executor: the worker sends
    }

private:
    void halt() {
        if (data_) data_->stop();
        if (exec_) exec_->stop();
        data_.reset();
        exec_.reset();
        shared_.reset();
    }

    tradehost::Host host_;
    QuestradeConfig cfg_;
    std::unique_ptr<Shared> shared_;
    std::unique_ptr<Execution> exec_;
    std::unique_ptr<DataPoller> data_;
};

}  // namespace tradehost::questrade

TRADEHOST_PLUGIN(tradehost::questrade::QuestradeVenue, "questrade", "1.0.0", "broker",
                 "Questrade: OAuth refresh-token session, polled quotes, orders and executions",
                 tradehost::questrade::kPorts, tradehost::questrade::kConfigFields)
