// exchange: the Kraken spot dialect. Our symbols are Kraken's REST altnames ("XBTUSD"); the
// REST answers name pairs by their key ("XXBTZUSD") and WebSocket v2 by "BTC/USD": SymbolMap
// translates both ways (learnt from AssetPairs, with a documented-convention fallback before
// AssetPairs is loaded). fetch_order finds open orders only (OpenOrders filtered by cl_ord_id);
// fetch_closed_order is the second lookup for orders that closed (QueryOrders by txid, else
// ClosedOrders by cl_ord_id).
// Sources (docs.kraken.com, Spot REST and WebSocket v2):
//   guides/spot-rest-auth    API-Key, API-Sign = base64(HMAC-SHA512(base64-decoded secret,
//                            URI path + SHA256(nonce + POST data))), nonce always increasing
//   rest/ AssetPairs         tick_size, lot_decimals, ordermin, costmin, status
//   rest/ Ticker, Depth, Trades, Balance, AddOrder (cl_ord_id), CancelOrder (cl_ord_id),
//         OpenOrders (cl_ord_id filter), TradesHistory (start), GetWebSocketsToken
//   errors                   {"error":["EOrder:Insufficient funds"]} with HTTP 200
//   websocket-v2 ticker, trade, executions (token from GetWebSocketsToken)
//   guides/spot-rest-ratelimits  call counter: starter max 15, decay 0.33/s; ledger/trade
//                            history calls +2, others +1, AddOrder/CancelOrder not counted
//                            (they use the matching engine's per-pair limiter)
#include "../error_kinds.hpp"
#include "../registry.hpp"
#include "json_util.hpp"

#include <tradehost/venue/encoding.hpp>
#include <tradehost/venue/sign.hpp>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <stdexcept>

