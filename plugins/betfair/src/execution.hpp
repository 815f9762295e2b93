// betfair: the order path's dialect for the venue kit's execution worker
// (tradehost/venue/execution_worker.hpp: queue and thread, ledger, pre-checks, reports,
// reconciliation). This class speaks the Betting API: login at connect and keepAlive on a
// timer, placeOrders / cancelOrders / replaceOrders, listCurrentOrders and listClearedOrders
// for lookups and reconciliation, getAccountFunds for the balance. Prices are checked
// against the price ladder and the hourly transaction count before anything is sent.
//
// Ids: our client order id goes out as customerOrderRef (32 characters) and as customerRef,
// which Betfair de-duplicates for 60 s (DUPLICATE_TRANSACTION), so a placeOrders whose answer
// was lost may be sent once more; cancel and replace address the betId.
#pragma once

#include "api.hpp"
#include "config.hpp"
#include "esa_stream.hpp"
#include "orders.hpp"
#include "tx_counter.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/execution_worker.hpp>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace tradehost::betfair {

class Execution final : public venue::ExecutionDialect {
public:
    Execution(Host host, const BetfairConfig& cfg, Credentials creds);
    ~Execution() override;
    Execution(const Execution&) = delete;
    Execution& operator=(const Execution&) = delete;

    void start();
    void stop();
    void submit(const th_order_request& req) { worker_.submit(req); }
    /// One Betting API call on the worker thread (which owns the session), waited for from
    /// another thread (market discovery). An error if the worker does not run it in time.
    RpcResult betting_call(const std::string& op, const nlohmann::json& params);
    /// The latest login's session token (empty before the first); any thread.
    std::string session_token() {
        std::lock_guard lk(token_mu_);
        return stream_token_;
    }

    // venue::ExecutionDialect (worker thread)
    bool connect(std::string& why) override;
    /// customerOrderRef: up to 32 characters; customerRef's documented charset.
    venue::ClientIdFormat client_id_format() const override { return {32, "-._:+*;~", false, false, true}; }
    std::optional<std::string> check_new(const th_order_request& req) override;
    venue::Outcome place(const th_order_request& req, const venue::LedgerOrder& order) override;
    venue::Outcome cancel(const venue::LedgerOrder& order) override;
    bool cancels_by_venue_id() const override { return true; }
    /// replaceOrders changes a bet's price (a new bet for the unmatched stake); the stake
    /// cannot change there, so a replace with another quantity is refused locally.
    bool supports_replace() const override { return true; }
    venue::Outcome replace(const th_order_request& req, const venue::LedgerOrder& old,
                           const venue::LedgerOrder& next) override;
    bool dedupes_client_order_ids() const override { return true; }
    venue::Lookup query_order(const venue::LedgerOrder& order) override;
    std::optional<venue::Outcome> query_open_orders() override;
    /// Betfair lists matched totals, not matches: the bet's total now, as one fill.
    std::optional<venue::Outcome> query_order_fills(const venue::LedgerOrder& order) override;
    venue::Outcome query_fills_since(int64_t since_ns, const std::vector<const venue::LedgerOrder*>& open) override;
    void refresh_account() override;
    /// The Exchange Stream API's order subscription (esa_stream.hpp), when `stream_host` is
    /// set: its `ocm` lines are parsed here as the same records listCurrentOrders gives.
    bool open_stream(venue::ExecutionWorker& worker) override;
    void close_stream() override;
    venue::StreamOutcome on_stream_message(std::string_view text) override;

private:
    /// A report's error: the instruction's errorCode when it has one, else the report's.
    venue::VenueError report_error(const nlohmann::json& report, const char* what) const;
    /// Order and fill updates for bets Betfair listed (ids mapped through the ledger).
    void add_bets(venue::Outcome& out, const std::vector<BetState>& bets);
    /// Every page of listCurrentOrders with `params` (fromRecord/recordCount added).
    std::optional<std::vector<BetState>> current_orders(nlohmann::json params, venue::VenueError& err);
    std::optional<std::vector<BetState>> cleared_orders(nlohmann::json params, const std::string& status,
                                                        venue::VenueError& err);
    void count_transactions(uint32_t n);
    void keep_alive_loop();

    Host host_;
    BetfairConfig cfg_;
    std::unique_ptr<Api> api_;               // worker thread only
    TransactionCounter tx_;                  // worker thread only
    std::string currency_;                   // getAccountDetails' currencyCode (worker thread)
    std::mutex token_mu_;
    std::string stream_token_;               // a copy of the session token for the stream's thread
    std::string app_key_;                    // the stream authenticates with it too
    std::unique_ptr<esa::Stream> order_stream_;
    std::mutex ka_mu_;
    std::condition_variable ka_cv_;
    bool ka_stop_ = false;
    std::thread keep_alive_;
    venue::ExecutionWorker worker_;          // last: destroyed first
};

}  // namespace tradehost::betfair
