// The Alpaca loopback double: an in-memory Alpaca account on tradehost::doubles::LoopbackServer
// that speaks the documented Trading API v2 REST dialect (orders, account, positions, FILL
// activities, Alpaca's error bodies), the trade_updates WebSocket (auth + listen) and the
// Market Data v2 WebSocket (connected, auth, subscribe, t/q/b arrays). Tests script the venue:
// fills, buying power, the next rejection, stream drops and fills missed while disconnected.
// Thread-safe.
#pragma once

#include "double/loopback_server.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace tradehost::doubles {

class AlpacaDouble {
public:
    /// Credentials the double accepts (obviously fake keys in tests).
    AlpacaDouble(std::string key_id = "PKTEST0000000000", std::string secret = "test-secret-not-real");
    ~AlpacaDouble();
    AlpacaDouble(const AlpacaDouble&) = delete;
    AlpacaDouble& operator=(const AlpacaDouble&) = delete;

    LoopbackServer& server() { return server_; }
    std::string rest_url() const { return server_.http_url(); }
    std::string stream_url() const { return server_.ws_url("/stream"); }
    std::string data_url() const { return server_.ws_url("/v2/iex"); }

    // Venue state ------------------------------------------------------------------------
    /// Buying power as decimal text ("100000"); a buy whose cost exceeds it gets 403 40310000.
    void set_buying_power(const std::string& amount);
    /// The next order POST or PATCH is answered `status` with {"code":code,"message":message}.
    void reject_next_with(int status, int64_t code, const std::string& message);
    /// Fills `qty` of the order at `px` (decimal text): REST state, a FILL activity, the
    /// position, and a partial_fill/fill trade update on the listening streams. False if the
    /// order is unknown or not open.
    bool fill(const std::string& client_order_id, const std::string& qty, const std::string& px);
    /// The Alpaca order id of a client order id, or "".
    std::string order_id(const std::string& client_order_id) const;
    /// The order's status as Alpaca would show it ("new", "filled", ...), or "".
    std::string order_status(const std::string& client_order_id) const;
    std::size_t order_count() const;

    // Streams ----------------------------------------------------------------------------
    /// Drops every WebSocket (trade_updates and data) without a close frame.
    void drop_streams();
    /// While on, trade_updates auth requests wait unanswered (the client stays disconnected
    /// from the stream's point of view) and fill() events are not pushed: fills made now are
    /// visible only through REST. Turning it off answers the waiting auths.
    void set_missed_fill_mode(bool on);
    /// Number of trade_updates sessions authorized and listening.
    std::size_t listening_sessions() const;
    /// Number of data sessions with at least one subscription.
    std::size_t subscribed_data_sessions() const;
    /// Symbols subscribed on the data stream, by channel ("trades", "quotes", "bars").
    std::set<std::string> data_subscriptions(const std::string& channel) const;
    /// Pushes one market data array element to subscribed sessions (docs' field names).
    void push_quote(const std::string& symbol, const std::string& bid_px, int64_t bid_size, const std::string& ask_px,
                    int64_t ask_size, const std::string& rfc3339);
    void push_trade(const std::string& symbol, int64_t id, const std::string& px, int64_t size,
                    const std::string& rfc3339);
    void push_bar(const std::string& symbol, const std::string& o, const std::string& h, const std::string& l,
                  const std::string& c, int64_t volume, const std::string& rfc3339);
    /// Raw text sent on the data stream (e.g. a documented error array) to every session.
    void push_data_raw(const std::string& text);

private:
    struct Impl;
    // Declared first, destroyed last: the server's threads (whose handlers use the state)
    // are joined before the state is freed.
    std::unique_ptr<Impl> impl_;
    LoopbackServer server_;
};

}  // namespace tradehost::doubles
