// exchange: the Binance spot dialect (REST api/v3, combined market streams, user data stream).
// Sources (Binance Spot API docs, developers.binance.com/docs/binance-spot-api-docs):
//   rest-api/general-api-information  base URLs, 429/418 + Retry-After, X-MBX-USED-WEIGHT-*,
//                                     X-MBX-ORDER-COUNT-* headers
//   rest-api/request-security         SIGNED = HMAC-SHA256 (hex) of the total params, header
//                                     X-MBX-APIKEY, timestamp + recvWindow (default 5000)
//   rest-api/general-endpoints        GET /api/v3/exchangeInfo (rateLimits, symbols[].filters)
//   filters                           PRICE_FILTER tickSize, LOT_SIZE stepSize/minQty,
//                                     NOTIONAL / MIN_NOTIONAL minNotional
//   rest-api/market-data-endpoints    bookTicker, depth, trades (and their request weights)
//   rest-api/trading-endpoints        POST/DELETE/GET /api/v3/order, openOrders
//   rest-api/account-endpoints        GET /api/v3/account, GET /api/v3/myTrades
//   errors                            -1003, -1013, -1021, -1022, -2010, -2011, -2013, -2014, -2015
//   web-socket-streams                /stream?streams=a/b combined format {"stream","data"},
//                                     <symbol>@bookTicker, <symbol>@trade
//   web-socket-api                    the order/fill stream: userDataStream.subscribe.signature
//                                     on wss://ws-api.binance.com:443/ws-api/v3 (the listenKey
//                                     endpoints were retired 2026-02-20), 24 h connection limit,
//                                     serverShutdown, response {"id","status","result"|"error"}
//   user-data-stream                  events wrapped {"subscriptionId":N,"event":{...}}:
//                                     executionReport fields, eventStreamTerminated
#include "../registry.hpp"
#include "../error_kinds.hpp"
#include "binance_ws_api.hpp"
#include "json_util.hpp"

#include <tradehost/venue/rate_limiter.hpp>
#include <tradehost/venue/sign.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace tradehost::exchange {
namespace {

namespace json = tradehost::venue::json;
using namespace jsonu;

// Request weights from the endpoint pages (weights change; these are the documented ones).
constexpr uint32_t kWeightExchangeInfo = 20, kWeightBookTicker = 2, kWeightTrades = 25,
                   kWeightAccount = 20, kWeightOrder = 1, kWeightQueryOrder = 4,
                   kWeightOpenOrders = 6, kWeightMyTrades = 20;
// myTrades answers at most this many trades per call (its `limit` maximum).
constexpr int kMyTradesLimit = 1000;
constexpr const char* kRecvWindow = "5000";

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}
std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool iequals_prefix(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
    return true;
}

uint8_t side_of(std::string_view s) {
    if (s == "BUY") return TH_SIDE_BUY;
    if (s == "SELL") return TH_SIDE_SELL;
    return TH_SIDE_NONE;
}

// Order status (docs: enums "Order status").
uint8_t status_of(std::string_view s) {
    if (s == "NEW" || s == "PENDING_NEW" || s == "PENDING_CANCEL") return TH_STATUS_NEW;
    if (s == "PARTIALLY_FILLED") return TH_STATUS_PARTIALLY_FILLED;
    if (s == "FILLED") return TH_STATUS_FILLED;
    if (s == "CANCELED") return TH_STATUS_CANCELED;
    if (s == "REJECTED") return TH_STATUS_REJECTED;
    if (s == "EXPIRED" || s == "EXPIRED_IN_MATCH") return TH_STATUS_EXPIRED;
    throw std::runtime_error("unknown Binance order status '" + std::string(s) + "'");
}

// Binance's rate-limit interval letters, as in the header names ("1M", "10S", "1D").
std::string interval_suffix(std::string_view interval, int64_t num, std::chrono::nanoseconds& window) {
    using namespace std::chrono;
    if (interval == "SECOND") { window = seconds(num); return std::to_string(num) + "S"; }
    if (interval == "MINUTE") { window = minutes(num); return std::to_string(num) + "M"; }
    if (interval == "HOUR") { window = hours(num); return std::to_string(num) + "H"; }
    if (interval == "DAY") { window = hours(24 * num); return std::to_string(num) + "D"; }
    throw std::runtime_error("unknown rateLimit interval '" + std::string(interval) + "'");
}

// The buckets every call touches: request weight, plus order counts for new orders.
std::vector<std::pair<std::string, uint32_t>> weight(uint32_t w) {
    return {{"REQUEST_WEIGHT_1M", w}, {"RAW_REQUESTS_5M", 1}};
}