namespace tradehost::exchange {
namespace {

namespace json = tradehost::venue::json;
using namespace jsonu;

// Kraken times are seconds with a fraction (1688666559.8974): exact through th_fixed.
int64_t seconds_to_ns(json::value v) {
    auto f = json::fixed_from(v);
    if (!f) throw std::runtime_error("time is not a decimal");
    return *f * 10;  // 1e-8 s units -> ns
}

int64_t seconds_field_ns(json::object o, std::string_view key) {
    json::value v;
    if (o.find_field_unordered(key).get(v)) return 0;
    return seconds_to_ns(v);
}

// `result` of a Kraken answer {"error":[],"result":{...}}.
json::object result_of(json::Decoder& d, std::string_view body) {
    return d.parse(body).get_object().find_field_unordered("result").get_object();
}

th_fixed pow10_neg(int64_t decimals) {
    if (decimals < 0 || decimals > 8) throw std::runtime_error("lot_decimals out of range");
    th_fixed v = TH_FIXED_SCALE;
    for (int64_t i = 0; i < decimals; ++i) v /= 10;
    return v;
}

uint8_t order_status(std::string_view s) {
    if (s == "pending" || s == "pending_new" || s == "open" || s == "new") return TH_STATUS_NEW;
    if (s == "partially_filled") return TH_STATUS_PARTIALLY_FILLED;
    if (s == "closed" || s == "filled") return TH_STATUS_FILLED;
    if (s == "canceled") return TH_STATUS_CANCELED;
    if (s == "expired") return TH_STATUS_EXPIRED;
    throw std::runtime_error("unknown Kraken order status '" + std::string(s) + "'");
}

OrderState order_from(std::string_view txid, json::object o) {
    OrderState s;
    s.venue_order_id = std::string(txid);
    s.client_order_id = opt_str(o, "cl_ord_id");
    s.status = order_status(need_str(o, "status"));
    s.order_qty = need_fixed(o, "vol");
    s.executed_qty = need_fixed(o, "vol_exec");
    s.cum_quote = opt_fixed(o, "cost");
    // A "closed" order that did not fill completely was closed by the exchange.
    if (s.status == TH_STATUS_FILLED && s.executed_qty < s.order_qty) s.status = TH_STATUS_CANCELED;
    s.ts_ns = seconds_field_ns(o, "opentm");
    json::object descr = o.find_field_unordered("descr").get_object();
    s.symbol = need_str(descr, "pair");
    s.side = need_str(descr, "type") == "buy" ? TH_SIDE_BUY : TH_SIDE_SELL;
    s.price = opt_fixed(descr, "price");
    return s;
}

// Kraken's asset codes differ between REST (XBT, XDG) and WebSocket v2 (BTC, DOGE).
std::string v2_asset(std::string_view a) {
    if (a == "XBT") return "BTC";
    if (a == "XDG") return "DOGE";
    return std::string(a);
}

// "XBT/USD" (AssetPairs wsname, or a symbol configured that way) -> "BTC/USD".
std::string v2_symbol(std::string_view wsname) {
    const auto slash = wsname.find('/');
    if (slash == std::string_view::npos) return std::string(wsname);
    return v2_asset(wsname.substr(0, slash)) + "/" + v2_asset(wsname.substr(slash + 1));
}

// Altname -> v2 symbol without AssetPairs (market data may start first, or run without keys):
// altnames are base altname + quote altname, and the quotes Kraken lists are few.
std::string v2_symbol_guess(std::string_view alt) {
    if (alt.find('/') != std::string_view::npos) return v2_symbol(alt);
    static constexpr std::string_view kQuotes[] = {"PYUSD", "USDT", "USDC", "USD", "EUR", "GBP", "CAD", "JPY",
                                                   "CHF",   "AUD",  "DAI",  "XBT", "ETH", "DOT"};
    for (std::string_view q : kQuotes)
        if (alt.size() > q.size() && alt.substr(alt.size() - q.size()) == q)
            return v2_asset(alt.substr(0, alt.size() - q.size())) + "/" + v2_asset(q);
    return std::string(alt);
}

// The three names of one pair, shared by the market-data and execution threads.
class SymbolMap {
public:
    void learn(const std::string& rest_key, const std::string& alt, const std::string& wsname,
               const std::string& base, const std::string& quote) {
        std::lock_guard<std::mutex> lk(mu_);
        alt_by_rest_[rest_key] = alt;
        quote_by_alt_[alt] = quote;
        if (!wsname.empty()) {
            ws_by_alt_[alt] = v2_symbol(wsname);
            alt_by_ws_[v2_symbol(wsname)] = alt;
            const auto slash = wsname.find('/');
            if (slash != std::string::npos) {
                rest_asset_[alt + ":" + v2_asset(std::string_view(wsname).substr(0, slash))] = base;
                rest_asset_[alt + ":" + v2_asset(std::string_view(wsname).substr(slash + 1))] = quote;
            }
        }
    }
    /// The REST asset code ("ZUSD") of a pair's asset as WebSocket v2 names it ("USD"), so a
    /// fee's asset compares with the market's base/quote; unchanged when unknown.
    std::string rest_asset(const std::string& alt, const std::string& v2) const {
        std::lock_guard<std::mutex> lk(mu_);
        auto it = rest_asset_.find(alt + ":" + v2);
        return it != rest_asset_.end() ? it->second : v2;
    }
    /// The pair's quote asset ("ZUSD"): TradesHistory fees are in it (api-reference TradesHistory).
    std::string quote_of(const std::string& alt) const {
        std::lock_guard<std::mutex> lk(mu_);
        auto it = quote_by_alt_.find(alt);
        return it != quote_by_alt_.end() ? it->second : std::string();
    }
    /// The v2 symbol to subscribe for our symbol; remembered so answers map back to it.
    std::string subscribe_name(const std::string& ours) {
        std::lock_guard<std::mutex> lk(mu_);
        auto it = ws_by_alt_.find(ours);
        std::string ws = it != ws_by_alt_.end() ? it->second : v2_symbol_guess(ours);
        ours_by_ws_[ws] = ours;
        return ws;
    }
    /// Our symbol for a v2 symbol; unchanged when unknown.
    std::string from_ws(const std::string& ws) const {
        std::lock_guard<std::mutex> lk(mu_);
        if (auto it = ours_by_ws_.find(ws); it != ours_by_ws_.end()) return it->second;
        if (auto it = alt_by_ws_.find(ws); it != alt_by_ws_.end()) return it->second;
        return ws;
    }
    /// Our symbol for a REST pair key ("XXBTZUSD"); unchanged when unknown.
    std::string from_rest(const std::string& key) const {
        std::lock_guard<std::mutex> lk(mu_);
        auto it = alt_by_rest_.find(key);
        return it != alt_by_rest_.end() ? it->second : key;
    }

private:
    mutable std::mutex mu_;
    std::map<std::string, std::string> alt_by_rest_, ws_by_alt_, alt_by_ws_, ours_by_ws_, quote_by_alt_;
    std::map<std::string, std::string> rest_asset_;  // "ALTNAME:V2ASSET" -> REST asset code
};

// Kraken does not publish its call counter through the API; it is a leaky bucket of 15 that
// drains 0.33/s (starter tier; guides/spot-rest-ratelimits). If Kraken still answers
// "EAPI:Rate limit exceeded" (another client on the key), RestSession backs off.
constexpr const char* kCounter = "API_COUNTER";
constexpr uint32_t kCounterMax = 15;
constexpr double kCounterDecayPerSecond = 0.33;

// Kraken's error texts (guides/spot-errors; "EService: Throttled" from guides/spot-rest-ratelimits),
// matched as substrings of the first entry of the answer's error list. Unlisted errors are
// `other`; EGeneral:Invalid arguments and EOrder:* rejects are the request's fault.
const std::vector<venue::ErrorRule> kErrors = {
    {0, "", "Rate limit exceeded", ErrorKind::rate_limited},  // EAPI: (REST counter), EOrder: (matching engine)
    {0, "", "Too many requests", ErrorKind::rate_limited},    // EGeneral:Too many requests
    {0, "", "Throttled", ErrorKind::rate_limited},            // EService: Throttled: <unix time>
    {0, "", "Temporary lockout", ErrorKind::banned},          // EGeneral:Temporary lockout
    {0, "", "Insufficient funds", ErrorKind::insufficient_funds},
    {0, "", "Unknown order", ErrorKind::unknown_order},
    {0, "", "Invalid key", ErrorKind::auth},
    {0, "", "Invalid signature", ErrorKind::auth},
    {0, "", "Permission denied", ErrorKind::auth},
    {0, "", "Invalid nonce", ErrorKind::timestamp},
    {0, "", "EService:Unavailable", ErrorKind::server},       // outcome unknown: look the order up
    {0, "", "EService:Busy", ErrorKind::server},
    {0, "", "EService:Deadline elapsed", ErrorKind::server},
    {0, "", "EGeneral:Invalid arguments", ErrorKind::invalid_request},
    {0, "", "EOrder:", ErrorKind::invalid_request},
};

class Kraken final : public Dialect {
public:
    std::string_view name() const override { return "kraken"; }
    // cl_ord_id: a UUID (long, or short without hyphens) or free text of at most 18 characters
    // (Spot client order identifiers guide).
    venue::ClientIdFormat client_id_format() const override { return {18, "", true, true, true}; }

