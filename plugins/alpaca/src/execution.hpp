// alpaca: the order path's dialect for the venue kit's execution worker
// (tradehost/venue/execution_worker.hpp), which owns the queue and thread, the ledger, the
// pre-checks, reports and reconciliation. This class only speaks Alpaca: POST/DELETE/PATCH
// /v2/orders (cancel and replace by Alpaca's order id; Alpaca refuses a second order with
// the same client_order_id, so a lost POST may be resent after a lookup says "unknown"), the
// trade_updates stream, open orders, FILL activities (paged, 100 per page) and the account.
#ifndef TRADEHOST_PLUGINS_ALPACA_EXECUTION_HPP
#define TRADEHOST_PLUGINS_ALPACA_EXECUTION_HPP

#include "config.hpp"
#include "http.hpp"
#include "parse.hpp"
#include "websocket.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/execution_worker.hpp>
#include <tradehost/venue/json.hpp>

#include <map>
#include <memory>
#include <string>

namespace tradehost::alpaca {

/// Alpaca's error codes (https://docs.alpaca.markets/docs/api-error-codes) as unified kinds.
const std::vector<venue::ErrorRule>& error_table();

class Execution final : public venue::ExecutionDialect {
public:
    Execution(Host host, const AlpacaConfig& cfg, const std::string& key_id, const std::string& secret);
    ~Execution() override;
    Execution(const Execution&) = delete;
    Execution& operator=(const Execution&) = delete;

    void start() { worker_.start(); }
    void stop() { worker_.stop(); }
    void submit(const th_order_request& req) { worker_.submit(req); }

    // venue::ExecutionDialect (worker thread)
    bool open_stream(venue::ExecutionWorker& worker) override;
    void close_stream() override { stream_->stop(); }
    /// client_order_id: up to 128 characters (docs.alpaca.markets, Orders API): every host id fits.
    venue::ClientIdFormat client_id_format() const override { return {128, "", true, false, true}; }
    std::optional<std::string> check_new(const th_order_request& req) override;
    venue::Outcome place(const th_order_request& req, const venue::LedgerOrder& order) override;
    venue::Outcome cancel(const venue::LedgerOrder& order) override;
    bool cancels_by_venue_id() const override { return true; }
    bool supports_replace() const override { return true; }
    venue::Outcome replace(const th_order_request& req, const venue::LedgerOrder& old,
                           const venue::LedgerOrder& next) override;
    bool dedupes_client_order_ids() const override { return true; }
    venue::Lookup query_order(const venue::LedgerOrder& order) override;
    std::optional<venue::Outcome> query_open_orders() override;
    venue::Outcome query_fills_since(int64_t since_ns, const std::vector<const venue::LedgerOrder*>& open) override;
    void refresh_account() override;

private:
    venue::VenueError error_of(const venue::HttpResponse& r);
    venue::Outcome update_outcome(const TradeUpdate& u);

    Host host_;
    AlpacaConfig cfg_;
    std::unique_ptr<AlpacaRest> rest_;      // worker thread only
    venue::json::Decoder dec_;              // worker thread only
    std::unique_ptr<TradeStream> stream_;
    std::map<std::string, th_fixed> published_positions_;  // worker thread only
    venue::ExecutionWorker worker_;
};

}  // namespace tradehost::alpaca

#endif
