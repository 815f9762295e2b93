// questrade: Questrade REST JSON -> plain structs and events (see parse.hpp for the sources).
#include "parse.hpp"

#include <tradehost/plugin.hpp>
#include <tradehost/venue/json.hpp>

#include <cstdio>

namespace tradehost::questrade {
namespace {

namespace json = tradehost::venue::json;
using simdjson::ondemand::json_type;

std::string str_of(json::value v) {
    if (v.is_null()) return {};
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) return {};
    return std::string(s);
}

// Ids are documented as Integer; tolerate a digit string and a number with a zero fraction.
int64_t int_of(json::value v) {
    json_type t;
    if (v.type().get(t) != simdjson::SUCCESS) return 0;
    if (t == json_type::number) {
        int64_t i = 0;
        if (v.get_int64().get(i) == simdjson::SUCCESS) return i;
        double d = 0;
        if (v.get_double().get(d) == simdjson::SUCCESS) return static_cast<int64_t>(d);
        return 0;
    }
    if (t == json_type::string) {
        std::string_view s;
        if (v.get_string().get(s) != simdjson::SUCCESS || s.empty()) return 0;
        int64_t out = 0;
        for (char c : s) {
            if (c < '0' || c > '9') return 0;
            out = out * 10 + (c - '0');
        }
        return out;
    }
    return 0;
}

th_fixed fixed_of(json::value v) { return json::fixed_from(v).value_or(0); }

bool bool_of(json::value v) {
    bool b = false;
    return v.get_bool().get(b) == simdjson::SUCCESS && b;
}

int64_t time_of(json::value v) {
    const std::string s = str_of(v);
    return s.empty() ? 0 : parse_time_ns(s).value_or(0);
}

// Calls fn(object) for each element of the array at top-level field `key`.
template <class Fn> void each_in(std::string_view body, std::string_view key, Fn&& fn) {
    json::Decoder dec;
    try {
        json::document& doc = dec.parse(body);
        json::object root = doc.get_object();
        for (auto field : root) {
            std::string_view k = field.unescaped_key();
            if (k != key) continue;
            json::value arr = field.value();
            if (arr.is_null()) return;
            for (auto elem : arr.get_array()) {
                json::object o = elem.get_object();
                fn(o);
            }
            return;
        }
    } catch (const simdjson::simdjson_error& e) {
        throw ParseError(std::string("malformed JSON (") + e.what() + ")");
    }
}

VenueOrder order_of(json::object o) {
    VenueOrder r;
    for (auto f : o) {
        std::string_view k = f.unescaped_key();
        json::value v = f.value();
        if (k == "id") r.id = int_of(v);
        else if (k == "symbol") r.symbol = str_of(v);
        else if (k == "symbolId") r.symbol_id = int_of(v);
        else if (k == "totalQuantity") r.total_qty = fixed_of(v);
        else if (k == "openQuantity") r.open_qty = fixed_of(v);
        else if (k == "filledQuantity") r.filled_qty = fixed_of(v);
        else if (k == "canceledQuantity") r.canceled_qty = fixed_of(v);
        else if (k == "side") r.side = str_of(v);
        else if (k == "orderType") r.order_type = str_of(v);
        else if (k == "limitPrice") r.limit_px = fixed_of(v);
        else if (k == "stopPrice") r.stop_px = fixed_of(v);
        else if (k == "avgExecPrice") r.avg_exec_px = fixed_of(v);
        else if (k == "state") r.state = str_of(v);
        else if (k == "rejectReason" || k == "clientReasonStr") {
            std::string s = str_of(v);
            if (!s.empty() && r.reject_reason.empty()) r.reject_reason = s;
        } else if (k == "chainId") r.chain_id = int_of(v);
        else if (k == "creationTime") r.creation_ns = time_of(v);
        else if (k == "updateTime") r.update_ns = time_of(v);
    }
    return r;
}

}  // namespace

std::optional<int64_t> parse_time_ns(std::string_view s) {
    // Questrade writes RFC 3339 with a numeric offset: the venue kit's parser reads it.
    return json::parse_rfc3339_ns(s);
}

std::string format_time(int64_t ns) {
    int64_t secs = ns / 1000000000LL;
    int64_t rem = ns % 1000000000LL;
    if (rem < 0) {
        rem += 1000000000LL;
        --secs;
    }
    int64_t days = secs / 86400;
    int64_t sod = secs % 86400;
    if (sod < 0) {
        sod += 86400;
        --days;
    }
    // civil_from_days (Hinnant).
    const int64_t z = days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%06lld+00:00", static_cast<long long>(y), m,
                  d, static_cast<long long>(sod / 3600), static_cast<long long>(sod % 3600 / 60),
                  static_cast<long long>(sod % 60), static_cast<long long>(rem / 1000));
    return buf;
}