/// An order object (create, cancel and query answers share it). One pass over the fields in
/// the order Binance writes them: a lookup per field would rescan the object for every key
/// that is absent (origClientOrderId on a create, transactTime on a query).
OrderState order_from(json::object o) {
    OrderState s;
    std::string orig_client_order_id;
    bool has_symbol = false, has_cid = false, has_id = false, has_side = false, has_status = false;
    bool has_qty = false, has_executed = false;
    int64_t transact_time = 0, update_time = 0;
    auto need = [](std::optional<th_fixed> v, const char* key) {
        if (!v) throw std::runtime_error(std::string("field '") + key + "' missing or not a decimal");
        return *v;
    };
    json::each_field(o, [&](json::Key k, json::value& v) {
        switch (k.front()) {
        case 's':
            if (k == "symbol") { s.symbol = std::string_view(v); has_symbol = true; }
            else if (k == "side") { s.side = side_of(std::string_view(v)); has_side = true; }
            else if (k == "status") { s.status = status_of(std::string_view(v)); has_status = true; }
            break;
        case 'c':
            if (k == "clientOrderId") { s.client_order_id = std::string_view(v); has_cid = true; }
            else if (k == "cummulativeQuoteQty") s.cum_quote = json::fixed_from(v).value_or(0);  // sic: Binance's spelling
            break;
        case 'o':
            if (k == "orderId") { s.venue_order_id = std::to_string(int64_t(v)); has_id = true; }
            else if (k == "origQty") { s.order_qty = need(json::fixed_from(v), "origQty"); has_qty = true; }
            else if (k == "origClientOrderId") orig_client_order_id = std::string_view(v);
            break;
        case 'e':
            if (k == "executedQty") { s.executed_qty = need(json::fixed_from(v), "executedQty"); has_executed = true; }
            break;
        case 'p':
            if (k == "price") s.price = json::fixed_from(v).value_or(0);
            break;
        case 't':
            if (k == "transactTime") transact_time = int64_t(v);
            break;
        case 'u':
            if (k == "updateTime") update_time = int64_t(v);
            break;
        default: break;
        }
    });
    // A cancel answer's clientOrderId is the cancel request's own id; ours is origClientOrderId.
    if (!orig_client_order_id.empty()) s.client_order_id = std::move(orig_client_order_id);
    else if (!has_cid) throw std::runtime_error("field 'clientOrderId' missing or not a string");
    if (!has_symbol) throw std::runtime_error("field 'symbol' missing or not a string");
    if (!has_id) throw std::runtime_error("field 'orderId' missing or not an integer");
    if (!has_side) throw std::runtime_error("field 'side' missing or not a string");
    if (!has_status) throw std::runtime_error("field 'status' missing or not a string");
    if (!has_qty) throw std::runtime_error("field 'origQty' missing or not a decimal");
    if (!has_executed) throw std::runtime_error("field 'executedQty' missing or not a decimal");
    s.ts_ns = (transact_time != 0 ? transact_time : update_time) * 1000000;
    return s;
}

/// <symbol>@bookTicker data (web-socket-streams: Individual Symbol Book Ticker Streams):
/// {"u":400900217,"s":"BNBUSDT","b":"25.35190000","B":"31.21000000","a":"25.36520000","A":"40.66000000"}.
Ticker book_ticker(json::object o) {
    Ticker t;
    unsigned seen = 0;
    json::each_field(o, [&](json::Key k, json::value& v) {
        auto fixed = [&](th_fixed& out, unsigned bit, const char* key) {
            auto x = json::fixed_from(v);
            if (!x) throw std::runtime_error(std::string("field '") + key + "' not a decimal");
            out = *x;
            seen |= bit;
        };
        if (k == "s") { t.symbol = std::string_view(v); seen |= 1; }
        else if (k == "b") fixed(t.bid_px, 2, "b");
        else if (k == "B") fixed(t.bid_qty, 4, "B");
        else if (k == "a") fixed(t.ask_px, 8, "a");
        else if (k == "A") fixed(t.ask_qty, 16, "A");
    });
    if (seen != 31) throw std::runtime_error("bookTicker: one of s, b, B, a, A missing");
    return t;
}

/// <symbol>@trade data (web-socket-streams: Trade Streams): {"e":"trade","E":..,"s":"BNBBTC",
/// "t":12345,"p":"0.001","q":"100","T":123456785,"m":true,"M":true}; "m" true: the buyer was
/// the maker, so the seller took liquidity.
PublicTrade stream_trade(json::object o) {
    PublicTrade t;
    unsigned seen = 0;
    bool buyer_maker = false;
    json::each_field(o, [&](json::Key k, json::value& v) {
        switch (k.front()) {
        case 's': if (k == "s") { t.symbol = std::string_view(v); seen |= 1; } break;
        case 't': if (k == "t") { t.trade_id = std::to_string(int64_t(v)); seen |= 2; } break;
        case 'p':
            if (k == "p") {
                auto x = json::fixed_from(v);
                if (!x) throw std::runtime_error("field 'p' not a decimal");
                t.px = *x;
                seen |= 4;
            }
            break;
        case 'q':
            if (k == "q") {
                auto x = json::fixed_from(v);
                if (!x) throw std::runtime_error("field 'q' not a decimal");
                t.qty = *x;
                seen |= 8;
            }
            break;
        case 'T': if (k == "T") { t.ts_ns = int64_t(v) * 1000000; seen |= 16; } break;
        case 'm': if (k == "m") buyer_maker = bool(v); break;
        default: break;
        }
    });
    if (seen != 31) throw std::runtime_error("trade: one of s, t, p, q, T missing");
    t.aggressor = buyer_maker ? TH_SIDE_SELL : TH_SIDE_BUY;
    return t;
}

