// exchange: the one interface an exchange's dialect implements. The adapter's shared code
// (config, execution worker, ledger, reconciliation, market metadata, rate limiting, data)
// talks only to this; adding an exchange means adding one file under src/dialects/ and one
// line in registry.cpp. A dialect is stateless and const: safe to share between threads.
#pragma once

#include "unified.hpp"

#include <tradehost/venue/book.hpp>
#include <tradehost/venue/client_ids.hpp>
#include <tradehost/venue/encoding.hpp>
#include <tradehost/venue/errors.hpp>
#include <tradehost/venue/http_client.hpp>
#include <tradehost/venue/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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
    bool idempotent = true;           ///< safe to resend after a transport error
    /// Request body sent as it is (Coinbase POSTs JSON); the dialect's sign() sets its
    /// Content-Type. Empty: none (form-encoded dialects build their body from `params`).
    std::string body;
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

/// One order-book message of one symbol: a snapshot (replaces the book) or a delta (each
/// level replaces the level at its price; qty 0 removes it).
struct BookUpdate {
    std::string symbol;                ///< ours (as configured)
    bool snapshot = false;
    std::vector<BookLevel> bids, asks; ///< in the venue's order
    uint64_t first_seq = 0;            ///< Binance `U` (first update id in the event); 0: none
    uint64_t last_seq = 0;             ///< Binance `u` / `lastUpdateId`; 0: none
    std::optional<uint32_t> checksum;  ///< Kraken v2 `checksum` (CRC32 of the top 10)
    int price_decimals = -1;           ///< most decimals written in a price (Kraken checksum); -1: unknown
    int qty_decimals = -1;             ///< most decimals written in a quantity
    void clear() noexcept {
        symbol.clear();
        snapshot = false;
        bids.clear();
        asks.clear();
        first_seq = last_seq = 0;
        checksum.reset();
        price_decimals = qty_decimals = -1;
    }
};

/// How a dialect's books are synchronised.
enum class BookSync {
    none,           ///< the dialect streams no books
    rest_snapshot,  ///< deltas on the stream, the snapshot from REST order_book() (Binance: U/u rule)
    stream,         ///< the stream sends a snapshot first, then deltas (Kraken, Coinbase)
};

/// What a market-data stream message carried: any number of quotes and trades (Coinbase
/// batches trades, a Kraken trade message carries several prints), book updates, and the
/// venue's message sequence number where it numbers them (Coinbase `sequence_num`, per
/// connection).
struct MarketMessage {
    std::vector<Ticker> tickers;
    std::vector<PublicTrade> trades;
    std::optional<int64_t> sequence;
    bool empty() const noexcept { return tickers.empty() && trades.empty() && book_count == 0; }
    /// Empty again, keeping the vectors' capacity (a warm stream decodes without allocating).
    void clear() noexcept {
        tickers.clear();
        trades.clear();
        sequence.reset();
        book_count = 0;
    }
    /// A cleared book update appended to this message (slots are reused, with their capacity).
    BookUpdate& add_book() {
        if (book_count == book_slots.size()) book_slots.emplace_back();
        BookUpdate& b = book_slots[book_count++];
        b.clear();
        return b;
    }
    std::size_t books() const noexcept { return book_count; }
    const BookUpdate& book(std::size_t i) const noexcept { return book_slots[i]; }

private:
    std::vector<BookUpdate> book_slots;
    std::size_t book_count = 0;
};

/// What an order-stream message carried: order updates (none for acks, heartbeats, balance
/// updates) and the venue's message sequence number where it numbers them.
struct UserStreamMessage {
    std::vector<OrderUpdate> updates;
    std::optional<int64_t> sequence;
    /// The venue confirmed the stream's subscription (dialects whose user_stream_confirms()):
    /// from here on the stream is up.
    bool subscribed = false;
    /// The venue ended the subscription or is closing the connection.
    enum class End {
        none,
        reconnect,  ///< it asks for a new connection now (Binance serverShutdown, eventStreamTerminated)
        refused,    ///< it refused the subscribe (key, signature, clock, limits): retry at the next upkeep
    } end = End::none;
    std::string end_reason;  ///< what the venue said, for the log and the venue status
};

