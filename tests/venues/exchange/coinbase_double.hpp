// A loopback double of Coinbase Advanced Trade: REST /api/v3/brokerage (products, accounts,
// orders create / batch_cancel / historical/{id} / historical/batch / historical/fills) with
// every request's CDP JWT checked (ES256 signature through the test's verifier, `uri` claim =
// "METHOD host/path", not expired), Coinbase's error answers (HTTP 200 success:false with
// error_response for INSUFFICIENT_FUND, results[].success false UNKNOWN_CANCEL_ORDER, 404
// NOT_FOUND, 401 plain-text "Unauthorized", 429 RESOURCE_EXHAUSTED), and the WebSocket feed
// (ticker, market_trades, heartbeats, user with a JWT in the subscribe) where every message
// carries the connection's sequence_num. Built on the shared MatchingCore; test controls as
// the Binance and Kraken doubles (fill, missed fills, drops, 429s) plus sequence gaps.
#pragma once

#include "matching_core.hpp"

#include "double/loopback_server.hpp"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace tradehost::doubles::exchange {

class CoinbaseDouble {
public:
    /// Checks a JWT as Coinbase does: its ES256 signature against the key's public key, `sub`
    /// and `kid` = the key name, not expired, and `uri` = `expected_uri` ("GET host/path"), or
    /// no `uri` when `expected_uri` is empty (WebSocket). The tests pass the plugin's verifier.
    using JwtCheck = std::function<bool(const std::string& token, const std::string& expected_uri)>;

    explicit CoinbaseDouble(JwtCheck check);
    ~CoinbaseDouble();
    CoinbaseDouble(const CoinbaseDouble&) = delete;
    CoinbaseDouble& operator=(const CoinbaseDouble&) = delete;

    std::string rest_url() const;    ///< http://127.0.0.1:PORT (paths /api/v3/brokerage/...)
    std::string stream_url() const;  ///< ws://127.0.0.1:PORT/ (market data and user channel)
    LoopbackServer& server() { return server_; }
    MatchingCore& core() { return core_; }

    void add_product(const std::string& product_id, const std::string& base, const std::string& quote,
                     const std::string& price_increment, const std::string& base_increment,
                     const std::string& base_min_size, const std::string& quote_min_size);
    void set_balance(const std::string& currency, const std::string& amount);

    /// Executes `qty` at `px` of our order: REST state and fills change and, unless
    /// missed-fill mode is on, a user-channel update (cumulative, no per-fill id) goes out.
    bool fill(const std::string& client_order_id, const std::string& qty, const std::string& px);
    void set_missed_fill_mode(bool on) { missed_fills_ = on; }
    void push_ticker(const std::string& product_id, const std::string& bid, const std::string& bid_qty,
                     const std::string& ask, const std::string& ask_qty);
    /// One market_trades update carrying every (price, size) given, BUY or SELL taker side.
    void push_trades(const std::string& product_id, const std::vector<std::pair<std::string, std::string>>& trades,
                     bool buy);
    void push_heartbeat();
    /// The `level2` channel (messages on `l2_data`): `set_book` replaces the double's book of a
    /// product (sent as the "snapshot" event to each level2 subscribe), `push_l2_update` applies
    /// (side "bid"/"offer", price, new quantity; "0" removes) and sends an "update" event.
    struct L2 { std::string side, price, qty; };
    void set_book(const std::string& product_id, const std::vector<L2>& levels);
    void push_l2_update(const std::string& product_id, const std::vector<L2>& levels);
    /// level2 subscribes received (resubscribes included).
    int level2_subscribes() const { return level2_subscribes_.load(); }
    /// The next message on every connection skips `count` sequence numbers (lost messages).
    void skip_sequence(int count = 1) { skip_ += count; }
    void drop_streams() { server_.drop_all_streams(); }
    /// The next `count` REST requests are answered 429 RESOURCE_EXHAUSTED.
    void inject_429(int count = 1);

    int orders_received() const { return orders_received_.load(); }
    int auth_failures() const { return auth_failures_.load(); }
    std::size_t user_sessions() const;
    std::size_t market_sessions() const;
    /// JWTs of user-channel subscribes accepted so far (each must be fresh).
    std::vector<std::string> user_jwts() const;

private:
    struct Session {
        std::shared_ptr<WsSession> ws;
        std::set<std::string> subs;  // "channel:product" ("user:", "heartbeats:")
        int64_t sequence = 0;
    };

    void install_routes();
    void install_streams();
    bool authorized(const Request& r);
    Response create_order(const Request& r);
    Response batch_cancel(const Request& r);
    Response historical(const Request& r);
    void on_ws_message(const std::shared_ptr<WsSession>& s, std::string_view text);
    /// Sends `channel` + `events` to every session subscribed to `key`, numbering each.
    void broadcast(const std::string& key, const std::string& channel, const std::string& events_json);
    void send_to(Session& s, const std::string& channel, const std::string& events_json);
    std::string order_update(const CoreOrder& o) const;
    std::string user_update(const CoreOrder& o) const;  ///< events of one "update"

    JwtCheck check_;
    MatchingCore core_;
    std::atomic<bool> missed_fills_{false};
    std::atomic<int> orders_received_{0}, auth_failures_{0}, skip_{0}, level2_subscribes_{0};
    std::map<std::string, std::map<std::pair<std::string, th_fixed>, L2>> l2_;  // product -> (side, px) -> level; mu_
    std::string l2_event(const std::string& type, const std::string& product_id, const std::vector<L2>& levels) const;
    mutable std::mutex mu_;
    std::map<uint64_t, Session> sessions_;
    std::vector<std::string> user_jwts_;
    int64_t next_public_trade_ = 9000000;
    int64_t heartbeat_counter_ = 0;
    // Declared last, so destroyed first: its destructor joins the server thread, whose close
    // callbacks use the members above.
    LoopbackServer server_;
};

}  // namespace tradehost::doubles::exchange