    // Kraken has no public spot sandbox: both environments use the production URLs.
    Urls default_urls(bool) const override {
        return {"https://api.kraken.com", "wss://ws.kraken.com/v2", "wss://ws-auth.kraken.com/v2"};
    }

    venue::HttpRequest sign(const Endpoint& ep, std::string_view base_url, const Credentials& creds,
                            int64_t now_ms) const override {
        venue::HttpRequest r;
        r.method = ep.method;
        r.idempotent = ep.idempotent;
        if (!ep.is_signed) {
            std::string q = venue::query_string(ep.params);
            r.url = std::string(base_url) + ep.path + (q.empty() ? "" : "?" + q);
            return r;
        }
        // The nonce must grow with every call of one key: never reuse a millisecond.
        int64_t nonce = now_ms, last = last_nonce_.load();
        do {
            nonce = std::max(now_ms, last + 1);
        } while (!last_nonce_.compare_exchange_weak(last, nonce));
        venue::QueryParams params{{"nonce", std::to_string(nonce)}};
        params.insert(params.end(), ep.params.begin(), ep.params.end());
        r.body = venue::query_string(params);
        r.url = std::string(base_url) + ep.path;
        auto secret = venue::base64_decode(creds.secret);
        if (!secret) throw std::runtime_error("kraken API secret is not base64");
        const std::string message = ep.path + venue::sha256(std::to_string(nonce) + r.body);
        r.headers.emplace_back("API-Key", creds.key);
        r.headers.emplace_back("API-Sign", venue::base64_encode(venue::hmac_sha512(*secret, message)));
        r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        venue::secure_clear(*secret);
        return r;
    }

    Endpoint markets() const override { return pub("/0/public/AssetPairs", {}); }
    Endpoint ticker(std::string_view symbol) const override {
        return pub("/0/public/Ticker", {{"pair", std::string(symbol)}});
    }
    Endpoint order_book(std::string_view symbol, int depth) const override {
        return pub("/0/public/Depth", {{"pair", std::string(symbol)}, {"count", std::to_string(depth)}});
    }
    Endpoint trades(std::string_view symbol, int limit) const override {
        return pub("/0/public/Trades", {{"pair", std::string(symbol)}, {"count", std::to_string(limit)}});
    }
    Endpoint balances() const override { return priv("/0/private/Balance", {}); }

    std::optional<std::string> unsupported(const OrderSpec& o) const override {
        if (o.type != TH_ORDER_MARKET && o.type != TH_ORDER_LIMIT && o.type != TH_ORDER_STOP &&
            o.type != TH_ORDER_STOP_LIMIT)
            return std::string("unknown order type");
        if (o.tif == TH_TIF_FOK) return std::string("kraken spot has no FOK time in force (GTC, IOC, GTD)");
        if (o.tif == TH_TIF_DAY && o.type != TH_ORDER_MARKET) return std::string("kraken has no DAY time in force (GTC, IOC)");
        return std::nullopt;
    }