class Dialect {
public:
    virtual ~Dialect() = default;

    virtual std::string_view name() const = 0;
    /// The venue's documented client order id format; the kit's worker sends ids that do not
    /// fit under a derived one (venue/client_ids.hpp).
    virtual venue::ClientIdFormat client_id_format() const = 0;
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
    /// Cancel and lookup of one of our orders. Both ids are given; the dialect picks the one
    /// its venue can address (Binance/Kraken: ours; Coinbase: the venue's). `venue_order_id`
    /// is empty while the ledger does not know it (a send whose answer was lost).
    virtual Endpoint cancel_order(std::string_view symbol, std::string_view client_order_id,
                                  std::string_view venue_order_id) const = 0;
    virtual Endpoint fetch_order(std::string_view symbol, std::string_view client_order_id,
                                 std::string_view venue_order_id) const = 0;
    /// True when cancel_order needs the venue's order id (no cancel by client order id).
    virtual bool cancels_by_venue_id() const { return false; }
    /// A second lookup for orders that are no longer open, when fetch_order finds open orders
    /// only (Kraken: ClosedOrders by cl_ord_id, QueryOrders by txid). nullopt: fetch_order
    /// already sees every order.
    virtual std::optional<Endpoint> fetch_closed_order(std::string_view symbol, std::string_view client_order_id,
                                                       std::string_view venue_order_id) const {
        (void)symbol, (void)client_order_id, (void)venue_order_id;
        return std::nullopt;
    }
    /// Our fills of one order, for venues whose order stream reports cumulative state without
    /// per-fill ids (Coinbase); nullopt: my_trades of the symbol is used.
    virtual std::optional<Endpoint> order_fills(std::string_view symbol, std::string_view venue_order_id) const {
        (void)symbol, (void)venue_order_id;
        return std::nullopt;
    }
    virtual Endpoint open_orders(std::string_view symbol) const = 0;
    /// Our fills on `symbol` since `since_ms` (epoch ms; 0: the venue's default window).
    virtual Endpoint my_trades(std::string_view symbol, int64_t since_ms) const = 0;
    /// The next page of a my_trades (or order_fills) answer `page`, when the venue answered
    /// a full page and more may follow (Binance: fromId); nullopt when `page` was the last.
    virtual std::optional<Endpoint> my_trades_next(std::string_view symbol, const std::vector<Fill>& page) const {
        (void)symbol, (void)page;
        return std::nullopt;
    }

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
    /// The answer of fetch_order / fetch_closed_order: our order `client_order_id`, or nullopt
    /// when the answer does not hold it (a filtered list with nothing in it: not found there).
    virtual std::optional<OrderState> parse_fetched_order(venue::json::Decoder& d, std::string_view body,
                                                          std::string_view client_order_id) const {
        (void)client_order_id;
        return parse_order(d, body);
    }
    virtual std::vector<OrderState> parse_open_orders(venue::json::Decoder& d, std::string_view body) const = 0;
    virtual std::vector<Fill> parse_my_trades(venue::json::Decoder& d, std::string_view body) const = 0;
    /// The unified error of any answer: kind none for a success. Called on every response,
    /// because some exchanges (Kraken) answer errors with HTTP 200 and an error list; a
    /// transport failure (status 0) is ErrorKind::transport.
    virtual UnifiedError parse_error(venue::json::Decoder& d, const venue::HttpResponse& resp) const = 0;
    /// The venue's error codes and messages -> unified kinds, first match wins (CCXT-style;
    /// see error_kinds.hpp for what applies without a match). parse_error reads them through it.
    virtual const std::vector<venue::ErrorRule>& error_table() const = 0;
    /// Limit headers of any answer ("X-MBX-USED-WEIGHT-1M") as (bucket, used) pairs.
    virtual std::vector<std::pair<std::string, uint32_t>> used_weights(const venue::HttpResponse& resp) const = 0;

