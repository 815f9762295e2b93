// alpaca: order execution. on_event only validates what needs no I/O and enqueues; one worker
// thread owns the REST client and the Ledger, sends orders, turns trade_updates events into
// execution reports and fills, and reconciles at start and after every reconnect of the
// trade_updates stream (open orders + FILL activities since the ledger's watermark), publishing
// only fills the ledger has not seen. The ledger is persisted with state_put("ledger") after
// every change, so a restart publishes nothing twice.
#ifndef TRADEHOST_PLUGINS_ALPACA_EXECUTION_HPP
#define TRADEHOST_PLUGINS_ALPACA_EXECUTION_HPP

#include "config.hpp"
#include "http.hpp"
#include "parse.hpp"
#include "websocket.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/json.hpp>
#include <tradehost/venue/ledger.hpp>

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace tradehost::alpaca {

class Execution {
public:
    Execution(Host host, const AlpacaConfig& cfg, const std::string& key_id, const std::string& secret);
    ~Execution();
    Execution(const Execution&) = delete;
    Execution& operator=(const Execution&) = delete;

    /// Loads the persisted ledger, starts the worker (which reconciles first) and the stream.
    void start();
    /// Stops the stream and the worker (requests already queued are handled), persists.
    void stop();
    /// Executor thread: rejects at once what cannot be sent (kill switch, unknown instrument,
    /// unsupported type), queues the rest for the worker. Never blocks on I/O.
    void submit(const th_order_request& req);

private:
    struct Work {
        enum class Kind { request, update, reconcile, stop };
        Kind kind = Kind::reconcile;
        th_order_request req{};
        TradeUpdate update;
    };
    void push(Work w);
    void run();
    void handle(Work& w);

    void handle_new(const th_order_request& req);
    void handle_cancel(const th_order_request& req);
    void handle_replace(const th_order_request& req);
    void handle_update(const TradeUpdate& u);
    void reconcile();
    void reconcile_fills();
    void refresh_account();

    void accept(const Order& o);
    void resolve_unknown(const std::string& client_order_id, const NewOrder& o);
    bool apply_fill(const std::string& client_order_id, const std::string& fill_id, int64_t ts, th_fixed px,
                    th_fixed qty);
    void finish(venue::LedgerOrder& o, uint8_t exec_type, uint8_t status, const std::string& reason);
    void report(const venue::LedgerOrder& o, uint8_t exec_type, th_time_ns ts, th_fixed last_px, th_fixed last_qty,
                const std::string& reason);
    void reject(const th_order_request& req, const std::string& client_order_id, const std::string& reason);
    std::string venue_reason(const venue::HttpResponse& r);
    void persist();

    Host host_;
    AlpacaConfig cfg_;
    std::unique_ptr<AlpacaRest> rest_;      // worker thread only
    venue::json::Decoder dec_;              // worker thread only
    venue::Ledger ledger_;                  // worker thread only (and start/stop)
    std::unique_ptr<TradeStream> stream_;
    std::map<std::string, th_fixed> published_positions_;  // worker thread only
    bool account_dirty_ = false;            // worker thread only

    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Work> queue_;
    std::thread worker_;
    bool running_ = false;
};

}  // namespace tradehost::alpaca

#endif