    Endpoint create_order(const OrderSpec& o) const override {
        venue::QueryParams p;
        const char* type = o.type == TH_ORDER_MARKET ? "market"
                           : o.type == TH_ORDER_LIMIT ? "limit"
                           : o.type == TH_ORDER_STOP  ? "stop-loss"
                                                      : "stop-loss-limit";
        p.emplace_back("ordertype", type);
        p.emplace_back("type", o.side == TH_SIDE_BUY ? "buy" : "sell");
        p.emplace_back("volume", json::fixed_to_text(o.qty));
        p.emplace_back("pair", o.symbol);
        // price is the trigger for stops; price2 the limit of a stop-loss-limit.
        if (o.type == TH_ORDER_LIMIT) p.emplace_back("price", json::fixed_to_text(o.limit_px));
        if (o.type == TH_ORDER_STOP || o.type == TH_ORDER_STOP_LIMIT)
            p.emplace_back("price", json::fixed_to_text(o.stop_px));
        if (o.type == TH_ORDER_STOP_LIMIT) p.emplace_back("price2", json::fixed_to_text(o.limit_px));
        if (o.tif == TH_TIF_IOC) p.emplace_back("timeinforce", "IOC");
        p.emplace_back("cl_ord_id", o.client_order_id);
        Endpoint e = priv("/0/private/AddOrder", std::move(p));
        e.idempotent = false;
        return e;
    }
    Endpoint cancel_order(std::string_view, std::string_view cid, std::string_view) const override {
        return priv("/0/private/CancelOrder", {{"cl_ord_id", std::string(cid)}});
    }
    // cl_ord_id is unique among open orders only; OpenOrders filters by it.
    Endpoint fetch_order(std::string_view, std::string_view cid, std::string_view) const override {
        return priv("/0/private/OpenOrders", {{"cl_ord_id", std::string(cid)}});
    }
    // Orders no longer open: QueryOrders by txid when we know it (api-reference
    // account-data/query-orders-info: open and closed orders alike), else ClosedOrders filtered
    // by cl_ord_id (account-data/get-closed-orders: filled or cancelled, newest 50 first).
    std::optional<Endpoint> fetch_closed_order(std::string_view, std::string_view cid,
                                               std::string_view venue_id) const override {
        if (!venue_id.empty()) return priv("/0/private/QueryOrders", {{"txid", std::string(venue_id)}});
        return priv("/0/private/ClosedOrders", {{"cl_ord_id", std::string(cid)}});
    }
    // OpenOrders/ClosedOrders: {"open"|"closed": {TXID: order}}; QueryOrders: {TXID: order}.
    std::optional<OrderState> parse_fetched_order(json::Decoder& d, std::string_view body,
                                                  std::string_view cid) const override {
        json::object r = result_of(d, body);
        std::optional<OrderState> found;
        for (auto field : r) {
            const std::string key(std::string_view(field.unescaped_key()));
            if (key == "count") continue;
            json::object v = field.value().get_object();
            if (key == "open" || key == "closed") {
                for (auto item : v) {
                    OrderState s = order_from(std::string_view(item.unescaped_key()), item.value().get_object());
                    if (!found && (s.client_order_id.empty() || s.client_order_id == cid)) found = std::move(s);
                }
            } else if (!found) {
                found = order_from(key, v);  // QueryOrders: asked by txid, the one answer is it
            }
        }
        if (found && found->client_order_id.empty()) found->client_order_id = std::string(cid);
        return found;
    }
    Endpoint open_orders(std::string_view) const override { return priv("/0/private/OpenOrders", {}); }
    Endpoint my_trades(std::string_view, int64_t since_ms) const override {
        venue::QueryParams p;
        if (since_ms > 0) p.emplace_back("start", std::to_string(since_ms / 1000));
        return priv("/0/private/TradesHistory", std::move(p));
    }

    ExchangeInfo parse_markets(json::Decoder& d, std::string_view body) const override {
        ExchangeInfo info;
        for (auto field : result_of(d, body)) {
            const std::string key(std::string_view(field.unescaped_key()));
            json::object p = field.value().get_object();
            Market m;
            m.symbol = need_str(p, "altname");
            m.base = need_str(p, "base");
            m.quote = need_str(p, "quote");
            symbols_.learn(key, m.symbol, opt_str(p, "wsname"), m.base, m.quote);
            m.trading = need_str(p, "status") == "online";
            m.tick_size = need_fixed(p, "tick_size");
            m.step_size = pow10_neg(need_int(p, "lot_decimals"));
            m.min_qty = need_fixed(p, "ordermin");
            m.min_notional = opt_fixed(p, "costmin");
            info.markets.push_back(std::move(m));
        }
        RateLimitRule counter;
        counter.bucket = kCounter;
        counter.limit = kCounterMax;
        counter.leak_per_second = kCounterDecayPerSecond;
        info.limits.push_back(std::move(counter));
        return info;
    }