TokenGrant parse_token(std::string_view body) {
    TokenGrant g;
    json::Decoder dec;
    try {
        json::object o = dec.parse(body).get_object();
        for (auto f : o) {
            std::string_view k = f.unescaped_key();
            json::value v = f.value();
            if (k == "access_token") g.access_token = str_of(v);
            else if (k == "token_type") g.token_type = str_of(v);
            else if (k == "expires_in") g.expires_in_s = int_of(v);
            else if (k == "refresh_token") g.refresh_token = str_of(v);
            else if (k == "api_server") g.api_server = str_of(v);
        }
    } catch (const simdjson::simdjson_error& e) {
        throw ParseError(std::string("token response is not JSON (") + e.what() + ")");
    }
    // Never quote the body: it carries tokens.
    if (g.access_token.empty() || g.refresh_token.empty() || g.api_server.empty())
        throw ParseError("token response lacks access_token, refresh_token or api_server");
    if (g.expires_in_s <= 0) throw ParseError("token response has no positive expires_in");
    return g;
}

std::optional<ApiError> parse_error(std::string_view body) {
    json::Decoder dec;
    ApiError e;
    bool has_code = false;
    try {
        json::object o = dec.parse(body).get_object();
        for (auto f : o) {
            std::string_view k = f.unescaped_key();
            json::value v = f.value();
            if (k == "code") {
                e.code = int_of(v);
                has_code = true;
            } else if (k == "message") {
                e.message = str_of(v);
            } else if (k == "orderId") {
                e.order_id = int_of(v);
            }
        }
    } catch (const simdjson::simdjson_error&) {
        return std::nullopt;
    }
    if (!has_code) return std::nullopt;
    return e;
}

std::vector<Account> parse_accounts(std::string_view body) {
    std::vector<Account> out;
    each_in(body, "accounts", [&](json::object o) {
        Account a;
        for (auto f : o) {
            std::string_view k = f.unescaped_key();
            json::value v = f.value();
            if (k == "number") a.number = str_of(v);
            else if (k == "type") a.type = str_of(v);
            else if (k == "status") a.status = str_of(v);
            else if (k == "isPrimary") a.is_primary = bool_of(v);
        }
        out.push_back(std::move(a));
    });
    return out;
}

std::vector<SymbolInfo> parse_symbols(std::string_view body) {
    std::vector<SymbolInfo> out;
    each_in(body, "symbols", [&](json::object o) {
        SymbolInfo s;
        for (auto f : o) {
            std::string_view k = f.unescaped_key();
            json::value v = f.value();
            if (k == "symbol") s.symbol = str_of(v);
            else if (k == "symbolId") s.symbol_id = int_of(v);
            else if (k == "currency") s.currency = str_of(v);
            else if (k == "isTradable") s.is_tradable = bool_of(v);
            else if (k == "isQuotable") s.is_quotable = bool_of(v);
        }
        out.push_back(std::move(s));
    });
    return out;
}

std::vector<VenueQuote> parse_quotes(std::string_view body) {
    std::vector<VenueQuote> out;
    each_in(body, "quotes", [&](json::object o) {
        VenueQuote q;
        for (auto f : o) {
            std::string_view k = f.unescaped_key();
            json::value v = f.value();
            if (k == "symbol") q.symbol = str_of(v);
            else if (k == "symbolId") q.symbol_id = int_of(v);
            else if (k == "bidPrice") q.bid_px = fixed_of(v);
            else if (k == "bidSize") q.bid_size = fixed_of(v);
            else if (k == "askPrice") q.ask_px = fixed_of(v);
            else if (k == "askSize") q.ask_size = fixed_of(v);
            else if (k == "lastTradePrice") q.last_px = fixed_of(v);
            else if (k == "lastTradeSize") q.last_size = fixed_of(v);
            else if (k == "lastTradeTime") q.last_trade_ns = time_of(v);
            else if (k == "isHalted") q.halted = bool_of(v);
        }
        out.push_back(std::move(q));
    });
    return out;
}

std::vector<VenueOrder> parse_orders(std::string_view body) {
    std::vector<VenueOrder> out;
    each_in(body, "orders", [&](json::object o) { out.push_back(order_of(o)); });
    return out;
}

OrderResponse parse_order_response(std::string_view body) {
    OrderResponse r;
    r.error = parse_error(body);
    json::Decoder dec;
    try {
        json::object root = dec.parse(body).get_object();
        for (auto f : root) {
            std::string_view k = f.unescaped_key();
            json::value v = f.value();
            if (k == "orderId") {
                r.order_id = int_of(v);
            } else if (k == "orders" && !v.is_null()) {
                for (auto elem : v.get_array()) r.orders.push_back(order_of(elem.get_object()));
            }
        }
    } catch (const simdjson::simdjson_error& e) {
        throw ParseError(std::string("order response is not JSON (") + e.what() + ")");
    }
    if (r.order_id == 0 && !r.orders.empty()) r.order_id = r.orders.front().id;
    if (r.order_id == 0 && !r.error) throw ParseError("order response has no orderId");
    return r;
}