// Binance's error codes (errors page; the -2010/-2011 messages from its "Messages for -1010
// ERROR_MSG_RECEIVED, -2010 NEW_ORDER_REJECTED, and -2011 CANCEL_REJECTED" list). Unlisted 4xx
// codes (the 11xx request issues, -1013 filter failures, -2010's other messages) are
// invalid_request by their HTTP 400; a 5xx is server whatever its code.
const std::vector<venue::ErrorRule> kErrors = {
    {401, "", "", ErrorKind::auth},  // -2014/-2015 come with 401; the status alone says it
    {403, "", "", ErrorKind::auth},  // the WAF's block
    {429, "", "", ErrorKind::rate_limited},
    {418, "", "", ErrorKind::banned},
    {0, "-2010", "insufficient balance", ErrorKind::insufficient_funds},
    {0, "-2010", "Duplicate order sent", ErrorKind::duplicate_order},
    {0, "-2011", "", ErrorKind::unknown_order},  // CANCEL_REJECTED "Unknown order sent."
    {0, "-2013", "", ErrorKind::unknown_order},  // NO_SUCH_ORDER "Order does not exist."
    {0, "-1021", "", ErrorKind::timestamp},      // outside the recvWindow
    {0, "-1022", "", ErrorKind::auth},           // INVALID_SIGNATURE
    {0, "-2014", "", ErrorKind::auth},           // BAD_API_KEY_FMT
    {0, "-2015", "", ErrorKind::auth},           // REJECTED_MBX_KEY
    {0, "-1002", "", ErrorKind::auth},           // UNAUTHORIZED
    {0, "-1003", "", ErrorKind::rate_limited},   // TOO_MANY_REQUESTS
    {0, "-1015", "", ErrorKind::rate_limited},   // TOO_MANY_ORDERS
    {0, "-1006", "", ErrorKind::server},         // UNEXPECTED_RESP: execution status unknown
    {0, "-1007", "", ErrorKind::server},         // TIMEOUT: execution status unknown
};

/// One executionReport event (user-data-stream: "Order Update") into `out`.
void execution_report(json::object o, UserStreamMessage& out) {
    OrderUpdate u;
    OrderState& s = u.order;
    std::string x = need_str(o, "x");
    s.symbol = need_str(o, "s");
    s.client_order_id = need_str(o, "c");
    std::string orig = opt_str(o, "C");  // for cancels, c is the cancel's id and C is ours
    if (!orig.empty()) s.client_order_id = orig;
    s.side = side_of(need_str(o, "S"));
    s.status = status_of(need_str(o, "X"));
    s.venue_order_id = std::to_string(need_int(o, "i"));
    s.order_qty = need_fixed(o, "q");
    s.price = opt_fixed(o, "p");
    s.executed_qty = need_fixed(o, "z");
    s.cum_quote = opt_fixed(o, "Z");
    s.ts_ns = need_int(o, "T") * 1000000;
    std::string reason = opt_str(o, "r");
    if (reason != "NONE") s.reject_reason = reason;
    if (x == "NEW") u.exec_type = TH_EXEC_NEW;
    else if (x == "CANCELED") u.exec_type = TH_EXEC_CANCELED;
    else if (x == "REPLACED") u.exec_type = TH_EXEC_REPLACED;
    else if (x == "REJECTED") u.exec_type = TH_EXEC_REJECTED;
    else if (x == "EXPIRED" || x == "TRADE_PREVENTION") u.exec_type = TH_EXEC_EXPIRED;
    else if (x == "TRADE") {
        u.exec_type = s.status == TH_STATUS_FILLED ? TH_EXEC_FILL : TH_EXEC_PARTIAL_FILL;
        Fill f;
        f.symbol = s.symbol;
        f.fill_id = s.symbol + ":" + std::to_string(need_int(o, "t"));
        f.venue_order_id = s.venue_order_id;
        f.client_order_id = s.client_order_id;
        f.side = s.side;
        f.px = need_fixed(o, "L");
        f.qty = need_fixed(o, "l");
        f.fee = opt_fixed(o, "n");
        f.fee_asset = opt_str(o, "N");  // null until a commission is charged
        f.liquidity = opt_bool(o, "m") ? TH_LIQ_MAKER : TH_LIQ_TAKER;
        f.ts_ns = s.ts_ns;
        u.fill = std::move(f);
    } else {
        return;  // AMENDMENT and execution types added later: no state change of ours
    }
    out.updates.push_back(std::move(u));
}