    Ticker parse_ticker(json::Decoder& d, std::string_view body) const override {
        Ticker t;
        for (auto field : result_of(d, body)) {
            t.symbol = symbols_.from_rest(std::string(std::string_view(field.unescaped_key())));
            json::object o = field.value().get_object();
            // a/b: [price, whole lot volume, lot volume]
            auto side = [&](std::string_view key, th_fixed& px, th_fixed& qty) {
                int i = 0;
                for (auto v : o.find_field_unordered(key).get_array()) {
                    auto f = json::fixed_from(v.value());
                    if (!f) throw std::runtime_error("ticker level is not decimal");
                    if (i == 0) px = *f;
                    if (i == 2) qty = *f;
                    ++i;
                }
            };
            side("b", t.bid_px, t.bid_qty);
            side("a", t.ask_px, t.ask_qty);
            break;
        }
        return t;
    }

    OrderBook parse_order_book(json::Decoder& d, std::string_view symbol, std::string_view body) const override {
        OrderBook b;
        b.symbol = std::string(symbol);
        for (auto field : result_of(d, body)) {
            json::object o = field.value().get_object();
            auto levels = [&](std::string_view key, std::vector<BookLevel>& out) {
                for (auto lv : o.find_field_unordered(key).get_array()) {
                    BookLevel l;
                    int i = 0;
                    for (auto x : lv.get_array()) {
                        if (i < 2) {
                            auto f = json::fixed_from(x.value());
                            if (!f) throw std::runtime_error("depth level is not decimal");
                            (i == 0 ? l.px : l.qty) = *f;
                        }
                        ++i;
                    }
                    out.push_back(l);
                }
            };
            levels("asks", b.asks);
            levels("bids", b.bids);
            break;
        }
        return b;
    }

    std::vector<PublicTrade> parse_trades(json::Decoder& d, std::string_view symbol,
                                          std::string_view body) const override {
        std::vector<PublicTrade> out;
        for (auto field : result_of(d, body)) {
            if (std::string_view(field.unescaped_key()) == "last") continue;
            // [price, volume, time, buy/sell, market/limit, miscellaneous, trade_id]
            for (auto row : field.value().get_array()) {
                PublicTrade t;
                t.symbol = std::string(symbol);
                int i = 0;
                for (auto x : row.get_array()) {
                    json::value v = x.value();
                    switch (i++) {
                    case 0: t.px = json::fixed_from(v).value_or(0); break;
                    case 1: t.qty = json::fixed_from(v).value_or(0); break;
                    case 2: t.ts_ns = seconds_to_ns(v); break;
                    case 3: t.aggressor = std::string_view(v.get_string()) == "b" ? TH_SIDE_BUY : TH_SIDE_SELL; break;
                    case 6: t.trade_id = std::to_string(int64_t(v.get_int64())); break;
                    default: break;
                    }
                }
                out.push_back(std::move(t));
            }
        }
        return out;
    }

    std::vector<Balance> parse_balances(json::Decoder& d, std::string_view body) const override {
        std::vector<Balance> out;
        for (auto field : result_of(d, body)) {
            auto v = json::fixed_from(field.value());
            if (!v) throw std::runtime_error("balance is not decimal");
            out.push_back({std::string(std::string_view(field.unescaped_key())), *v, 0});
        }
        return out;
    }

    // AddOrder answers {"descr":{...},"txid":[...]}; CancelOrder {"count":1}.
    OrderState parse_order(json::Decoder& d, std::string_view body) const override {
        json::object r = result_of(d, body);
        OrderState s;
        json::value txids;
        if (!r.find_field_unordered("txid").get(txids)) {
            for (auto t : txids.get_array()) {
                s.venue_order_id = std::string(std::string_view(t.get_string()));
                break;
            }
            s.status = TH_STATUS_NEW;
            return s;
        }
        if (opt_int(r, "count", 0) > 0) {
            s.status = TH_STATUS_CANCELED;
            return s;
        }
        // OpenOrders filtered by cl_ord_id: {"open":{"TXID":{...}}}
        auto open = parse_open_orders(d, body);
        if (open.empty()) throw std::runtime_error("no order in the answer");
        return open.front();
    }

    std::vector<OrderState> parse_open_orders(json::Decoder& d, std::string_view body) const override {
        std::vector<OrderState> out;
        json::object r = result_of(d, body);
        for (auto field : r.find_field_unordered("open").get_object())
            out.push_back(order_from(std::string_view(field.unescaped_key()), field.value().get_object()));
        return out;
    }

