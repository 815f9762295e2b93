// oanda: OANDA v20 JSON -> plain structs -> our events. Pure functions over the venue kit's
// simdjson decoder; prices and units are read from the JSON text straight into th_fixed.
// Payload shapes: developer.oanda.com/rest-live-v20/ (order-ep, pricing-ep, transaction-ep,
// transaction-df, position-ep, account-ep); examples in plugins/oanda/test_data.
#ifndef TRADEHOST_PLUGINS_OANDA_PARSE_HPP
#define TRADEHOST_PLUGINS_OANDA_PARSE_HPP

#include <tradehost/plugin.hpp>
#include <tradehost/venue/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::oanda {

/// Top of book of one ClientPrice (pricing stream "PRICE" line): best bid/ask and their liquidity.
struct Price {
    std::string instrument;
    int64_t time_ns = 0;
    th_fixed bid_px = 0, bid_qty = 0;  ///< 0 when the side is empty
    th_fixed ask_px = 0, ask_qty = 0;
    bool tradeable = true;
};

/// A transaction (transaction-df). Only the fields the adapter uses; absent ones stay empty/0.
struct Transaction {
    std::string id;             ///< TransactionID, a decimal string
    int64_t seq = 0;            ///< id as a number (ids grow within an account)
    std::string type;           ///< ORDER_FILL, ORDER_CANCEL, MARKET_ORDER, LIMIT_ORDER, ...
    int64_t time_ns = 0;
    std::string order_id;       ///< orderID (fills, cancels); create txns: the order id is `id`
    std::string client_order_id;///< clientOrderID, or clientExtensions.id on order creates
    std::string instrument;
    th_fixed units = 0;         ///< signed: negative sells
    th_fixed price = 0;         ///< fills: fullVWAP when present, else price; orders: price
    std::string reason;         ///< e.g. MARKET_ORDER, CLIENT_REQUEST, INSUFFICIENT_MARGIN
    std::string reject_reason;  ///< *_REJECT transactions
    th_fixed commission = 0;
    th_fixed financing = 0;
    th_fixed guaranteed_execution_fee = 0;
    th_fixed pl = 0;
    th_fixed account_balance = 0;
    std::string replaced_by_order_id;
    std::string replaces_order_id;
    std::string trade_opened_id;
    bool present() const noexcept { return !type.empty(); }
    /// Back to an empty transaction, keeping the strings' capacity.
    void clear() noexcept;
    bool is_order_create() const noexcept;  ///< MARKET_ORDER, LIMIT_ORDER, STOP_ORDER, ...
    bool is_order_reject() const noexcept;  ///< *_ORDER_REJECT
};

/// One line of the pricing or the transaction stream.
struct StreamLine {
    enum Kind { kUnknown, kPrice, kHeartbeat, kTransaction } kind = kUnknown;
    Price price;
    Transaction txn;            ///< kTransaction
    int64_t time_ns = 0;        ///< kHeartbeat
    int64_t last_transaction_id = 0;  ///< kHeartbeat of the transaction stream (0: none)
    /// Back to an empty line, keeping the strings' capacity.
    void clear() noexcept;
};

/// Response of POST .../orders, PUT .../orders/{spec} (replace) and PUT .../cancel, success or
/// error (400/404 carry a reject transaction plus errorCode/errorMessage).
struct OrderResponse {
    Transaction create, fill, cancel, reject;
    int64_t last_transaction_id = 0;
    std::string error_code, error_message;
};

/// Any error body: {"errorCode": ..., "errorMessage": ...} (troubleshooting-errors).
struct ApiError {
    std::string code, message;
};

struct PendingOrder {
    std::string id, client_order_id, instrument, type, state;
    th_fixed units = 0, price = 0;
};

/// One entry of openPositions, netted: long.units + short.units.
struct VenuePosition {
    std::string instrument;
    th_fixed units = 0;
    th_fixed avg_px = 0;       ///< of the side that is open (long if both)
    th_fixed pl = 0;           ///< realized, account currency
    th_fixed unrealized_pl = 0;
};

struct AccountSummary {
    std::string id, currency;
    th_fixed balance = 0, margin_available = 0;
    int64_t last_transaction_id = 0;
};

struct TransactionPage {
    std::vector<Transaction> transactions;
    int64_t last_transaction_id = 0;
};

/// Decimal transaction id text to a number; 0 if empty or not digits.
int64_t txn_seq(std::string_view id) noexcept;

// Each parser throws simdjson::simdjson_error on malformed JSON.
/// One stream line into `out`, reusing its strings so a warm stream decodes without allocating.
void parse_stream_line(venue::json::Decoder& dec, std::string_view line, StreamLine& out);
StreamLine parse_stream_line(venue::json::Decoder& dec, std::string_view line);
OrderResponse parse_order_response(venue::json::Decoder& dec, std::string_view body);
ApiError parse_error(venue::json::Decoder& dec, std::string_view body);
std::vector<PendingOrder> parse_orders(venue::json::Decoder& dec, std::string_view body);
/// GET .../orders/{spec}: {"order": {...}}.
PendingOrder parse_order(venue::json::Decoder& dec, std::string_view body);
std::vector<VenuePosition> parse_positions(venue::json::Decoder& dec, std::string_view body);
AccountSummary parse_account_summary(venue::json::Decoder& dec, std::string_view body);
TransactionPage parse_transactions(venue::json::Decoder& dec, std::string_view body);
std::vector<std::string> parse_account_ids(venue::json::Decoder& dec, std::string_view body);

// Events ------------------------------------------------------------------------------
th_quote to_quote(const Price& p, th_instrument instrument);
/// An ORDER_FILL as our fill: fill_id = transaction id, side from the units' sign, fee =
/// commission + guaranteedExecutionFee (account currency; OANDA reports them positive).
th_fill to_fill(const Transaction& fill, th_instrument instrument, std::string_view client_order_id);
th_position to_position(const VenuePosition& p, th_instrument instrument, th_time_ns ts);
th_balance to_balance(const AccountSummary& a, th_time_ns ts);

}  // namespace tradehost::oanda

#endif