class Binance final : public Dialect {
public:
    std::string_view name() const override { return "binance"; }
    // newClientOrderId: ^[\.A-Z\:/a-z0-9_-]{1,36}$ (Spot API, POST /api/v3/order).
    venue::ClientIdFormat client_id_format() const override { return {36, ".:/_-", false, false, true}; }

    Urls default_urls(bool live) const override {
        // The order stream is the WebSocket API's (web-socket-api: General API Information).
        if (live) return {"https://api.binance.com", "wss://stream.binance.com:9443", "wss://ws-api.binance.com:443"};
        return {"https://testnet.binance.vision", "wss://stream.testnet.binance.vision",
                "wss://ws-api.testnet.binance.vision"};
    }

    venue::HttpRequest sign(const Endpoint& ep, std::string_view base_url, const Credentials& creds,
                            int64_t now_ms) const override {
        venue::HttpRequest r;
        r.method = ep.method;
        r.idempotent = ep.idempotent;
        venue::QueryParams params = ep.params;
        if (ep.is_signed) {
            params.emplace_back("recvWindow", kRecvWindow);
            params.emplace_back("timestamp", std::to_string(now_ms));
        }
        std::string query = venue::query_string(params);
        if (ep.is_signed) {
            // totalParams = query string (we send no body): HMAC-SHA256, lower-case hex.
            std::string sig = venue::hex_encode(venue::hmac_sha256(creds.secret, query));
            query += (query.empty() ? "" : "&");
            query += "signature=" + sig;
        }
        r.url = std::string(base_url) + ep.path + (query.empty() ? "" : "?" + query);
        if (ep.is_signed) r.headers.emplace_back("X-MBX-APIKEY", creds.key);
        return r;
    }

    Endpoint markets() const override { return get("/api/v3/exchangeInfo", {}, kWeightExchangeInfo); }
    Endpoint ticker(std::string_view symbol) const override {
        return get("/api/v3/ticker/bookTicker", {{"symbol", std::string(symbol)}}, kWeightBookTicker);
    }
    Endpoint order_book(std::string_view symbol, int depth) const override {
        // Weight by limit: 1-100: 5, 101-500: 25, 501-1000: 50, 1001-5000: 250.
        uint32_t w = depth <= 100 ? 5 : depth <= 500 ? 25 : depth <= 1000 ? 50 : 250;
        return get("/api/v3/depth", {{"symbol", std::string(symbol)}, {"limit", std::to_string(depth)}}, w);
    }
    Endpoint trades(std::string_view symbol, int limit) const override {
        return get("/api/v3/trades", {{"symbol", std::string(symbol)}, {"limit", std::to_string(limit)}}, kWeightTrades);
    }
    Endpoint balances() const override {
        Endpoint e = get("/api/v3/account", {{"omitZeroBalances", "true"}}, kWeightAccount);
        e.is_signed = true;
        return e;
    }

    std::optional<std::string> unsupported(const OrderSpec& o) const override {
        if (o.tif == TH_TIF_DAY && o.type != TH_ORDER_MARKET && o.type != TH_ORDER_STOP)
            return std::string("binance has no DAY time in force (GTC, IOC, FOK)");
        if (o.type != TH_ORDER_MARKET && o.type != TH_ORDER_LIMIT && o.type != TH_ORDER_STOP &&
            o.type != TH_ORDER_STOP_LIMIT)
            return std::string("unknown order type");
        return std::nullopt;
    }

