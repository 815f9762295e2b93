// exchange: orders. on_event only enqueues; one worker thread owns the REST session, the
// market table and the ledger: it loads market metadata and the venue's rate limits, sends
// orders (checked locally first), applies order-stream updates, and reconciles at start and
// after every reconnect of the order stream (open orders by client order id + fills since
// the ledger's watermark), publishing only fills the ledger has not seen. The ledger is
// persisted with state_put("ledger") after every change.
#pragma once

#include "config.hpp"
#include "dialect.hpp"
#include "http.hpp"
#include "market_meta.hpp"
#include "websocket.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/ledger.hpp>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>

namespace tradehost::exchange {

class Execution {
public:
    Execution(Host host, const Dialect& dialect, const ExchangeConfig& cfg, Credentials creds);
    ~Execution();
    Execution(const Execution&) = delete;
    Execution& operator=(const Execution&) = delete;

    /// Loads the persisted ledger and starts the worker. Executor thread.
    void start();
    /// Stops the stream and the worker; persists the ledger. Executor thread.
    void stop();
    /// Queues an order request (never blocks on the venue). Executor thread.
    void submit(const th_order_request& req);
    /// The user-stream keepalive is due (from the plugin's timer). Executor thread.
    void keepalive_due();

private:
    struct UserMessage { std::string text; };
    struct Reconcile {
        std::string why;
        bool new_connection = false;  ///< from a stream (re)connect: sequence numbers restart
    };
    struct Keepalive {};
    using Task = std::variant<th_order_request, UserMessage, Reconcile, Keepalive>;

    void enqueue(Task t);
    void run();
    bool initialize();
    void reject_queued_orders(const std::string& reason);
    void open_user_stream();
    void handle(const th_order_request& req);
    void handle_new(const th_order_request& req);
    void handle_cancel(const th_order_request& req);
    void handle_user_message(std::string_view text);
    /// What the venue says about one of our orders: fetch_order, then fetch_closed_order
    /// when the first answer does not hold it.
    enum class Found { yes, no, failed };
    struct Lookup {
        Found found = Found::failed;
        OrderState state;
        UnifiedError error;  ///< why it failed, or the venue's "unknown order" for no
    };
    Lookup lookup_order(const std::string& symbol, const venue::LedgerOrder& order);
    Lookup lookup_once(const Endpoint& ep, const venue::LedgerOrder& order);
    /// Applies a looked-up state: venue id, fills the ledger lacks, then the venue's ending.
    void apply_looked_up(const OrderState& s, venue::LedgerOrder& order);
    /// Fills of one order the ledger has not seen (its executed quantity is ahead of ours).
    int recover_order_fills(venue::LedgerOrder& order);
    /// Fills from `first` and its further pages, those of ledger orders applied; the count.
    int recover_fills(const std::string& symbol, const Endpoint& first);
    int64_t fills_since_ms() const;
    void apply_update(const OrderUpdate& u);
    bool apply_fill(Fill f, venue::LedgerOrder& order);
    void apply_state(const OrderState& s, venue::LedgerOrder& order);
    void reconcile(const std::string& why);
    void keepalive();
    void publish_balances();
    void reject(const th_order_request& req, std::string_view cid, const std::string& reason);
    void report(const venue::LedgerOrder& o, uint8_t exec_type, const Fill* last, std::string_view reason,
                int64_t ts_ns);
    void persist();
    std::string describe(const UnifiedError& e) const;

    Host host_;
    const Dialect& dialect_;
    const ExchangeConfig& cfg_;
    Credentials creds_;
    std::unique_ptr<RestSession> rest_;  // used by the worker only
    venue::Ledger ledger_;               // worker only (start/stop: before/after the worker)
    MarketTable markets_;                // worker only
    std::string stream_token_;           // worker only
    std::optional<int64_t> last_user_sequence_;  // worker only; reset at each stream connect
    std::unique_ptr<StreamLink> user_stream_;
    bool balances_dirty_ = false;

    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Task> queue_;
    bool stopping_ = false;
    std::thread worker_;
};

}  // namespace tradehost::exchange
