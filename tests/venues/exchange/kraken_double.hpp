// A loopback double of Kraken spot: REST /0/public (AssetPairs, Ticker, Depth) and /0/private
// (AddOrder, CancelOrder, OpenOrders, ClosedOrders, QueryOrders, TradesHistory, Balance,
// GetWebSocketsToken)
// with API-Key / API-Sign checked as Kraken does (HMAC-SHA512 of path + SHA256(nonce + body)
// under the base64-decoded secret, nonce always increasing), errors as Kraken's error list with
// HTTP 200, and WebSocket v2 at /v2 (ticker, trade, executions authenticated by the token from
// GetWebSocketsToken). Built on the shared MatchingCore; test controls as the Binance double.
#pragma once

#include "matching_core.hpp"

#include "double/loopback_server.hpp"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace tradehost::doubles::exchange {

class KrakenDouble {
public:
    /// Credentials the double accepts; `api_secret` is base64 like Kraken's (fake in tests).
    KrakenDouble(std::string api_key, std::string api_secret);
    ~KrakenDouble();
    KrakenDouble(const KrakenDouble&) = delete;
    KrakenDouble& operator=(const KrakenDouble&) = delete;

    std::string rest_url() const;    ///< http://127.0.0.1:PORT
    std::string stream_url() const;  ///< ws://127.0.0.1:PORT/v2 (public and authenticated)
    LoopbackServer& server() { return server_; }
    MatchingCore& core() { return core_; }

    /// A pair under its three Kraken names: REST key "XXBTZUSD", altname "XBTUSD" (our symbol),
    /// wsname "XBT/USD" (WebSocket v2 calls it "BTC/USD"); base/quote are asset codes
    /// ("XXBT", "ZUSD") as Balance names them.
    void add_pair(const std::string& rest_key, const std::string& altname, const std::string& wsname,
                  const std::string& base, const std::string& quote, const std::string& tick, int lot_decimals,
                  const std::string& ordermin, const std::string& costmin);
    void set_balance(const std::string& asset, const std::string& amount);

    /// Executes `qty` at `px` of our order: REST state changes and, unless missed-fill mode is
    /// on, an executions "trade" update. False if the order is not open.
    bool fill(const std::string& cl_ord_id, const std::string& qty, const std::string& px);
    void set_missed_fill_mode(bool on) { missed_fills_ = on; }
    /// Cancels our open order at the venue (as Kraken's web UI would): REST state changes and,
    /// unless missed-fill mode is on, an executions "canceled" update. False if not open.
    bool cancel(const std::string& cl_ord_id);
    /// The next AddOrder is placed (and, with `fill_px`, filled completely at once, unless
    /// missed-fill mode is on, without a stream update), but its answer is lost: HTTP
    /// `status` with an error body instead, as a gateway timeout would give.
    void lose_next_add_order_answer(int status, std::string fill_px = {});
    /// Ticker / trade updates on WebSocket v2 (and the REST Ticker/Depth snapshot).
    void push_ticker(const std::string& altname, const std::string& bid, const std::string& bid_qty,
                     const std::string& ask, const std::string& ask_qty);
    void push_trade(const std::string& altname, const std::string& px, const std::string& qty, bool buy);
    /// The WebSocket v2 `book` channel: `set_book` replaces the double's book of a pair (sent as
    /// the snapshot to each `book` subscribe), `push_book_update` applies levels (price, qty as
    /// Kraken writes them, "0.00000000" removes) and sends an update whose `checksum` is Kraken's
    /// CRC32 of the top 10 computed from those strings by Kraken's documented rule, or a wrong one
    /// with `bad_checksum`.
    using Levels = std::vector<std::pair<std::string, std::string>>;
    void set_book(const std::string& altname, const Levels& bids, const Levels& asks);
    void push_book_update(const std::string& altname, const Levels& bids, const Levels& asks, bool bad_checksum = false);
    /// `book` subscribes received (a resubscribe after a checksum mismatch counts too).
    int book_subscribes() const { return book_subscribes_.load(); }
    void drop_streams() { server_.drop_all_streams(); }
    /// The next `count` REST requests are answered {"error":["EAPI:Rate limit exceeded"]}.
    void inject_rate_limit(int count = 1);

    std::string ws_token() const { return token_; }
    std::size_t execution_sessions() const;
    std::size_t market_sessions() const;
    int orders_received() const { return orders_received_.load(); }
    /// Private calls the double refused for a bad key, signature or nonce.
    int auth_failures() const { return auth_failures_.load(); }

private:
    struct Pair { std::string rest_key, altname, wsname, v2; };
    struct Book { std::string bid = "0", bid_qty = "0", ask = "0", ask_qty = "0"; };

    void install_routes();
    void install_streams();
    std::optional<Response> check_private(const Request& r, std::map<std::string, std::string>& form);
    Response add_order(const std::map<std::string, std::string>& form);
    Response place_order(const std::map<std::string, std::string>& form);
    Response cancel_order(const std::map<std::string, std::string>& form);
    std::optional<Pair> pair_by_alt(const std::string& alt) const;
    std::optional<Pair> pair_by_v2(const std::string& v2) const;
    void on_ws_message(const std::shared_ptr<WsSession>& s, std::string_view text);
    void send_executions(const std::string& text);
    void send_market(const std::string& channel, const std::string& v2, const std::string& text);
    std::string execution(const CoreOrder& o, const std::string& exec_type, const CoreTrade* t) const;

    std::string api_key_, api_secret_, token_;
    MatchingCore core_;
    std::atomic<bool> missed_fills_{false};
    int lost_answer_status_ = 0;   // guarded by mu_
    std::string lost_answer_fill_px_;
    std::atomic<int> orders_received_{0}, auth_failures_{0}, book_subscribes_{0};
    struct Depth {
        std::map<th_fixed, std::pair<std::string, std::string>, std::greater<>> bids;
        std::map<th_fixed, std::pair<std::string, std::string>> asks;
    };
    std::map<std::string, Depth> depth_;  // by v2 symbol; guarded by mu_
    std::string book_json(const std::string& v2, const std::string& type, const Levels* bids, const Levels* asks,
                          bool bad_checksum);  // mu_ held
    std::atomic<int64_t> sequence_{0};
    mutable std::mutex mu_;
    int64_t last_nonce_ = 0;
    std::vector<Pair> pairs_;
    std::map<std::string, Book> books_;  // by altname
    int64_t next_public_trade_ = 4665900;
    std::set<uint64_t> exec_sessions_;
    std::map<uint64_t, std::set<std::string>> market_subs_;  // session -> "channel:v2symbol"
    // Declared last, so destroyed first: its destructor joins the server thread, whose close
    // callbacks use the members above.
    LoopbackServer server_;
};

}  // namespace tradehost::doubles::exchange
