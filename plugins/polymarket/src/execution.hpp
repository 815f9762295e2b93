// polymarket: the order path's dialect for the venue kit's execution worker
// (tradehost/venue/execution_worker.hpp), which owns the queue and thread, the ledger, the
// pre-checks, reports and reconciliation. This class speaks the CLOB: L1 credentials at
// connect (from the environment, or derived/created with the wallet), GET /version for the
// order version to sign (refusing one it does not know), GET /book for each token's tick,
// minimum size and neg-risk flag (registered as instrument info), POST /order with an
// EIP-712 order signed for the market's exchange (POST /orders for a batch), DELETE /order
// (DELETE /orders for several), GET /data/order,
// /data/orders and /data/trades for reconciliation.
//
// Polymarket orders carry no client order id: an order's id is its EIP-712 hash, which is
// known before it is sent. The hash is saved (state "order_hashes") before the POST, so a
// lost answer or a restart still finds the order by it.
#pragma once

#include "config.hpp"
#include "crypto/wallet.hpp"
#include "http.hpp"
#include "parse.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/execution_worker.hpp>

#include <tradehost/venue/ws_client.hpp>

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace tradehost::polymarket {

/// The CLOB's documented error texts (docs.polymarket.com resources/error-codes) as
/// unified kinds.
const std::vector<venue::ErrorRule>& error_table();

class Execution final : public venue::ExecutionDialect {
public:
    /// `wallet` must outlive this.
    Execution(Host host, const PolymarketConfig& cfg, const Wallet& wallet, ApiCreds env_creds);
    ~Execution() override;
    Execution(const Execution&) = delete;
    Execution& operator=(const Execution&) = delete;

    void start() { worker_.start(); }
    void stop() { worker_.stop(); }
    void submit(const th_order_request& req) { worker_.submit(req); }
    /// The market channel saw a new tick for `token`: later orders are checked and rounded
    /// on it. Any thread (queued to the worker).
    void set_tick(const std::string& token, th_fixed tick);

    // venue::ExecutionDialect (worker thread)
    bool connect(std::string& why) override;
    void interrupt() override { rest_->interrupt(); }
    /// The user channel: subscribed with the API credentials for the tokens' markets; its
    /// order and trade events are applied like REST answers (fills deduplicated by id, so a
    /// trade seen on the stream and again over REST counts once).
    bool open_stream(venue::ExecutionWorker& worker) override;
    void close_stream() override;
    venue::StreamOutcome on_stream_message(std::string_view text) override;
    /// No client order id field: the id stays in the ledger, the order hash names the order.
    venue::ClientIdFormat client_id_format() const override { return {0, "", true, false, false}; }
    std::optional<std::string> check_new(const th_order_request& req) override;
    venue::Outcome place(const th_order_request& req, const venue::LedgerOrder& order) override;
    venue::Outcome cancel(const venue::LedgerOrder& order) override;
    /// POST /orders (docs/venue-kit.md, "Batches"): up to 15 signed orders per request.
    std::size_t max_place_batch() const override { return kMaxBatchOrders; }
    std::vector<venue::Outcome> place_batch(const std::vector<const th_order_request*>& reqs,
                                            const std::vector<const venue::LedgerOrder*>& orders) override;
    /// DELETE /orders with a list of order hashes.
    std::size_t max_cancel_batch() const override { return kMaxBatchCancels; }
    std::vector<venue::Outcome> cancel_batch(const std::vector<const venue::LedgerOrder*>& orders) override;
    /// "*": DELETE /cancel-all; "market:<condition id>": DELETE /cancel-market-orders (a
    /// market of `tokens`; another is refused, since none of its orders are tracked).
    std::optional<venue::Outcome> cancel_all(std::string_view market) override;
    bool cancels_by_venue_id() const override { return true; }
    venue::Lookup query_order(const venue::LedgerOrder& order) override;
    std::optional<venue::Outcome> query_open_orders() override;
    venue::Outcome query_fills_since(int64_t since_ns, const std::vector<const venue::LedgerOrder*>& open) override;

private:
    bool load_credentials(std::string& why);
    venue::VenueError error_of(const venue::HttpResponse& r) const;
    std::string hash_of(const venue::LedgerOrder& order) const;
    /// The POST /order(s) entry of `req`, signed for its market under the announced
    /// version; `hash` its id, recorded for the order (saved by the caller before sending).
    std::string signed_body(const th_order_request& req, const venue::LedgerOrder& order, std::string& hash);
    bool refresh_version();
    venue::Outcome accepted(const venue::LedgerOrder& order, const PostAnswer& ans, const std::string& hash);
    venue::Outcome cancel_outcome(const venue::LedgerOrder& order, const std::string& hash, const CancelAnswer& a,
                                  int http_status) const;
    void save_hashes();
    void heartbeat();

    Host host_;
    PolymarketConfig cfg_;
    const Wallet& wallet_;
    ApiCreds env_creds_;
    std::unique_ptr<ClobRest> rest_;                 // worker thread only
    int version_ = 0;                                // the order version the exchange announced
    std::map<std::string, MarketMeta> markets_;      // token id -> meta (worker thread)
    std::map<std::string, std::string> hashes_;      // client order id -> order hash (worker thread)
    std::unique_ptr<venue::WsClient> user_ws_;
    std::string user_subscription_;                  // set before the stream starts; read on its thread
    std::mutex hb_mu_;
    std::condition_variable hb_cv_;
    bool hb_stop_ = false;
    std::thread hb_;
    venue::ExecutionWorker worker_;
};

}  // namespace tradehost::polymarket
