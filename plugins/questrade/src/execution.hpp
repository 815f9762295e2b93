// questrade: orders, fills and account state, on one worker thread.
//
// on_event only enqueues. The worker logs in, picks the account, reconciles (executions since
// the ledger's fill watermark, then order states), publishes positions and balances, and then
// alternates between queued requests and a poll of executions and orders every poll_interval.
// Every poll is a reconciliation: fills are keyed by Questrade's execution id in the Ledger,
// so a fill seen twice (overlapping polls, a restart) is published once.
//
// Questrade has no client-order-id field. Our client order id -> orderId mapping lives in the
// Ledger, saved with state_put BEFORE the order is acknowledged downstream. An order POST
// that got no answer is never resent: the next polls list the account's orders and adopt the
// one that matches (symbol, side, quantity, created after the send); if none appears within
// kUnknownOutcomePolls polls the order is reported rejected.
#ifndef TRADEHOST_PLUGINS_QUESTRADE_EXECUTION_HPP
#define TRADEHOST_PLUGINS_QUESTRADE_EXECUTION_HPP

#include "shared.hpp"

#include <tradehost/venue/ledger.hpp>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

namespace tradehost::questrade {

class ExecutionWorker {
public:
    static constexpr int kUnknownOutcomePolls = 3;
    /// Executions are asked for from the watermark minus this overlap (clock skew, late prints).
    static constexpr int64_t kOverlapNs = 60'000'000'000LL;

    /// `ledger_blob`: what state_get("ledger") returned at start (empty: none).
    ExecutionWorker(Shared& shared, const std::string& ledger_blob);
    ~ExecutionWorker() { stop(); }
    ExecutionWorker(const ExecutionWorker&) = delete;
    ExecutionWorker& operator=(const ExecutionWorker&) = delete;

    void start();
    /// Joins the worker and saves the ledger.
    void stop();
    void enqueue(const th_order_request& req);

private:
    struct Pending {  // an order POST without an answer
        int64_t symbol_id = 0;
        int64_t sent_ns = 0;
        int polls = 0;
    };

    void run();
    bool connect(Rest& rest);
    void reconcile(Rest& rest);
    void drain(Rest& rest);
    void handle(Rest& rest, const th_order_request& req);
    void handle_new(Rest& rest, const th_order_request& req);
    void handle_cancel(Rest& rest, const th_order_request& req);
    void handle_replace(Rest& rest, const th_order_request& req);
    bool poll_executions(Rest& rest);
    bool poll_orders(Rest& rest);
    void publish_account(Rest& rest);
    void apply_venue_order(const VenueOrder& vo);

    std::string validate(const th_order_request& req, int64_t* symbol_id, Rest& rest);
    std::string order_body(const th_order_request& req, int64_t symbol_id) const;
    void persist();
    void report(const tradehost::venue::LedgerOrder& o, th_exec_type type, th_fixed last_px, th_fixed last_qty,
                const std::string& reason);
    void reject_request(const th_order_request& req, const std::string& reason);
    bool wait_for_work(int64_t ns);

    Shared& sh_;
    tradehost::venue::Ledger ledger_;
    std::string account_;
    std::unordered_map<std::string, Pending> pending_;     // client id -> unanswered POST
    std::unordered_map<std::string, int64_t> created_ns_;  // client id -> venue creationTime

    std::thread thread_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<th_order_request> queue_;
    bool stopping_ = false;
    bool connected_ = false;
    std::string auth_failure_;  // final auth error: orders are rejected with it
    bool poll_failed_ = false;
    bool fills_since_account_ = false;
    bool persist_failed_ = false;
};

}  // namespace tradehost::questrade

#endif