    Endpoint create_order(const OrderSpec& o) const override {
        Endpoint e;
        e.method = "POST";
        e.path = "/api/v3/order";
        e.is_signed = true;
        // A POST is not resent after a transport error: the outcome is found by client order id.
        e.idempotent = false;
        auto& p = e.params;
        p.emplace_back("symbol", o.symbol);
        p.emplace_back("side", o.side == TH_SIDE_BUY ? "BUY" : "SELL");
        const char* type = o.type == TH_ORDER_MARKET ? "MARKET"
                           : o.type == TH_ORDER_LIMIT ? "LIMIT"
                           : o.type == TH_ORDER_STOP  ? "STOP_LOSS"
                                                      : "STOP_LOSS_LIMIT";
        p.emplace_back("type", type);
        if (o.type == TH_ORDER_LIMIT || o.type == TH_ORDER_STOP_LIMIT)
            p.emplace_back("timeInForce", o.tif == TH_TIF_IOC ? "IOC" : o.tif == TH_TIF_FOK ? "FOK" : "GTC");
        p.emplace_back("quantity", json::fixed_to_text(o.qty));
        if (o.type == TH_ORDER_LIMIT || o.type == TH_ORDER_STOP_LIMIT)
            p.emplace_back("price", json::fixed_to_text(o.limit_px));
        if (o.type == TH_ORDER_STOP || o.type == TH_ORDER_STOP_LIMIT)
            p.emplace_back("stopPrice", json::fixed_to_text(o.stop_px));
        p.emplace_back("newClientOrderId", o.client_order_id);
        p.emplace_back("newOrderRespType", "RESULT");
        e.costs = weight(kWeightOrder);
        e.costs.emplace_back("ORDERS_10S", 1);
        e.costs.emplace_back("ORDERS_1D", 1);
        return e;
    }
    Endpoint cancel_order(std::string_view symbol, std::string_view cid, std::string_view) const override {
        Endpoint e = get("/api/v3/order", {{"symbol", std::string(symbol)}, {"origClientOrderId", std::string(cid)}},
                         kWeightOrder);
        e.method = "DELETE";
        e.is_signed = true;
        return e;
    }
    Endpoint fetch_order(std::string_view symbol, std::string_view cid, std::string_view) const override {
        Endpoint e = get("/api/v3/order", {{"symbol", std::string(symbol)}, {"origClientOrderId", std::string(cid)}},
                         kWeightQueryOrder);
        e.is_signed = true;
        return e;
    }
    Endpoint open_orders(std::string_view symbol) const override {
        Endpoint e = get("/api/v3/openOrders", {{"symbol", std::string(symbol)}}, kWeightOpenOrders);
        e.is_signed = true;
        return e;
    }
    Endpoint my_trades(std::string_view symbol, int64_t since_ms) const override {
        venue::QueryParams p{{"symbol", std::string(symbol)}};
        if (since_ms > 0) p.emplace_back("startTime", std::to_string(since_ms));
        p.emplace_back("limit", std::to_string(kMyTradesLimit));
        Endpoint e = get("/api/v3/myTrades", std::move(p), kWeightMyTrades);
        e.is_signed = true;
        return e;
    }
    // A full page may have more behind it: go on from the next trade id. myTrades accepts
    // symbol + fromId ("trades >= that fromId", ascending), not fromId with startTime
    // (rest-api account-endpoints "Account trade list").
    std::optional<Endpoint> my_trades_next(std::string_view symbol, const std::vector<Fill>& page) const override {
        if (page.size() < static_cast<std::size_t>(kMyTradesLimit)) return std::nullopt;
        int64_t last = -1;
        for (const Fill& f : page) {
            const auto colon = f.fill_id.rfind(':');
            if (colon == std::string::npos) continue;
            last = std::max<int64_t>(last, std::atoll(f.fill_id.c_str() + colon + 1));
        }
        if (last < 0) return std::nullopt;
        Endpoint e = get("/api/v3/myTrades",
                         {{"symbol", std::string(symbol)}, {"fromId", std::to_string(last + 1)},
                          {"limit", std::to_string(kMyTradesLimit)}},
                         kWeightMyTrades);
        e.is_signed = true;
        return e;
    }

    ExchangeInfo parse_markets(json::Decoder& d, std::string_view body) const override {
        ExchangeInfo info;
        json::object root = d.parse(body).get_object();
        for (auto item : root.find_field_unordered("rateLimits").get_array()) {
            json::object rl = item.get_object();
            std::string type = need_str(rl, "rateLimitType");
            std::string interval = need_str(rl, "interval");
            int64_t num = need_int(rl, "intervalNum");
            int64_t limit = need_int(rl, "limit");
            RateLimitRule rule;
            rule.bucket = type + "_" + interval_suffix(interval, num, rule.window);
            rule.limit = static_cast<uint32_t>(limit);
            info.limits.push_back(std::move(rule));
        }
        for (auto item : root.find_field_unordered("symbols").get_array()) {
            json::object s = item.get_object();
            Market m;
            m.symbol = need_str(s, "symbol");
            m.trading = need_str(s, "status") == "TRADING";
            m.base = need_str(s, "baseAsset");
            m.quote = need_str(s, "quoteAsset");
            for (auto fv : s.find_field_unordered("filters").get_array()) {
                json::object f = fv.get_object();
                std::string type = need_str(f, "filterType");
                if (type == "PRICE_FILTER") {
                    m.tick_size = need_fixed(f, "tickSize");
                    m.min_price = opt_fixed(f, "minPrice");
                } else if (type == "LOT_SIZE") {
                    m.step_size = need_fixed(f, "stepSize");
                    m.min_qty = need_fixed(f, "minQty");
                    m.max_qty = opt_fixed(f, "maxQty");
                } else if (type == "NOTIONAL") {
                    // NOTIONAL supersedes MIN_NOTIONAL where both are listed.
                    m.min_notional = need_fixed(f, "minNotional");
                    m.min_notional_applies_to_market = opt_bool(f, "applyMinToMarket");
                } else if (type == "MIN_NOTIONAL" && m.min_notional == 0) {
                    m.min_notional = need_fixed(f, "minNotional");
                    m.min_notional_applies_to_market = opt_bool(f, "applyToMarket");
                }
            }
            info.markets.push_back(std::move(m));
        }
        return info;
    }

