// alpaca: Alpaca JSON -> plain structs and tradehost events. Pure functions (no host, no I/O),
// unit-tested on the payloads in test_data/, which are copied from Alpaca's documentation.
// Prices and sizes are read from the JSON text into th_fixed, never through double.
#ifndef TRADEHOST_PLUGINS_ALPACA_PARSE_HPP
#define TRADEHOST_PLUGINS_ALPACA_PARSE_HPP

#include <tradehost/plugin.h>
#include <tradehost/venue/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::alpaca {

/// Alpaca's REST error body {"code":40310000,"message":"insufficient buying power"}.
struct ApiError {
    int64_t code = 0;
    std::string message;
};
/// nullopt if `body` is not an error body (then the caller reports the HTTP status alone).
std::optional<ApiError> parse_error(venue::json::Decoder& dec, std::string_view body);

/// The order object of the Trading API (REST responses and trade_updates' `order`).
struct Order {
    std::string id;
    std::string client_order_id;
    std::string symbol;
    std::string status;      ///< new, partially_filled, filled, canceled, ...
    std::string type;        ///< market, limit, stop, stop_limit, trailing_stop
    std::string time_in_force;
    std::string replaces;    ///< id of the order this one replaced, or ""
    std::string replaced_by; ///< id of the order that replaced this one, or ""
    uint8_t side = TH_SIDE_NONE;
    th_fixed qty = 0;
    th_fixed filled_qty = 0;
    th_fixed filled_avg_price = 0;
    th_fixed limit_price = 0;
    th_fixed stop_price = 0;
    int64_t updated_ns = 0;  ///< updated_at, 0 if absent or unparsable
};
Order parse_order(venue::json::Decoder& dec, std::string_view body);
/// GET /v2/orders: an array of orders.
std::vector<Order> parse_orders(venue::json::Decoder& dec, std::string_view body);

/// One trade_updates event (https://docs.alpaca.markets/docs/websocket-streaming).
struct TradeUpdate {
    std::string event;         ///< new, fill, partial_fill, canceled, expired, replaced, rejected, ...
    std::string execution_id;  ///< fills only
    bool has_fill = false;     ///< price and qty present
    th_fixed price = 0;
    th_fixed qty = 0;
    th_fixed position_qty = 0;
    int64_t ts_ns = 0;         ///< `timestamp`, 0 if absent
    Order order;
};

/// A message of the trade_updates WebSocket.
struct TradeStreamMessage {
    enum class Kind { authorization, listening, trade_update, error, other };
    Kind kind = Kind::other;
    bool authorized = false;             ///< authorization
    std::string action;                  ///< authorization: "authenticate" or "listen"
    std::vector<std::string> streams;    ///< listening
    std::string error;                   ///< error
    TradeUpdate update;                  ///< trade_update
};
TradeStreamMessage parse_trade_stream(venue::json::Decoder& dec, std::string_view text);

/// GET /v2/account/activities/FILL: one trade activity.
struct FillActivity {
    std::string id;           ///< "<time>::<uuid>"
    std::string order_id;
    std::string symbol;
    std::string type;         ///< fill | partial_fill
    uint8_t side = TH_SIDE_NONE;
    th_fixed price = 0;
    th_fixed qty = 0;
    th_fixed cum_qty = 0;
    th_fixed leaves_qty = 0;
    int64_t ts_ns = 0;        ///< transaction_time
    /// The execution id inside `id` (the part after "::"), which is how the adapter names a
    /// fill whether it came from the stream (execution_id) or from this endpoint.
    std::string execution_id() const;
};
std::vector<FillActivity> parse_fill_activities(venue::json::Decoder& dec, std::string_view body);

/// GET /v2/account: the fields the adapter publishes.
struct Account {
    std::string currency;
    th_fixed cash = 0;
    th_fixed buying_power = 0;
    th_fixed equity = 0;
};
Account parse_account(venue::json::Decoder& dec, std::string_view body);

/// GET /v2/positions: one open position (qty signed: short < 0).
struct Position {
    std::string symbol;
    th_fixed qty = 0;
    th_fixed avg_entry_price = 0;
    th_fixed unrealized_pl = 0;
};
std::vector<Position> parse_positions(venue::json::Decoder& dec, std::string_view body);

/// One element of a Market Data v2 stream message (always an array of these).
struct DataMessage {
    enum class Kind { success, error, subscription, quote, trade, bar, other };
    Kind kind = Kind::other;
    std::string msg;      ///< success/error text
    int64_t code = 0;     ///< error code (402 auth failed, 406 connection limit exceeded, ...)
    std::string symbol;
    th_fixed bid_px = 0, bid_size = 0, ask_px = 0, ask_size = 0;  ///< quote (sizes as sent)
    th_fixed price = 0, size = 0;                                 ///< trade
    int64_t trade_id = 0;
    th_fixed open = 0, high = 0, low = 0, close = 0, volume = 0;  ///< bar
    int64_t ts_ns = 0;    ///< `t`
    /// Back to a default message, keeping the strings' capacity.
    void reset();
};
/// The messages of one stream frame (a JSON array) into `out`, reusing its elements so a
/// warm stream decodes without allocating. Throws simdjson_error on malformed JSON.
void parse_data_messages(venue::json::Decoder& dec, std::string_view text, std::vector<DataMessage>& out);
/// The same into a new vector (tests, one-off use).
std::vector<DataMessage> parse_data_messages(venue::json::Decoder& dec, std::string_view text);

// Mapping to tradehost -------------------------------------------------------------------

/// Alpaca order status -> th_order_status; 0 for statuses without a counterpart
/// (pending_cancel, pending_replace, done_for_day, ...), which change nothing.
uint8_t map_status(std::string_view status);
/// "buy"/"sell" -> th_side.
uint8_t map_side(std::string_view side);

/// Quote with sizes multiplied by `lot_size` (shares per Alpaca size unit; see README).
th_quote to_quote(const DataMessage& m, th_instrument id, th_fixed lot_size);
th_trade to_trade(const DataMessage& m, th_instrument id);
/// Minute bar; hdr.ts is the bar's close (start + 60 s), as th_bar documents.
th_bar to_bar(const DataMessage& m, th_instrument id);

}  // namespace tradehost::alpaca

#endif