    std::vector<Fill> parse_my_trades(json::Decoder& d, std::string_view body) const override {
        std::vector<Fill> out;
        json::object r = result_of(d, body);
        for (auto field : r.find_field_unordered("trades").get_object()) {
            json::object t = field.value().get_object();
            Fill f;
            f.symbol = symbols_.from_rest(need_str(t, "pair"));
            f.venue_order_id = need_str(t, "ordertxid");
            // History names the pair "XXBTZUSD", the executions stream "BTC/USD": the id both
            // share is order id + the pair's trade_id.
            f.fill_id = f.venue_order_id + ":" + std::to_string(need_int(t, "trade_id"));
            f.px = need_fixed(t, "price");
            f.qty = need_fixed(t, "vol");
            f.fee = need_fixed(t, "fee");
            f.fee_asset = symbols_.quote_of(f.symbol);
            f.side = need_str(t, "type") == "buy" ? TH_SIDE_BUY : TH_SIDE_SELL;
            f.ts_ns = seconds_field_ns(t, "time");
            f.liquidity = opt_bool(t, "maker") ? TH_LIQ_MAKER : TH_LIQ_TAKER;
            out.push_back(std::move(f));
        }
        return out;
    }

    UnifiedError parse_error(json::Decoder& d, const venue::HttpResponse& resp) const override {
        UnifiedError e;
        if (resp.status == 0) {
            e.kind = ErrorKind::transport;
            e.message = resp.error;
            return e;
        }
        // Errors come in the body's "error" list, usually with HTTP 200.
        std::string first;
        if (resp.status < 500) {
            try {
                json::value list;
                if (!d.parse(resp.body).get_object().find_field_unordered("error").get(list)) {
                    for (auto item : list.get_array()) {
                        first = std::string(std::string_view(item.get_string()));
                        break;
                    }
                }
            } catch (const std::exception&) {
                if (resp.ok()) throw;
            }
        }
        if (first.empty()) {
            // An OpenOrders/ClosedOrders answer with nothing in it is a success: the order is
            // not in that list (parse_fetched_order says so), not an error.
            if (resp.ok()) return e;
            e.message = "HTTP " + std::to_string(resp.status);
        } else {
            e.message = first;
        }
        // Kraken's errors are texts ("EOrder:Insufficient funds"): matched as messages.
        e.kind = classify_error(kErrors, static_cast<int>(resp.status), "", e.message);
        if (e.kind == ErrorKind::rate_limited) {
            // The counter drains continuously: a second frees a third of a call; retry soon.
            e.retry_after = std::chrono::seconds(1);
            // "EService: Throttled: [UNIX timestamp]": too many concurrent requests, retry after
            // it (guides/spot-rest-ratelimits).
            const auto colon = first.rfind(':');
            if (first.find("Throttled") != std::string::npos && colon != std::string::npos) {
                const long long until = std::atoll(first.c_str() + colon + 1);
                const long long now_s = std::chrono::duration_cast<std::chrono::seconds>(
                                            std::chrono::system_clock::now().time_since_epoch()).count();
                if (until > now_s) e.retry_after = std::chrono::seconds(until - now_s);
            }
        }
        return e;
    }

    const std::vector<venue::ErrorRule>& error_table() const override { return kErrors; }

    std::vector<std::pair<std::string, uint32_t>> used_weights(const venue::HttpResponse&) const override {
        return {};
    }

    std::string market_stream_url(std::string_view base, const std::vector<std::string>&) const override {
        return std::string(base);
    }
    std::vector<std::string> market_subscribe(const std::vector<std::string>& symbols) const override {
        std::string list;
        for (const auto& s : symbols) list += (list.empty() ? "" : ",") + json::quote(symbols_.subscribe_name(s));
        return {R"({"method":"subscribe","params":{"channel":"ticker","symbol":[)" + list + "]}}",
                R"({"method":"subscribe","params":{"channel":"trade","symbol":[)" + list + "]}}"};
    }
    // Order books: WebSocket v2 `book` (api-reference spot-websocket-v2/book; checksum per
    // guides "Book checksum (WebSocket v2)"). Depth is one of 10, 25, 100, 500, 1000.
    BookSync book_sync() const override { return BookSync::stream; }
    int book_window(int depth) const override {
        for (int d : {10, 25, 100, 500, 1000})
            if (depth <= d) return d;
        return 1000;
    }
    std::vector<std::string> book_subscribe(const std::vector<std::string>& symbols, int depth) const override {
        auto out = market_subscribe(symbols);
        std::string list;
        for (const auto& s : symbols) list += (list.empty() ? "" : ",") + json::quote(symbols_.subscribe_name(s));
        out.push_back(R"({"method":"subscribe","params":{"channel":"book","symbol":[)" + list +
                      "],\"depth\":" + std::to_string(book_window(depth)) + R"(,"snapshot":true}})");
        return out;
    }
    std::vector<std::string> book_resubscribe(const std::string& symbol, int depth) const override {
        const std::string list = json::quote(symbols_.subscribe_name(symbol));
        const std::string d = std::to_string(book_window(depth));
        return {R"({"method":"unsubscribe","params":{"channel":"book","symbol":[)" + list + "],\"depth\":" + d + "}}",
                R"({"method":"subscribe","params":{"channel":"book","symbol":[)" + list + "],\"depth\":" + d +
                    R"(,"snapshot":true}})"};
    }
    std::optional<uint32_t> book_checksum(const venue::Book& book, int price_decimals, int qty_decimals) const override {
        return venue::kraken_checksum(book, price_decimals, qty_decimals);
    }