    Ticker parse_ticker(json::Decoder& d, std::string_view body) const override {
        json::object o = d.parse(body).get_object();
        Ticker t;
        t.symbol = need_str(o, "symbol");
        t.bid_px = need_fixed(o, "bidPrice");
        t.bid_qty = need_fixed(o, "bidQty");
        t.ask_px = need_fixed(o, "askPrice");
        t.ask_qty = need_fixed(o, "askQty");
        return t;
    }

    OrderBook parse_order_book(json::Decoder& d, std::string_view symbol, std::string_view body) const override {
        OrderBook b;
        b.symbol = std::string(symbol);
        json::object o = d.parse(body).get_object();
        b.update_id = need_int(o, "lastUpdateId");
        auto levels = [&](std::string_view key, std::vector<BookLevel>& out) {
            for (auto lv : o.find_field_unordered(key).get_array()) {
                BookLevel l;
                int i = 0;
                for (auto x : lv.get_array()) {
                    auto v = json::fixed_from(x.value());
                    if (!v) throw std::runtime_error("depth level is not decimal");
                    (i++ == 0 ? l.px : l.qty) = *v;
                }
                out.push_back(l);
            }
        };
        levels("bids", b.bids);
        levels("asks", b.asks);
        return b;
    }

    std::vector<PublicTrade> parse_trades(json::Decoder& d, std::string_view symbol,
                                          std::string_view body) const override {
        std::vector<PublicTrade> out;
        for (auto item : d.parse(body).get_array()) {
            json::object o = item.get_object();
            PublicTrade t;
            t.symbol = std::string(symbol);
            t.trade_id = std::to_string(need_int(o, "id"));
            t.px = need_fixed(o, "price");
            t.qty = need_fixed(o, "qty");
            t.ts_ns = need_int(o, "time") * 1000000;
            // The buyer was the maker: the taker (aggressor) sold.
            t.aggressor = opt_bool(o, "isBuyerMaker") ? TH_SIDE_SELL : TH_SIDE_BUY;
            out.push_back(std::move(t));
        }
        return out;
    }

    std::vector<Balance> parse_balances(json::Decoder& d, std::string_view body) const override {
        std::vector<Balance> out;
        json::object o = d.parse(body).get_object();
        for (auto item : o.find_field_unordered("balances").get_array()) {
            json::object b = item.get_object();
            out.push_back({need_str(b, "asset"), need_fixed(b, "free"), need_fixed(b, "locked")});
        }
        return out;
    }

    OrderState parse_order(json::Decoder& d, std::string_view body) const override {
        return order_from(d.parse(body).get_object());
    }
    std::vector<OrderState> parse_open_orders(json::Decoder& d, std::string_view body) const override {
        std::vector<OrderState> out;
        for (auto item : d.parse(body).get_array()) out.push_back(order_from(item.get_object()));
        return out;
    }
    std::vector<Fill> parse_my_trades(json::Decoder& d, std::string_view body) const override {
        std::vector<Fill> out;
        for (auto item : d.parse(body).get_array()) {
            json::object o = item.get_object();
            Fill f;
            f.symbol = need_str(o, "symbol");
            f.fill_id = f.symbol + ":" + std::to_string(need_int(o, "id"));
            f.venue_order_id = std::to_string(need_int(o, "orderId"));
            f.px = need_fixed(o, "price");
            f.qty = need_fixed(o, "qty");
            f.fee = need_fixed(o, "commission");
            f.fee_asset = opt_str(o, "commissionAsset");
            f.ts_ns = need_int(o, "time") * 1000000;
            f.side = opt_bool(o, "isBuyer") ? TH_SIDE_BUY : TH_SIDE_SELL;
            f.liquidity = opt_bool(o, "isMaker") ? TH_LIQ_MAKER : TH_LIQ_TAKER;
            out.push_back(std::move(f));
        }
        return out;
    }

