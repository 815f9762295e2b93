// oanda: order execution. on_event only enqueues; one worker thread owns the REST client, the
// fill ledger and the transaction stream's state, so none of them needs a lock:
//  - orders go out as POST/PUT with our client order id in clientExtensions.id, and cancels and
//    replaces address orders by "@<client id>";
//  - every transaction (REST response, transaction stream, transactions/sinceid) goes through
//    one apply(), idempotent by transaction id (the ledger), so a fill is published once;
//  - lastTransactionID is the reconciliation watermark: persisted with the ledger, advanced by
//    the stream and by sinceid; a stream (re)connect, a heartbeat announcing a newer id, or a
//    restart fetches transactions since it.
#ifndef TRADEHOST_PLUGINS_OANDA_EXECUTION_HPP
#define TRADEHOST_PLUGINS_OANDA_EXECUTION_HPP

#include "config.hpp"
#include "data.hpp"
#include "http.hpp"
#include "parse.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/http_client.hpp>
#include <tradehost/venue/json.hpp>
#include <tradehost/venue/ledger.hpp>

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace tradehost::oanda {

class Execution {
public:
    Execution(Host host, const OandaConfig& cfg, MarketData& data);
    ~Execution();
    Execution(const Execution&) = delete;
    Execution& operator=(const Execution&) = delete;

    /// Executor thread: loads the persisted ledger and watermark, starts the worker, which
    /// resolves the account, opens the streams and reconciles.
    void start(std::string token);
    /// Executor thread: stops streams and worker, persists.
    void stop();
    /// Executor thread: queues an order request for the worker.
    void submit(const th_order_request& req);

private:
    struct Job {
        enum Kind { kOrder, kTxnLine, kStreamOpen, kStreamClosed } kind = kOrder;
        th_order_request req{};
        std::string text;
    };

    // Worker.
    void run();
    void push(Job job);
    bool ensure_ready();
    void handle(Job& job);
    void on_new(const th_order_request& req);
    void on_cancel(const th_order_request& req);
    void on_replace(const th_order_request& req);
    void on_txn_line(const std::string& line);
    void on_stream_open();
    void reconcile(const char* why);
    void refresh_account();

    void apply_order_response(const OrderResponse& r, const std::string& client_id);
    bool apply(const Transaction& t);
    bool apply_fill(const Transaction& t);
    void apply_cancel(const Transaction& t, bool immediate);
    void advance_watermark(int64_t id);

    // Output.
    void report(const venue::LedgerOrder& o, th_exec_type type, th_time_ns ts, th_fixed last_px,
                th_fixed last_qty, std::string_view reason);
    void reject_request(const th_order_request& req, std::string_view client_id, std::string_view reason);
    void persist();
    th_instrument instrument(const std::string& symbol);
    static std::string id_of(const char (&field)[TH_ID_LEN]);

    Host host_;
    OandaConfig cfg_;
    MarketData& data_;
    std::string token_;

    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Job> queue_;
    bool stopping_ = false;
    std::thread worker_;

    // Worker-owned.
    std::unique_ptr<OandaRest> rest_;
    std::unique_ptr<venue::LineStream> txn_stream_;
    venue::json::Decoder decoder_;
    venue::Ledger ledger_;
    int64_t last_txn_ = 0;           ///< every transaction up to here was applied
    bool ready_ = false;
    std::string not_ready_reason_;
    std::map<std::string, th_instrument> ids_;
    std::set<std::string> open_positions_;  ///< instruments published with qty != 0
    uint64_t stream_opens_ = 0;
};

}  // namespace tradehost::oanda

#endif
