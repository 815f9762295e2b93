// A loopback double of OANDA's v20 REST API (developer.oanda.com/rest-live-v20/): one
// in-memory account (balance, positions, trades, pending orders, a transaction log with
// consecutive ids) behind the documented endpoints, bodies and error bodies, a Bearer-token
// check, and the two chunked newline-delimited streams (pricing and transactions) with
// heartbeats. Tests drive it: push prices, fill resting orders, drop the streams, hide fills
// from the stream ("missed-fill mode"), inject 429s.
//
// Simplifications (documented, not OANDA's): prices are in the account currency (no home
// conversion); margin = |units| * price * margin_rate; MARKET orders fill at once at the last
// pushed ask (buy) or bid (sell) in full; LIMIT/STOP orders rest until fill() is called.
#pragma once

#include "double/loopback_server.hpp"

#include <tradehost/plugin.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace tradehost::doubles::oanda {

struct OandaDoubleOptions {
    std::string account_id = "101-004-1234567-001";
    std::string token = "test-token-not-a-secret";  ///< the only token accepted (Bearer)
    std::string currency = "USD";
    th_fixed balance = INT64_C(100000) * 100000000;  ///< 100000.00
    th_fixed margin_rate = 2000000;                  ///< 0.02 (50:1)
    int64_t first_transaction_id = 6300;             ///< the account's history ends here
    /// Heartbeats on both streams (OANDA: every 5 s). 0: only when heartbeat() is called.
    std::chrono::milliseconds heartbeat_interval{5000};
    /// Both streams answer 200 and end their body at once (a venue that accepts and closes).
    bool end_streams_at_once = false;
};

class OandaDouble {
public:
    explicit OandaDouble(OandaDoubleOptions options = {});
    ~OandaDouble();
    OandaDouble(const OandaDouble&) = delete;
    OandaDouble& operator=(const OandaDouble&) = delete;

    std::string rest_url() const;    ///< http://127.0.0.1:PORT (REST and streams share it)
    std::string stream_url() const;
    const OandaDoubleOptions& options() const { return options_; }
    LoopbackServer& server();

    // Controls ---------------------------------------------------------------------------
    /// A PRICE line on every pricing stream subscribed to `instrument`; also the price market
    /// orders fill at. Decimal texts, e.g. ("EUR_USD", "1.10000", "1.10010", 10000000, 5000000).
    void push_price(const std::string& instrument, const std::string& bid, const std::string& ask,
                    int64_t bid_liquidity = 10000000, int64_t ask_liquidity = 10000000);
    /// Fills `units` (> 0, absolute) of the pending order with client id `client_order_id` at
    /// `price`: an ORDER_FILL transaction, position/balance update. False if no such order.
    bool fill(const std::string& client_order_id, const std::string& units, const std::string& price);
    /// Cancels a pending order as the venue would (e.g. "TIME_IN_FORCE_EXPIRED").
    bool venue_cancel(const std::string& client_order_id, const std::string& reason);
    /// A heartbeat line on every open stream now.
    void heartbeat();
    /// Drops every open stream (TCP close mid-body).
    void drop_streams();
    /// While on, ORDER_FILL transactions are logged but not written to transaction streams.
    void set_missed_fills(bool on);
    /// The next `count` REST requests (of `method`, when given) get 429 with OANDA's error body.
    void inject_429(int count = 1, const std::string& retry_after = "", const std::string& method = "");

    // Inspection -------------------------------------------------------------------------
    int64_t last_transaction_id() const;
    std::vector<std::string> transaction_types() const;  ///< in id order
    /// Orders ever created (any state), by client id order of creation.
    std::size_t orders_created() const;
    std::size_t open_streams(const std::string& kind) const;  ///< "pricing" or "transactions"
    std::vector<Request> requests(std::string_view method, std::string_view path_pattern) const;

private:
    struct Impl;
    OandaDoubleOptions options_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tradehost::doubles::oanda
