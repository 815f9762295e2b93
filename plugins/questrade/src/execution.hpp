// questrade: the order path's dialect for the venue kit's execution worker
// (tradehost/venue/execution_worker.hpp), which owns the queue and thread, the ledger, the
// pre-checks, reports and reconciliation. Questrade has no order stream, so the worker
// reconciles every poll_interval: executions since the ledger's fill watermark (fills keyed
// by Questrade's execution id), then order states.
//
// Questrade has no client-order-id field. Our client order id -> orderId mapping lives in the
// Ledger, saved BEFORE the order is acknowledged downstream. An order POST that got no answer
// is never resent: query_order lists the account's orders and adopts the one that matches
// (symbol, side, quantity, created after the send); if none appears within
// kUnknownOutcomePolls lookups, the worker reports it rejected.
#ifndef TRADEHOST_PLUGINS_QUESTRADE_EXECUTION_HPP
#define TRADEHOST_PLUGINS_QUESTRADE_EXECUTION_HPP

#include "shared.hpp"

#include <tradehost/venue/execution_worker.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

namespace tradehost::questrade {

class Execution final : public tradehost::venue::ExecutionDialect {
public:
    static constexpr int kUnknownOutcomePolls = 3;
    /// Executions are asked for from the watermark minus this overlap (clock skew, late prints).
    static constexpr int64_t kOverlapNs = 60'000'000'000LL;

    explicit Execution(Shared& shared);
    ~Execution() override;
    Execution(const Execution&) = delete;
    Execution& operator=(const Execution&) = delete;

    void start() { worker_.start(); }
    /// Joins the worker and saves the ledger.
    void stop() { worker_.stop(); }
    void enqueue(const th_order_request& req) { worker_.submit(req); }

    // venue::ExecutionDialect (worker thread)
    bool connect(std::string& why) override;
    /// Questrade's order has no client id field: the id never leaves the ledger.
    venue::ClientIdFormat client_id_format() const override { return {0, "", true, false, false}; }
    std::optional<std::string> check_new(const th_order_request& req) override;
    tradehost::venue::Outcome place(const th_order_request& req, const tradehost::venue::LedgerOrder& order) override;
    tradehost::venue::Outcome cancel(const tradehost::venue::LedgerOrder& order) override;
    bool cancels_by_venue_id() const override { return true; }
    bool supports_replace() const override { return true; }
    bool replace_keeps_fills() const override { return true; }
    tradehost::venue::Outcome replace(const th_order_request& req, const tradehost::venue::LedgerOrder& old,
                                      const tradehost::venue::LedgerOrder& next) override;
    tradehost::venue::Lookup query_order(const tradehost::venue::LedgerOrder& order) override;
    std::optional<tradehost::venue::Outcome> query_open_orders() override;
    tradehost::venue::Outcome query_fills_since(int64_t since_ns,
                                                const std::vector<const tradehost::venue::LedgerOrder*>& open) override;
    void refresh_account() override;

private:
    struct Pending {  // an order POST without an answer
        int64_t symbol_id = 0;
        int64_t sent_ns = 0;
        int lookups = 0;
    };

    tradehost::venue::VenueError error_of(const RestReply& r) const;
    std::string order_body(const th_order_request& req, int64_t symbol_id) const;
    tradehost::venue::OrderUpdate to_update(const VenueOrder& vo);
    int64_t symbol_id(const th_order_request& req);

    Shared& sh_;
    std::unique_ptr<Rest> rest_;                           // worker thread only
    std::string account_;                                  // worker thread only
    std::string auth_failure_;                             // final login error (worker thread)
    std::unordered_map<std::string, Pending> pending_;     // client id -> unanswered POST
    std::unordered_map<std::string, int64_t> created_ns_;  // client id -> venue creationTime
    tradehost::venue::ExecutionWorker worker_;
};

}  // namespace tradehost::questrade

#endif
