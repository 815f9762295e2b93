// questrade: Questrade REST JSON -> plain structs and our event structs. Pure functions.
//
// Payload shapes from the Questrade API documentation (www.questrade.com/api/documentation):
// security (token), rest-operations/account-calls (accounts, positions, balances, orders,
// executions), rest-operations/market-calls (symbols, symbols/search, markets/quotes),
// rest-operations/order-calls (orders POST/DELETE) and error-handling (error bodies).
// Prices come as JSON numbers; they are read from the number's text, never via double.
#ifndef TRADEHOST_PLUGINS_QUESTRADE_PARSE_HPP
#define TRADEHOST_PLUGINS_QUESTRADE_PARSE_HPP

#include <tradehost/plugin.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tradehost::questrade {

/// A payload that is not what the documentation describes.
class ParseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// POST oauth2/token response (security page).
struct TokenGrant {
    std::string access_token;
    std::string token_type;
    int64_t expires_in_s = 0;
    std::string refresh_token;
    std::string api_server;  ///< e.g. "https://api01.iq.questrade.com/"
};

/// {"code": 1017, "message": "Access token is invalid"} (error-handling page). Order
/// processing errors add orderId (the order was created, and rejected).
struct ApiError {
    int64_t code = 0;
    std::string message;
    int64_t order_id = 0;  ///< 0: no order was created
};

struct Account {
    std::string number;
    std::string type;
    std::string status;
    bool is_primary = false;
};

struct SymbolInfo {
    std::string symbol;
    int64_t symbol_id = 0;
    std::string currency;
    bool is_tradable = true;
    bool is_quotable = true;
};

struct VenueQuote {
    std::string symbol;
    int64_t symbol_id = 0;
    th_fixed bid_px = 0, bid_size = 0, ask_px = 0, ask_size = 0;
    th_fixed last_px = 0, last_size = 0;
    int64_t last_trade_ns = 0;  ///< 0 when absent
    bool halted = false;
};

struct VenueOrder {
    int64_t id = 0;
    std::string symbol;
    int64_t symbol_id = 0;
    th_fixed total_qty = 0, open_qty = 0, filled_qty = 0, canceled_qty = 0;
    std::string side;        ///< "Buy", "Sell", "BTO", ...
    std::string order_type;  ///< "Market", "Limit", ...
    th_fixed limit_px = 0, stop_px = 0, avg_exec_px = 0;
    std::string state;       ///< OrderState enumeration: "Accepted", "Executed", ...
    std::string reject_reason;
    int64_t chain_id = 0;
    int64_t creation_ns = 0;
    int64_t update_ns = 0;
};

/// POST accounts/:id/orders[/:orderId] response; `error` set for an order-processing error
/// answered with HTTP 200 (the order exists, rejected).
struct OrderResponse {
    int64_t order_id = 0;
    std::vector<VenueOrder> orders;
    std::optional<ApiError> error;
};

struct VenueExecution {
    int64_t id = 0;
    int64_t order_id = 0;
    std::string symbol;
    int64_t symbol_id = 0;
    th_fixed qty = 0;
    th_fixed price = 0;
    std::string side;
    th_fixed fees = 0;  ///< commission + executionFee + secFee + canadianExecutionFee
    int64_t ts_ns = 0;
};

struct VenuePosition {
    std::string symbol;
    int64_t symbol_id = 0;
    th_fixed open_qty = 0;
    th_fixed average_entry_price = 0;
    th_fixed closed_pnl = 0;
    th_fixed open_pnl = 0;
};

struct VenueBalance {
    std::string currency;
    th_fixed cash = 0;
    th_fixed buying_power = 0;
    th_fixed total_equity = 0;
};

TokenGrant parse_token(std::string_view body);
/// nullopt if `body` is not a Questrade error object.
std::optional<ApiError> parse_error(std::string_view body);
std::vector<Account> parse_accounts(std::string_view body);
/// GET v1/symbols?names= and GET v1/symbols/search?prefix= both answer {"symbols":[...]}.
std::vector<SymbolInfo> parse_symbols(std::string_view body);
std::vector<VenueQuote> parse_quotes(std::string_view body);
std::vector<VenueOrder> parse_orders(std::string_view body);
OrderResponse parse_order_response(std::string_view body);
std::vector<VenueExecution> parse_executions(std::string_view body);
std::vector<VenuePosition> parse_positions(std::string_view body);
/// perCurrencyBalances only (combined balances are a conversion, not cash).
std::vector<VenueBalance> parse_balances(std::string_view body);

/// Questrade's ISO 8601 time with a numeric offset ("2014-10-24T20:06:40.131000-04:00"), to ns
/// since the epoch (UTC). nullopt if malformed. The venue kit's RFC 3339 parser
/// (tradehost::venue::json::parse_rfc3339_ns).
std::optional<int64_t> parse_time_ns(std::string_view text);
/// ns since the epoch to the ISO form Questrade accepts in startTime ("...T..:..:..Z" with offset
/// written as "+00:00").
std::string format_time(int64_t ns);

/// OrderState -> our status. Unknown states map to NEW (still live) so nothing is dropped.
th_order_status map_order_state(std::string_view state);
/// "Buy"/"BTO"/"BTC"/"Cov" -> BUY, "Sell"/"STO"/"STC"/"Short" -> SELL.
th_side map_side(std::string_view side);

/// Event conversions (ts in ns; `instrument` already interned).
th_quote to_quote(const VenueQuote& q, th_instrument instrument, int64_t ts_ns);
th_trade to_trade(const VenueQuote& q, th_instrument instrument);
th_position to_position(const VenuePosition& p, th_instrument instrument, int64_t ts_ns);
th_balance to_balance(const VenueBalance& b, int64_t ts_ns);

}  // namespace tradehost::questrade

#endif