    // Market data stream ----------------------------------------------------------------
    virtual std::string market_stream_url(std::string_view base, const std::vector<std::string>& symbols) const = 0;
    /// Messages to send after each (re)connect (asked anew at every connect); empty when the
    /// URL subscribes.
    virtual std::vector<std::string> market_subscribe(const std::vector<std::string>& symbols) const = 0;
    /// Appends what one stream message carried to `out`, which the caller cleared (and reuses
    /// from message to message). Stream thread.
    virtual void read_market_message(venue::json::Decoder& d, std::string_view text, MarketMessage& out) const = 0;

    // Order books (market data) -----------------------------------------------------------
    virtual BookSync book_sync() const { return BookSync::none; }
    /// market_stream_url with the book streams of `symbols` added (Binance
    /// `<symbol>@depth@100ms`); `depth` is the levels per side wanted.
    virtual std::string book_stream_url(std::string_view base, const std::vector<std::string>& symbols,
                                        int depth) const {
        (void)depth;
        return market_stream_url(base, symbols);
    }
    /// market_subscribe with the book channel added (Kraken `book`, Coinbase `level2`).
    virtual std::vector<std::string> book_subscribe(const std::vector<std::string>& symbols, int depth) const {
        (void)depth;
        return market_subscribe(symbols);
    }
    /// Messages that make the venue send `symbol`'s book snapshot again (Kraken: unsubscribe
    /// and subscribe `book`); empty where a resync needs a reconnect or REST.
    virtual std::vector<std::string> book_resubscribe(const std::string& symbol, int depth) const {
        (void)symbol, (void)depth;
        return {};
    }
    /// Levels per side the venue keeps the stream's book at (Kraken: the subscribed depth, and
    /// the book is truncated to it after each message); 0: no truncation.
    virtual int book_window(int depth) const {
        (void)depth;
        return 0;
    }
    /// The venue's checksum of `book` (Kraken v2 CRC32), nullopt where it publishes none;
    /// `price_decimals`/`qty_decimals` as learnt from the snapshot's text.
    virtual std::optional<uint32_t> book_checksum(const venue::Book& book, int price_decimals, int qty_decimals) const {
        (void)book, (void)price_decimals, (void)qty_decimals;
        return std::nullopt;
    }

    /// The same into a new MarketMessage (tests, one-off use).
    MarketMessage parse_market_message(venue::json::Decoder& d, std::string_view text) const {
        MarketMessage m;
        read_market_message(d, text, m);
        return m;
    }

    // Order/fill stream -----------------------------------------------------------------
    /// The REST call that opens a user stream session (Kraken's WebSocket token), or nullopt
    /// if the stream authenticates itself (Binance's signed subscribe, Coinbase's JWT).
    virtual std::optional<Endpoint> user_stream_open() const = 0;
    virtual std::string parse_user_stream_token(venue::json::Decoder& d, std::string_view body) const = 0;
    /// Keepalive call for `token`, where the venue wants one (nullopt: none).
    virtual std::optional<Endpoint> user_stream_keepalive(std::string_view token) const = 0;
    /// How often the order stream's upkeep runs (0: never): the keepalive call, reopening a
    /// stream whose subscribe the venue refused, renewing a connection before its age limit.
    virtual std::chrono::nanoseconds user_stream_keepalive_interval() const = 0;
    /// The venue's limit on one connection's age (Binance: 24 h), less a margin: the upkeep
    /// renews the connection once it is this old, at a time of our choosing. 0: no limit.
    virtual std::chrono::nanoseconds user_stream_max_age() const { return std::chrono::nanoseconds(0); }
    /// True when the stream is up only once the venue confirms the subscription
    /// (UserStreamMessage::subscribed), not at connect: a refused subscribe is a stream down.
    virtual bool user_stream_confirms() const { return false; }
    virtual std::string user_stream_url(std::string_view base, std::string_view token) const = 0;
    /// Messages to send after each (re)connect; asked anew at every connect, so a signed
    /// subscribe (Coinbase's JWT, valid 120 s) is always fresh. Thread: the stream's.
    virtual std::vector<std::string> user_subscribe(std::string_view token, const Credentials& creds) const = 0;
    virtual UserStreamMessage parse_user_message(venue::json::Decoder& d, std::string_view text) const = 0;
};

}  // namespace tradehost::exchange
