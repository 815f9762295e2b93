// oanda: the order path's dialect for the venue kit's execution worker
// (tradehost/venue/execution_worker.hpp), which owns the queue and thread, the ledger, the
// pre-checks, reports and reconciliation. This class only speaks OANDA v20:
//  - orders go out as POST with our client order id in clientExtensions.id; cancels and
//    replaces address orders by "@<client id>" (no venue id needed);
//  - every transaction (order response, transaction stream, transactions/sinceid) becomes the
//    kit's order and fill updates; fills are named by their transaction id;
//  - lastTransactionID is the dialect's own watermark: advanced by the stream and by sinceid,
//    saved after the worker saved the ledger (so it never runs ahead of it), and the start of
//    every reconciliation's transaction read. A heartbeat announcing a newer id, or a stream
//    transaction whose id skips one, is a gap: the worker reconciles.
#ifndef TRADEHOST_PLUGINS_OANDA_EXECUTION_HPP
#define TRADEHOST_PLUGINS_OANDA_EXECUTION_HPP

#include "config.hpp"
#include "data.hpp"
#include "http.hpp"
#include "parse.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/execution_worker.hpp>
#include <tradehost/venue/http_client.hpp>
#include <tradehost/venue/json.hpp>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace tradehost::oanda {

/// OANDA's errorCode values (developer.oanda.com/rest-live-v20/troubleshooting-errors and the
/// reject reasons of transaction-df) as unified kinds.
const std::vector<venue::ErrorRule>& error_table();

class Execution final : public venue::ExecutionDialect {
public:
    Execution(Host host, const OandaConfig& cfg, MarketData& data);
    ~Execution() override;
    Execution(const Execution&) = delete;
    Execution& operator=(const Execution&) = delete;

    /// Executor thread: loads the saved watermark, starts the worker (which resolves the
    /// account, opens the streams and reconciles). The token is kept only by the REST client.
    void start(std::string token);
    void stop();
    void submit(const th_order_request& req) { worker_.submit(req); }

    // venue::ExecutionDialect (worker thread)
    bool connect(std::string& why) override;
    bool open_stream(venue::ExecutionWorker& worker) override;
    void close_stream() override;
    /// clientExtensions.id: OANDA documents a string with no length or charset of its own
    /// (order-df ClientExtensions); ids travel in paths as "@<id>", url-encoded. Every host id
    /// without a space is kept.
    venue::ClientIdFormat client_id_format() const override { return {}; }
    std::optional<std::string> check_new(const th_order_request& req) override;
    venue::Outcome place(const th_order_request& req, const venue::LedgerOrder& order) override;
    venue::Outcome cancel(const venue::LedgerOrder& order) override;
    bool supports_replace() const override { return true; }
    venue::Outcome replace(const th_order_request& req, const venue::LedgerOrder& old,
                           const venue::LedgerOrder& next) override;
    /// OANDA refuses a client id a pending order holds (CLIENT_ORDER_ID_ALREADY_EXISTS), and
    /// the worker resends only after GET .../orders/@id said no order ever had it.
    bool dedupes_client_order_ids() const override { return true; }
    venue::Lookup query_order(const venue::LedgerOrder& order) override;
    std::optional<venue::Outcome> query_open_orders() override;
    /// Transactions since the watermark (ignores `since_ns`: OANDA's log is read by id).
    venue::Outcome query_fills_since(int64_t since_ns, const std::vector<const venue::LedgerOrder*>& open) override;
    bool reads_transaction_log() const override { return true; }
    venue::StreamOutcome on_stream_message(std::string_view text) override;
    void refresh_account() override;
    void after_persist() override;

private:
    venue::VenueError error_of(const venue::HttpResponse& r);
    /// One transaction in the kit's terms; fills of orders we did not send are published here.
    void add_transaction(const Transaction& t, venue::Outcome& out);
    /// An order/replace response: created, filled, cancelled (at once: a venue refusal).
    venue::Outcome response_outcome(const OrderResponse& r, const std::string& client_id);
    bool order_spec(const th_order_request& req, uint8_t side, OrderSpec& spec, std::string& why);
    th_instrument instrument(const std::string& symbol);

    Host host_;
    OandaConfig cfg_;
    MarketData& data_;
    std::unique_ptr<OandaRest> rest_;      // worker thread once started
    std::unique_ptr<venue::LineStream> txn_stream_;
    venue::json::Decoder dec_;             // worker thread only
    int64_t last_txn_ = 0;                 ///< every transaction up to here was applied
    int64_t saved_txn_ = -1;               ///< what state_put last wrote
    std::map<std::string, th_instrument> ids_;
    std::set<std::string> open_positions_;  ///< instruments published with qty != 0
    venue::ExecutionWorker worker_;        // last: stopped before the members it uses go
};

}  // namespace tradehost::oanda

#endif