std::vector<VenueExecution> parse_executions(std::string_view body) {
    std::vector<VenueExecution> out;
    each_in(body, "executions", [&](json::object o) {
        VenueExecution x;
        for (auto f : o) {
            std::string_view k = f.unescaped_key();
            json::value v = f.value();
            if (k == "id") x.id = int_of(v);
            else if (k == "orderId") x.order_id = int_of(v);
            else if (k == "symbol") x.symbol = str_of(v);
            else if (k == "symbolId") x.symbol_id = int_of(v);
            else if (k == "quantity") x.qty = fixed_of(v);
            else if (k == "price") x.price = fixed_of(v);
            else if (k == "side") x.side = str_of(v);
            else if (k == "timestamp") x.ts_ns = time_of(v);
            else if (k == "commission" || k == "executionFee" || k == "secFee" || k == "canadianExecutionFee")
                x.fees += fixed_of(v);
        }
        out.push_back(std::move(x));
    });
    return out;
}

std::vector<VenuePosition> parse_positions(std::string_view body) {
    std::vector<VenuePosition> out;
    each_in(body, "positions", [&](json::object o) {
        VenuePosition p;
        for (auto f : o) {
            std::string_view k = f.unescaped_key();
            json::value v = f.value();
            if (k == "symbol") p.symbol = str_of(v);
            else if (k == "symbolId") p.symbol_id = int_of(v);
            else if (k == "openQuantity") p.open_qty = fixed_of(v);
            else if (k == "averageEntryPrice") p.average_entry_price = fixed_of(v);
            // The reference table spells these closedPnL/openPnL, its sample closedPnl/openPnl.
            else if (k == "closedPnl" || k == "closedPnL") p.closed_pnl = fixed_of(v);
            else if (k == "openPnl" || k == "openPnL") p.open_pnl = fixed_of(v);
        }
        out.push_back(std::move(p));
    });
    return out;
}

std::vector<VenueBalance> parse_balances(std::string_view body) {
    std::vector<VenueBalance> out;
    each_in(body, "perCurrencyBalances", [&](json::object o) {
        VenueBalance b;
        for (auto f : o) {
            std::string_view k = f.unescaped_key();
            json::value v = f.value();
            if (k == "currency") b.currency = str_of(v);
            else if (k == "cash") b.cash = fixed_of(v);
            else if (k == "buyingPower") b.buying_power = fixed_of(v);
            else if (k == "totalEquity") b.total_equity = fixed_of(v);
        }
        out.push_back(std::move(b));
    });
    return out;
}

th_order_status map_order_state(std::string_view s) {
    // OrderState enumeration (rest-operations/enumerations).
    if (s == "Executed") return TH_STATUS_FILLED;
    if (s == "Partial") return TH_STATUS_PARTIALLY_FILLED;
    if (s == "Canceled" || s == "PartialCanceled") return TH_STATUS_CANCELED;
    if (s == "Rejected" || s == "Failed") return TH_STATUS_REJECTED;
    if (s == "Expired") return TH_STATUS_EXPIRED;
    if (s == "Replaced") return TH_STATUS_CANCELED;  // superseded by a new order in the chain
    if (s == "Pending" || s == "Queued" || s == "PendingRiskReview") return TH_STATUS_PENDING_NEW;
    return TH_STATUS_NEW;  // Accepted, CancelPending, ReplacePending, Stopped, Suspended, Triggered, ...
}

th_side map_side(std::string_view s) {
    if (s == "Buy" || s == "BTO" || s == "BTC" || s == "Cov") return TH_SIDE_BUY;
    if (s == "Sell" || s == "STO" || s == "STC" || s == "Short") return TH_SIDE_SELL;
    return TH_SIDE_NONE;
}

th_quote to_quote(const VenueQuote& q, th_instrument instrument, int64_t ts_ns) {
    th_quote e = tradehost::make_event<th_quote>(ts_ns);
    e.instrument = instrument;
    e.bid_px = q.bid_px;
    e.bid_qty = q.bid_size;
    e.ask_px = q.ask_px;
    e.ask_qty = q.ask_size;
    return e;
}

th_trade to_trade(const VenueQuote& q, th_instrument instrument) {
    th_trade e = tradehost::make_event<th_trade>(q.last_trade_ns);
    e.instrument = instrument;
    e.aggressor = TH_SIDE_NONE;  // Questrade's lastTradeTick says Up/Down/Equal, not the taker's side
    e.px = q.last_px;
    e.qty = q.last_size;
    return e;
}

th_position to_position(const VenuePosition& p, th_instrument instrument, int64_t ts_ns) {
    th_position e = tradehost::make_event<th_position>(ts_ns);
    e.instrument = instrument;
    e.qty = p.open_qty;
    e.avg_px = p.average_entry_price;
    e.realized_pnl = p.closed_pnl;
    e.unrealized_pnl = p.open_pnl;
    return e;
}

th_balance to_balance(const VenueBalance& b, int64_t ts_ns) {
    th_balance e = tradehost::make_event<th_balance>(ts_ns);
    tradehost::copy_str(e.currency, b.currency);
    e.total = b.cash;
    e.available = b.buying_power;
    return e;
}

}  // namespace tradehost::questrade
