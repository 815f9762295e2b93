// exchange: the one interface an exchange's dialect implements. The adapter's shared code
// (config, execution worker, ledger, reconciliation, market metadata, rate limiting, data)
// talks only to this; adding an exchange means adding one file under src/dialects/ and one
// line in registry.cpp. A dialect is stateless and const: safe to share between threads.
#pragma once

#include "unified.hpp"

#include <tradehost/venue/encoding.hpp>
#include <tradehost/venue/http_client.hpp>
#include <tradehost/venue/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace tradehost::exchange {

struct Credentials {
    std::string key;
    std::string secret;
};

/// One REST call before signing: what to send and what it costs in the venue's limits.
struct Endpoint {
    std::string method = "GET";
    std::string path;                 ///< "/api/v3/order"
    venue::QueryParams params;        ///< in the order the venue wants them signed
    bool is_signed = false;           ///< needs credentials and a signature
    bool key_only = false;            ///< sends the API key but no signature (Binance USER_STREAM)
    bool idempotent = true;           ///< safe to resend after a transport error
    /// Weight per rate-limit bucket (names from ExchangeInfo::limits; buckets not configured
    /// are skipped).
    std::vector<std::pair<std::string, uint32_t>> costs;
};

/// Base URLs of one environment.
struct Urls {
    std::string rest;                 ///< "https://api.binance.com"
    std::string stream;               ///< market data stream base ("wss://stream.binance.com:9443")
    std::string user_stream;          ///< order/fill stream base
};

/// What a market-data stream message carried.
using MarketMessage = std::variant<std::monostate, Ticker, PublicTrade>;

class Dialect {
public:
    virtual ~Dialect() = default;

    virtual std::string_view name() const = 0;
    /// Default base URLs; `live` false gives the exchange's testnet/sandbox.
    virtual Urls default_urls(bool live) const = 0;

    // Signing ---------------------------------------------------------------------------
    /// The HTTP request for `ep` against `base_url`, signed with `creds` when the endpoint
    /// needs it. `now_ms` is the timestamp/nonce source (injected so signing is testable).
    virtual venue::HttpRequest sign(const Endpoint& ep, std::string_view base_url,
                                    const Credentials& creds, int64_t now_ms) const = 0;

    // Endpoints -------------------------------------------------------------------------
    virtual Endpoint markets() const = 0;
    virtual Endpoint ticker(std::string_view symbol) const = 0;
    virtual Endpoint order_book(std::string_view symbol, int depth) const = 0;
    virtual Endpoint trades(std::string_view symbol, int limit) const = 0;
    virtual Endpoint balances() const = 0;
    virtual Endpoint create_order(const OrderSpec& order) const = 0;
    virtual Endpoint cancel_order(std::string_view symbol, std::string_view client_order_id) const = 0;
    virtual Endpoint fetch_order(std::string_view symbol, std::string_view client_order_id) const = 0;
    virtual Endpoint open_orders(std::string_view symbol) const = 0;
    /// Our fills on `symbol` since `since_ms` (epoch ms; 0: the venue's default window).
    virtual Endpoint my_trades(std::string_view symbol, int64_t since_ms) const = 0;

    /// Order types and TIFs the dialect can express; a reason when it cannot.
    virtual std::optional<std::string> unsupported(const OrderSpec& order) const = 0;

    // Responses -------------------------------------------------------------------------
    // Each throws std::runtime_error (or simdjson_error) on a body that is not the documented shape.
    virtual ExchangeInfo parse_markets(venue::json::Decoder& d, std::string_view body) const = 0;
    virtual Ticker parse_ticker(venue::json::Decoder& d, std::string_view body) const = 0;
    virtual OrderBook parse_order_book(venue::json::Decoder& d, std::string_view symbol,
                                       std::string_view body) const = 0;
    virtual std::vector<PublicTrade> parse_trades(venue::json::Decoder& d, std::string_view symbol,
                                                  std::string_view body) const = 0;
    virtual std::vector<Balance> parse_balances(venue::json::Decoder& d, std::string_view body) const = 0;
    /// Create, cancel and query answers.
    virtual OrderState parse_order(venue::json::Decoder& d, std::string_view body) const = 0;
    virtual std::vector<OrderState> parse_open_orders(venue::json::Decoder& d, std::string_view body) const = 0;
    virtual std::vector<Fill> parse_my_trades(venue::json::Decoder& d, std::string_view body) const = 0;
    /// The unified error of any answer: kind none for a success. Called on every response,
    /// because some exchanges (Kraken) answer errors with HTTP 200 and an error list; a
    /// transport failure (status 0) is ErrorKind::transport.
    virtual UnifiedError parse_error(venue::json::Decoder& d, const venue::HttpResponse& resp) const = 0;
    /// Limit headers of any answer ("X-MBX-USED-WEIGHT-1M") as (bucket, used) pairs.
    virtual std::vector<std::pair<std::string, uint32_t>> used_weights(const venue::HttpResponse& resp) const = 0;

    // Market data stream ----------------------------------------------------------------
    virtual std::string market_stream_url(std::string_view base, const std::vector<std::string>& symbols) const = 0;
    /// Messages to send after each (re)connect; empty when the URL subscribes.
    virtual std::vector<std::string> market_subscribe(const std::vector<std::string>& symbols) const = 0;
    virtual MarketMessage parse_market_message(venue::json::Decoder& d, std::string_view text) const = 0;

    // Order/fill stream -----------------------------------------------------------------
    /// The call that opens a user stream session (Binance listenKey), or nullopt if the
    /// stream authenticates itself.
    virtual std::optional<Endpoint> user_stream_open() const = 0;
    virtual std::string parse_user_stream_token(venue::json::Decoder& d, std::string_view body) const = 0;
    /// Keepalive call for `token` and how often it is due (0: none).
    virtual std::optional<Endpoint> user_stream_keepalive(std::string_view token) const = 0;
    virtual std::chrono::nanoseconds user_stream_keepalive_interval() const = 0;
    virtual std::string user_stream_url(std::string_view base, std::string_view token) const = 0;
    virtual std::vector<std::string> user_subscribe(std::string_view token, const Credentials& creds) const = 0;
    /// Order updates in one message (none for acks, heartbeats, balance updates).
    virtual std::vector<OrderUpdate> parse_user_message(venue::json::Decoder& d, std::string_view text) const = 0;
};

}  // namespace tradehost::exchange
