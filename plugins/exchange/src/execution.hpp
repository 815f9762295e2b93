// exchange: the order path's dialect for the venue kit's execution worker
// (tradehost/venue/execution_worker.hpp), which owns the queue and thread, the ledger,
// the pre-checks, reports and reconciliation. This class only speaks the exchange's
// dialect: it loads market metadata and rate limits (connect), checks orders against them,
// places, cancels and looks orders up by client order id (then among closed ones), lists
// fills per symbol with paging, opens the order stream (a REST session token and keepalive
// where the exchange has one, a signed subscribe confirmed by the venue where it wants one,
// renewed before the venue's connection age limit) and reads its messages, including the
// venue's sequence numbers.
#pragma once

#include "config.hpp"
#include "dialect.hpp"
#include "http.hpp"
#include "market_meta.hpp"
#include "websocket.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/execution_worker.hpp>

#include <memory>
#include <optional>
#include <string>

namespace tradehost::exchange {

class Execution final : public venue::ExecutionDialect {
public:
    Execution(Host host, const Dialect& dialect, const ExchangeConfig& cfg, Credentials creds);
    ~Execution() override;
    Execution(const Execution&) = delete;
    Execution& operator=(const Execution&) = delete;

    void start() { worker_.start(); }
    void stop() { worker_.stop(); }
    void submit(const th_order_request& req) { worker_.submit(req); }
    /// The order stream's upkeep is due (from the plugin's timer): keepalive, reopen, renew.
    /// Executor thread.
    void keepalive_due() { worker_.post([this] { keepalive(); }); }

    // venue::ExecutionDialect (worker thread)
    bool connect(std::string& why) override;
    bool open_stream(venue::ExecutionWorker& worker) override;
    void close_stream() override;
    void interrupt() override { rest_->stop(); }
    venue::ClientIdFormat client_id_format() const override { return dialect_.client_id_format(); }
    std::optional<std::string> check_new(const th_order_request& req) override;
    venue::Outcome place(const th_order_request& req, const venue::LedgerOrder& order) override;
    venue::Outcome cancel(const venue::LedgerOrder& order) override;
    bool cancels_by_venue_id() const override { return dialect_.cancels_by_venue_id(); }
    venue::Lookup query_order(const venue::LedgerOrder& order) override;
    venue::Outcome query_fills_since(int64_t since_ns, const std::vector<const venue::LedgerOrder*>& open) override;
    std::optional<venue::Outcome> query_order_fills(const venue::LedgerOrder& order) override;
    venue::StreamOutcome on_stream_message(std::string_view text) override;
    void refresh_account() override;

private:
    venue::Lookup lookup_once(const Endpoint& ep, const std::string& client_order_id);
    /// Fills from `first` and its further pages.
    void collect_fills(const std::string& symbol, const Endpoint& first, std::vector<venue::FillUpdate>& out);
    venue::FillUpdate to_fill_update(const Fill& f) const;
    void keepalive();
    /// The venue ended the subscription or the connection (see UserStreamMessage::End).
    void stream_ended(const UserStreamMessage& m);

    Host host_;
    const Dialect& dialect_;
    const ExchangeConfig& cfg_;
    Credentials creds_;
    std::unique_ptr<RestSession> rest_;          // worker thread only
    MarketTable markets_;                        // worker thread only
    std::string stream_token_;                   // worker thread only
    std::optional<int64_t> last_user_sequence_;  // worker thread only; reset at each stream connect
    int64_t connected_at_ns_ = 0;                // worker thread; host time of the stream's connect, 0: none
    bool reopen_now_allowed_ = true;             // worker thread; see stream_ended
    std::unique_ptr<StreamLink> user_stream_;    // worker thread; close_stream after it joined
    venue::ExecutionWorker worker_;
};

}  // namespace tradehost::exchange