    UnifiedError parse_error(json::Decoder& d, const venue::HttpResponse& resp) const override {
        UnifiedError e;
        if (resp.ok()) return e;  // Binance errors always come with a 4xx/5xx status
        if (resp.status == 0) {
            e.kind = ErrorKind::transport;
            e.message = resp.error;
            return e;
        }
        e.message = "HTTP " + std::to_string(resp.status);
        // Error payload (errors page): {"code": -1121, "msg": "Invalid symbol."}
        try {
            json::object o = d.parse(resp.body).get_object();
            e.code = opt_int(o, "code", 0);
            std::string msg = opt_str(o, "msg");
            if (!msg.empty()) e.message = msg;
        } catch (const std::exception&) {
            // Not a Binance error body (a proxy page, the retired endpoints' nginx 410 page):
            // keep the HTTP status as the message.
        }
        e.kind = classify_error(kErrors, static_cast<int>(resp.status), e.code != 0 ? std::to_string(e.code) : "",
                                e.message);
        if (e.kind == ErrorKind::rate_limited || e.kind == ErrorKind::banned)
            if (const std::string* ra = resp.header("Retry-After"))
                e.retry_after = venue::RateLimiter::parse_retry_after(*ra, std::chrono::system_clock::now());
        return e;
    }

    const std::vector<venue::ErrorRule>& error_table() const override { return kErrors; }

    std::vector<std::pair<std::string, uint32_t>> used_weights(const venue::HttpResponse& resp) const override {
        std::vector<std::pair<std::string, uint32_t>> out;
        for (const auto& [name, value] : resp.headers) {
            std::string bucket;
            if (iequals_prefix(name, "x-mbx-used-weight-"))
                bucket = "REQUEST_WEIGHT_" + upper(name.substr(18));
            else if (iequals_prefix(name, "x-mbx-order-count-"))
                bucket = "ORDERS_" + upper(name.substr(18));
            else
                continue;
            try {
                out.emplace_back(bucket, static_cast<uint32_t>(std::stoul(value)));
            } catch (const std::exception&) {
            }
        }
        return out;
    }

    std::string market_stream_url(std::string_view base, const std::vector<std::string>& symbols) const override {
        std::string url = std::string(base) + "/stream?streams=";
        bool first = true;
        for (const auto& s : symbols) {
            for (const char* kind : {"@bookTicker", "@trade"}) {
                if (!first) url += '/';
                first = false;
                url += lower(s) + kind;
            }
        }
        return url;
    }
    std::vector<std::string> market_subscribe(const std::vector<std::string>&) const override { return {}; }

    // Order books: the diff depth stream synced to the REST snapshot (GET /api/v3/depth) by
    // Binance's "How to manage a local order book correctly" (web-socket-streams).
    BookSync book_sync() const override { return BookSync::rest_snapshot; }
    std::string book_stream_url(std::string_view base, const std::vector<std::string>& symbols, int) const override {
        std::string url = market_stream_url(base, symbols);
        for (const auto& s : symbols) url += "/" + lower(s) + "@depth@100ms";
        return url;
    }

    // Diff depth event: {"e":"depthUpdate","E":..,"s":"BNBBTC","U":157,"u":160,
    // "b":[["0.0024","10"]],"a":[["0.0026","100"]]}; quantities are absolute, "0" removes.
    static void depth_update(json::object data, BookUpdate& b) {
        bool have_first = false, have_last = false, have_symbol = false;
        auto levels = [](json::value& v, std::vector<BookLevel>& out) {
            for (auto lv : v.get_array()) {
                BookLevel l;
                int i = 0;
                for (auto x : lv.get_array()) {
                    auto f = json::fixed_from(x.value());
                    if (!f) throw std::runtime_error("depth level is not decimal");
                    if (i == 0) l.px = *f;
                    else if (i == 1) l.qty = *f;
                    ++i;
                }
                if (i < 2) throw std::runtime_error("depth level without quantity");
                out.push_back(l);
            }
        };
        json::each_field(data, [&](json::Key k, json::value& v) {
            if (k == "U") {
                b.first_seq = v.get_uint64();
                have_first = true;
            } else if (k == "u") {
                b.last_seq = v.get_uint64();
                have_last = true;
            } else if (k == "s") {
                b.symbol = std::string(std::string_view(v));
                have_symbol = true;
            } else if (k == "b") {
                levels(v, b.bids);
            } else if (k == "a") {
                levels(v, b.asks);
            }
        });
        if (!have_first || !have_last || !have_symbol) throw std::runtime_error("depthUpdate without U, u or s");
    }

