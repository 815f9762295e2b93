// A loopback double of Binance spot: REST api/v3 (exchangeInfo, bookTicker, depth, trades,
// account, order POST/DELETE/GET, openOrders, myTrades), the combined market stream
// (/stream?streams=...) and the WebSocket API (/ws-api/v3) with its user data stream
// subscriptions (userDataStream.subscribe.signature, userDataStream.unsubscribe,
// session.subscriptions; events wrapped {"subscriptionId":N,"event":{...}}), in Binance's own
// JSON, HMAC-SHA256 signature and recvWindow checks as Binance does them, documented error
// bodies, and test controls (fills, book/trade pushes, stream drops, missed fills, 429s,
// eventStreamTerminated, serverShutdown). The listenKey endpoints (POST/PUT/DELETE
// /api/v3/userDataStream), retired on 2026-02-20, answer as Binance's front end now does:
// HTTP 410 with nginx's "410 Gone" HTML page.
#pragma once

#include "matching_core.hpp"

#include "double/loopback_server.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace tradehost::doubles::exchange {

class BinanceDouble {
public:
    /// Credentials the double accepts (tests use obviously fake ones).
    BinanceDouble(std::string api_key, std::string api_secret);
    ~BinanceDouble();
    BinanceDouble(const BinanceDouble&) = delete;
    BinanceDouble& operator=(const BinanceDouble&) = delete;

    std::string rest_url() const;    ///< http://127.0.0.1:PORT
    std::string stream_url() const;  ///< ws://127.0.0.1:PORT (both streams)
    LoopbackServer& server() { return server_; }
    MatchingCore& core() { return core_; }

    /// Adds a market with Binance-style filters (PRICE_FILTER, LOT_SIZE, NOTIONAL).
    void add_market(const std::string& symbol, const std::string& base, const std::string& quote,
                    const std::string& tick, const std::string& step, const std::string& min_qty,
                    const std::string& min_notional);
    void set_balance(const std::string& asset, const std::string& free);

    /// Executes `qty` at `px` of the order with our client order id: REST state changes and,
    /// unless missed-fill mode is on, an executionReport (x=TRADE) goes to the user stream.
    /// False if the order is not open.
    bool fill(const std::string& client_order_id, const std::string& qty, const std::string& px);
    /// Fills made while on are not pushed on the stream (they were "lost" in a disconnect).
    void set_missed_fill_mode(bool on) { missed_fills_ = on; }
    /// A bookTicker / trade event on the combined market stream (and in REST snapshots).
    void push_book(const std::string& symbol, const std::string& bid, const std::string& bid_qty,
                   const std::string& ask, const std::string& ask_qty);
    void push_trade(const std::string& symbol, const std::string& px, const std::string& qty, bool buyer_maker);
    /// One diff depth event (`<symbol>@depth@100ms`, "depthUpdate"): the levels (price, qty;
    /// qty "0" removes) are applied to the double's depth book, whose update id advances by
    /// `updates` (U = id + 1, u = id + updates). With `send` false the event is applied but
    /// never sent: the stream has a gap. GET /api/v3/depth answers this depth book (with its
    /// lastUpdateId) once it has levels.
    using Levels = std::vector<std::pair<std::string, std::string>>;
    void push_depth(const std::string& symbol, const Levels& bids, const Levels& asks, int updates = 1,
                    bool send = true);
    /// GET /api/v3/depth requests answered (book snapshots taken).
    int depth_requests() const { return depth_requests_.load(); }
    /// Drops every stream connection without a close frame.
    void drop_streams() { server_.drop_all_streams(); }
    /// The next `count` REST requests get HTTP 429 with Retry-After: `retry_after_s`.
    void inject_429(int retry_after_s, int count = 1);

    /// Active user data stream subscriptions (over every WebSocket API connection).
    std::size_t user_sessions() const;
    /// userDataStream.subscribe.signature requests received, as sent (accepted or not).
    std::vector<std::string> subscribe_requests() const;
    /// Ends every subscription with eventStreamTerminated (as userDataStream.unsubscribe does).
    void terminate_subscriptions();
    /// Sends serverShutdown on every WebSocket API connection (left open: see the .cpp).
    void server_shutdown();
    std::size_t market_sessions() const;
    /// Order POSTs that reached the order handler (a 429 or a bad signature is not counted).
    int orders_received() const { return orders_received_.load(); }

private:
    struct Book { std::string bid = "0", bid_qty = "0", ask = "0", ask_qty = "0"; int64_t update_id = 0; };
    struct PublicTrade { int64_t id; std::string px, qty; int64_t time_ms; bool buyer_maker; };

    void install_routes();
    std::optional<Response> check_signed(const Request& r) const;
    std::optional<Response> check_key(const Request& r) const;
    Response new_order(const Request& r);
    Response cancel_order(const Request& r);
    Response query_order(const Request& r);
    void send_user(const std::string& event);
    void ws_api_request(const std::shared_ptr<WsSession>& s, std::string_view text);
    void send_market(const std::string& stream, const std::string& text);
    std::string execution_report(const CoreOrder& o, const std::string& x, const CoreTrade* t,
                                 const std::string& cancel_id) const;

    std::string api_key_, api_secret_;
    MatchingCore core_;
    std::atomic<bool> missed_fills_{false};
    std::atomic<int> orders_received_{0}, depth_requests_{0};
    std::atomic<int64_t> weight_used_{0}, orders_10s_{0};
    mutable std::mutex mu_;
    std::map<std::string, Book> books_;
    struct Depth {
        std::map<th_fixed, std::pair<std::string, std::string>, std::greater<>> bids;  // px -> (px, qty) text
        std::map<th_fixed, std::pair<std::string, std::string>> asks;
        int64_t update_id = 1000;
    };
    std::map<std::string, Depth> depth_;
    std::map<std::string, std::vector<PublicTrade>> public_trades_;
    int64_t next_public_trade_ = 100;
    std::set<uint64_t> ws_api_sessions_;
    std::map<uint64_t, int64_t> subscriptions_;  // WebSocket API session -> its subscriptionId
    std::map<uint64_t, int64_t> next_subscription_id_;  // per session, from 0, as Binance numbers them
    std::vector<std::string> subscribe_requests_;
    std::map<uint64_t, std::set<std::string>> market_sessions_;  // session -> stream names
    // Declared last, so destroyed first: its destructor joins the server thread, whose close
    // callbacks use the members above.
    LoopbackServer server_;
};

}  // namespace tradehost::doubles::exchange