    // A price or qty of a book level, read from its token; `decimals` keeps the most digits
    // written after the point (Kraken writes the pair's full precision, 0.10000000: the
    // checksum formats with it).
    static th_fixed book_number(json::value& v, int& decimals) {
        std::string_view t = v.raw_json_token();
        while (!t.empty() && (t.back() == ' ' || t.back() == '\n' || t.back() == '\r' || t.back() == '\t'))
            t.remove_suffix(1);
        if (t.size() >= 2 && t.front() == '"') t = t.substr(1, t.size() - 2);
        auto f = json::fixed_from_text(t);
        if (!f) throw std::runtime_error("book level is not a decimal");
        int n = 0;
        if (auto dot = t.find('.'); dot != std::string_view::npos)
            for (std::size_t i = dot + 1; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) ++n;
        decimals = std::max(decimals, n);
        return *f;
    }
    void book_message(json::object x, bool snapshot, BookUpdate& b) const {
        b.snapshot = snapshot;
        b.price_decimals = b.qty_decimals = 0;
        bool have_symbol = false, have_checksum = false;
        auto levels = [&](json::value& v, std::vector<BookLevel>& out) {
            for (auto lv : v.get_array()) {
                BookLevel l;
                json::each_field(lv.get_object(), [&](json::Key k, json::value& n) {
                    if (k == "price") l.px = book_number(n, b.price_decimals);
                    else if (k == "qty") l.qty = book_number(n, b.qty_decimals);
                });
                out.push_back(l);
            }
        };
        json::each_field(x, [&](json::Key k, json::value& v) {
            if (k == "symbol") {
                b.symbol = symbols_.from_ws(std::string(std::string_view(v)));
                have_symbol = true;
            } else if (k == "bids") {
                levels(v, b.bids);
            } else if (k == "asks") {
                levels(v, b.asks);
            } else if (k == "checksum") {
                b.checksum = static_cast<uint32_t>(v.get_uint64());
                have_checksum = true;
            }
        });
        if (!have_symbol || !have_checksum) throw std::runtime_error("book entry without symbol or checksum");
    }

    // Every entry of `data` is published: a trade message carries all prints of one match
    // (websocket-v2 trade: "data: array of trades").
    void read_market_message(json::Decoder& d, std::string_view text, MarketMessage& out) const override {
        json::object o = d.parse(text).get_object();
        std::string channel = opt_str(o, "channel");
        if (channel == "book") {
            const bool snapshot = opt_str(o, "type") == "snapshot";
            for (auto item : o.find_field_unordered("data").get_array())
                book_message(item.get_object(), snapshot, out.add_book());
            return;
        }
        if (channel != "ticker" && channel != "trade") return;  // acks, heartbeat, status
        for (auto item : o.find_field_unordered("data").get_array()) {
            json::object x = item.get_object();
            if (channel == "ticker") {
                Ticker t;
                t.symbol = symbols_.from_ws(need_str(x, "symbol"));
                t.bid_px = need_fixed(x, "bid");
                t.bid_qty = need_fixed(x, "bid_qty");
                t.ask_px = need_fixed(x, "ask");
                t.ask_qty = need_fixed(x, "ask_qty");
                out.tickers.push_back(std::move(t));
                continue;
            }
            PublicTrade t;
            t.symbol = symbols_.from_ws(need_str(x, "symbol"));
            t.px = need_fixed(x, "price");
            t.qty = need_fixed(x, "qty");
            t.trade_id = std::to_string(need_int(x, "trade_id"));
            t.aggressor = need_str(x, "side") == "buy" ? TH_SIDE_BUY : TH_SIDE_SELL;
            t.ts_ns = json::parse_rfc3339_ns(need_str(x, "timestamp")).value_or(0);
            out.trades.push_back(std::move(t));
        }
    }