    // Combined-stream frames: {"stream":"bnbbtc@bookTicker","data":{...}}. One pass in document
    // order when "stream" comes first, as Binance writes it; a frame with "data" first (JSON
    // objects are unordered) goes back for it. A subscription answer ({"result":null,"id":1})
    // has no stream and carries nothing.
    void read_market_message(json::Decoder& d, std::string_view text, MarketMessage& out) const override {
        enum class Kind { none, book, trade, depth } kind = Kind::none;
        auto read = [&](json::object data) {
            if (kind == Kind::book) out.tickers.push_back(book_ticker(data));
            else if (kind == Kind::trade) out.trades.push_back(stream_trade(data));
            else if (kind == Kind::depth) depth_update(data, out.add_book());
        };
        bool data_read = false, data_first = false;
        json::object root = d.parse(text).get_object();
        json::each_field(root, [&](json::Key k, json::value& v) {
            if (k == "stream") {
                const std::string_view name = v;
                auto ends_with = [&](std::string_view suffix) {
                    return name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
                };
                kind = ends_with("@bookTicker") ? Kind::book
                       : ends_with("@trade")    ? Kind::trade
                       : (ends_with("@depth@100ms") || ends_with("@depth")) ? Kind::depth
                                                                             : Kind::none;
            } else if (k == "data") {
                if (kind == Kind::none) {
                    data_first = true;
                    return;
                }
                read(v.get_object());
                data_read = true;
            }
        });
        if (kind == Kind::none || data_read) return;
        if (!data_first) throw std::runtime_error("field 'data' missing");
        read(root.find_field_unordered("data").get_object());
    }

    // Order/fill stream: the WebSocket API's user data subscription. No REST session and no
    // keepalive; the subscribe is signed per connection, so StreamLink asks for it anew at every
    // (re)connect. The upkeep runs every minute: it reopens a refused subscription and renews
    // the connection before Binance's 24 h limit cuts it.
    std::optional<Endpoint> user_stream_open() const override { return std::nullopt; }
    std::string parse_user_stream_token(json::Decoder&, std::string_view) const override { return {}; }
    std::optional<Endpoint> user_stream_keepalive(std::string_view) const override { return std::nullopt; }
    std::chrono::nanoseconds user_stream_keepalive_interval() const override { return std::chrono::minutes(1); }
    std::chrono::nanoseconds user_stream_max_age() const override {
        return std::chrono::hours(24) - std::chrono::minutes(15);
    }
    bool user_stream_confirms() const override { return true; }
    std::string user_stream_url(std::string_view base, std::string_view) const override {
        return std::string(base) + "/ws-api/v3";
    }
    std::vector<std::string> user_subscribe(std::string_view, const Credentials& creds) const override {
        const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch()).count();
        return {binance::user_data_subscribe(creds, now_ms)};
    }

    // Frames on the order stream: the subscribe's answer, or an event. Events come wrapped,
    // {"subscriptionId":0,"event":{"e":"executionReport",...}}; serverShutdown has no
    // subscriptionId. Balance events (outboundAccountPosition, balanceUpdate,
    // externalLockUpdate) and order-list events (listStatus) carry no order update of ours.
    UserStreamMessage parse_user_message(json::Decoder& d, std::string_view text) const override {
        UserStreamMessage out;
        json::object root = d.parse(text).get_object();
        if (auto ev = opt_field(root, "event")) {
            json::object e = ev->get_object();
            const std::string type = need_str(e, "e");
            if (type == "executionReport") {
                execution_report(e, out);
            } else if (type == "eventStreamTerminated") {
                out.end = UserStreamMessage::End::reconnect;
                out.end_reason = "Binance ended the user data subscription (eventStreamTerminated)";
            } else if (type == "serverShutdown") {
                out.end = UserStreamMessage::End::reconnect;
                out.end_reason = "Binance is shutting the WebSocket API server down (serverShutdown)";
            }
            return out;
        }
        // A response: {"id":"uds-..","status":200,"result":{"subscriptionId":0}} or
        // {"id":..,"status":400,"error":{"code":-1022,"msg":"Signature for this request is not valid."}}.
        const std::string id = opt_str(root, "id");
        if (id.rfind(binance::kSubscribeIdPrefix, 0) != 0) return out;  // not our subscribe's answer
        const int64_t status = need_int(root, "status");
        if (status == 200) {
            auto result = opt_field(root, "result");
            if (!result) throw std::runtime_error("subscribe answer with status 200 but no 'result'");
            (void)need_int(result->get_object(), "subscriptionId");
            out.subscribed = true;
            return out;
        }
        out.end = UserStreamMessage::End::refused;
        // Short: it becomes the venue status text (TH_TEXT_LEN).
        out.end_reason = "subscribe refused (" + std::to_string(status) + ")";
        if (auto err = opt_field(root, "error")) {
            json::object eo = err->get_object();
            out.end_reason += ": " + std::to_string(opt_int(eo, "code", 0)) + " " + opt_str(eo, "msg");
        }
        return out;
    }

private:
    static Endpoint get(std::string path, venue::QueryParams params, uint32_t w) {
        Endpoint e;
        e.path = std::move(path);
        e.params = std::move(params);
        e.costs = weight(w);
        return e;
    }
};

}  // namespace

std::unique_ptr<Dialect> make_binance_dialect() { return std::make_unique<Binance>(); }

}  // namespace tradehost::exchange