    std::optional<Endpoint> user_stream_open() const override { return priv("/0/private/GetWebSocketsToken", {}); }
    std::string parse_user_stream_token(json::Decoder& d, std::string_view body) const override {
        return need_str(result_of(d, body), "token");
    }
    // The token only has to be used within 15 minutes; an open connection keeps it.
    std::optional<Endpoint> user_stream_keepalive(std::string_view) const override { return std::nullopt; }
    std::chrono::nanoseconds user_stream_keepalive_interval() const override { return std::chrono::nanoseconds(0); }
    std::string user_stream_url(std::string_view base, std::string_view) const override { return std::string(base); }
    std::vector<std::string> user_subscribe(std::string_view token, const Credentials&) const override {
        return {R"({"method":"subscribe","params":{"channel":"executions","token":)" + json::quote(token) +
                R"(,"snap_orders":true,"snap_trades":false}})"};
    }

    UserStreamMessage parse_user_message(json::Decoder& d, std::string_view text) const override {
        UserStreamMessage msg;
        auto& out = msg.updates;
        json::object o = d.parse(text).get_object();
        if (opt_str(o, "channel") != "executions") return msg;
        for (auto item : o.find_field_unordered("data").get_array()) {
            json::object x = item.get_object();
            OrderUpdate u;
            OrderState& s = u.order;
            std::string exec_type = need_str(x, "exec_type");
            s.venue_order_id = need_str(x, "order_id");
            s.client_order_id = opt_str(x, "cl_ord_id");
            s.symbol = symbols_.from_ws(opt_str(x, "symbol"));
            s.side = opt_str(x, "side") == "buy" ? TH_SIDE_BUY : TH_SIDE_SELL;
            s.status = order_status(need_str(x, "order_status"));
            s.order_qty = opt_fixed(x, "order_qty");
            s.executed_qty = opt_fixed(x, "cum_qty");
            s.cum_quote = opt_fixed(x, "cum_cost");
            s.price = opt_fixed(x, "limit_price");
            s.ts_ns = json::parse_rfc3339_ns(need_str(x, "timestamp")).value_or(0);
            if (exec_type == "new" || exec_type == "pending_new") u.exec_type = TH_EXEC_NEW;
            else if (exec_type == "canceled") u.exec_type = TH_EXEC_CANCELED;
            else if (exec_type == "expired") u.exec_type = TH_EXEC_EXPIRED;
            else if (exec_type == "trade") {
                u.exec_type = s.status == TH_STATUS_FILLED ? TH_EXEC_FILL : TH_EXEC_PARTIAL_FILL;
                Fill f;
                f.symbol = s.symbol;
                f.fill_id = s.venue_order_id + ":" + std::to_string(need_int(x, "trade_id"));
                f.venue_order_id = s.venue_order_id;
                f.client_order_id = s.client_order_id;
                f.side = s.side;
                f.px = need_fixed(x, "last_price");
                f.qty = need_fixed(x, "last_qty");
                f.liquidity = opt_str(x, "liquidity_ind") == "m" ? TH_LIQ_MAKER : TH_LIQ_TAKER;
                f.ts_ns = s.ts_ns;
                json::value fees;
                if (!x.find_field_unordered("fees").get(fees)) {
                    for (auto fee : fees.get_array()) {
                        json::object fo = fee.get_object();
                        f.fee_asset = symbols_.rest_asset(s.symbol, need_str(fo, "asset"));
                        f.fee = need_fixed(fo, "qty");
                        break;
                    }
                }
                u.fill = std::move(f);
            } else {
                continue;  // filled/status/amended/restated: the trade event already said it
            }
            out.push_back(std::move(u));
        }
        return msg;
    }

private:
    static Endpoint pub(std::string path, venue::QueryParams params) {
        Endpoint e;
        e.path = std::move(path);
        e.params = std::move(params);
        return e;
    }
    static Endpoint priv(std::string path, venue::QueryParams params) {
        Endpoint e;
        e.method = "POST";
        // Trade and ledger history count 2 on the call counter; AddOrder and CancelOrder use
        // the matching engine's own limiter instead (guides/spot-rest-ratelimits).
        const bool history = path == "/0/private/TradesHistory" || path == "/0/private/Ledgers";
        const bool trading = path == "/0/private/AddOrder" || path == "/0/private/CancelOrder";
        if (!trading) e.costs.emplace_back(kCounter, history ? 2 : 1);
        e.path = std::move(path);
        e.params = std::move(params);
        e.is_signed = true;
        return e;
    }

    mutable std::atomic<int64_t> last_nonce_{0};
    mutable SymbolMap symbols_;  // learnt from AssetPairs; guarded by its own mutex
};

}  // namespace

std::unique_ptr<Dialect> make_kraken_dialect() { return std::make_unique<Kraken>(); }

}  // namespace tradehost::exchange
