// exchange: the Coinbase Advanced Trade dialect (REST api/v3/brokerage, WebSocket
// advanced-trade-ws). Coinbase cancels and fetches by ITS order id (cancels_by_venue_id); a
// send with a lost answer is found by client order id in the product's order list; the user
// channel has no per-fill ids, so fills come from /orders/historical/fills (order_fills);
// every stream message carries sequence_num (per connection) for gap detection.
// Sources (docs.cdp.coinbase.com, Advanced Trade API):
//   api-reference/advanced-trade-api/rest-api/products/list-products   GET /products:
//       price_increment / quote_increment, base_increment, base_min_size, base_max_size,
//       quote_min_size, status, trading_disabled, cancel_only
//   .../products/get-best-bid-ask, get-product-book, get-market-trades  (GET /best_bid_ask,
//       /product_book, /products/{product_id}/ticker)
//   .../accounts/list-accounts        GET /accounts: available_balance, hold
//   .../orders/create-order           POST /orders: client_order_id, product_id, side,
//       order_configuration (market_market_ioc, limit_limit_gtc, limit_limit_fok,
//       sor_limit_ioc, stop_limit_stop_limit_gtc) -> success / success_response / error_response
//   .../orders/cancel-order           POST /orders/batch_cancel {order_ids} -> results[]
//   .../orders/get-order, list-orders GET /orders/historical/{order_id}, /orders/historical/batch
//   .../orders/list-fills             GET /orders/historical/fills (entry_id, trade_id,
//       start_sequence_timestamp)
//   coinbase-app/advanced-trade-apis/rest-api-rate-limits: private 30 req/s per user, public
//       10 req/s per IP; HTTP 429 when exceeded
//   coinbase-app/advanced-trade-apis/websocket/websocket-channels: subscribe message,
//       heartbeats, ticker, market_trades, user (JWT in the subscribe message)
//   api-reference/authentication (JWT): see coinbase_jwt.hpp
#include "../error_kinds.hpp"
#include "../registry.hpp"
#include "coinbase_jwt.hpp"
#include "json_util.hpp"

#include <tradehost/venue/rate_limiter.hpp>

#include <stdexcept>
#include <utility>

namespace tradehost::exchange {
namespace {

namespace json = tradehost::venue::json;
using namespace jsonu;

constexpr const char* kApi = "/api/v3/brokerage";
// Buckets in the docs' own terms (rest-api-rate-limits).
constexpr const char* kPrivateBucket = "PRIVATE_1S";
constexpr const char* kPublicBucket = "PUBLIC_1S";
constexpr uint32_t kPrivatePerSecond = 30, kPublicPerSecond = 10;

uint8_t side_of(std::string_view s) {
    if (s == "BUY") return TH_SIDE_BUY;
    if (s == "SELL") return TH_SIDE_SELL;
    return TH_SIDE_NONE;
}

// Order status (list-orders "status" enum; the user channel uses the same names).
uint8_t status_of(std::string_view s, th_fixed filled) {
    if (s == "OPEN" || s == "PENDING" || s == "QUEUED" || s == "CANCEL_QUEUED")
        return filled > 0 ? TH_STATUS_PARTIALLY_FILLED : TH_STATUS_NEW;
    if (s == "FILLED") return TH_STATUS_FILLED;
    if (s == "CANCELLED") return TH_STATUS_CANCELED;
    if (s == "EXPIRED") return TH_STATUS_EXPIRED;
    if (s == "FAILED") return TH_STATUS_REJECTED;
    throw std::runtime_error("unknown Coinbase order status '" + std::string(s) + "'");
}

int64_t time_ns(json::object o, std::string_view key) {
    auto t = json::string_field(o, key);
    if (!t || t->empty()) return 0;
    auto ns = json::parse_rfc3339_ns(*t);
    return ns ? *ns : 0;
}

std::string quote_of(std::string_view product_id) {
    auto dash = product_id.rfind('-');
    return dash == std::string_view::npos ? std::string() : std::string(product_id.substr(dash + 1));
}

// Size and prices of an order_configuration object ({"limit_limit_gtc": {...}}).
void read_configuration(json::object cfg, OrderState& s) {
    for (auto item : cfg) {
        json::object inner = item.value().get_object();
        s.order_qty = opt_fixed(inner, "base_size");
        s.price = opt_fixed(inner, "limit_price");
        return;  // exactly one configuration per order
    }
}

// An order of GET /orders/historical/{id} ("order") and /orders/historical/batch ("orders").
OrderState order_from(json::object o) {
    OrderState s;
    // order_configuration first: On-Demand reads fields in document order, the others are found
    // by name afterwards.
    if (auto cfg = opt_field(o, "order_configuration"))
        read_configuration(cfg->get_object(), s);
    s.venue_order_id = need_str(o, "order_id");
    s.symbol = need_str(o, "product_id");
    s.side = side_of(need_str(o, "side"));
    s.client_order_id = need_str(o, "client_order_id");
    s.executed_qty = opt_fixed(o, "filled_size");
    s.cum_quote = opt_fixed(o, "filled_value");
    s.status = status_of(need_str(o, "status"), s.executed_qty);
    s.ts_ns = time_ns(o, "created_time");
    std::string reason = opt_str(o, "reject_message");
    if (reason.empty()) reason = opt_str(o, "cancel_message");
    s.reject_reason = reason;
    return s;
}

// "error: message (preview_failure_reason)" of an error_response / error body.
std::string error_text(json::object o, std::string& code_out) {
    code_out = opt_str(o, "error");
    std::string msg = opt_str(o, "message");
    std::string preview = opt_str(o, "preview_failure_reason");
    std::string out = code_out;
    if (!msg.empty()) out += (out.empty() ? "" : ": ") + msg;
    if (!preview.empty() && preview != "UNKNOWN_PREVIEW_FAILURE_REASON") out += " (" + preview + ")";
    return out;
}

// Coinbase's error and failure reasons (api-reference advanced-trade-api: create-order's
// error_response / preview_failure_reason, batch_cancel's failure_reason, the error body's
// "error" code), matched as substrings of "<code> <message>". Statuses first: a 401/403 is auth
// and a 404 unknown_order whatever the body's words; a refusal answered with HTTP 200 that no row
// names is invalid_request.
const std::vector<venue::ErrorRule> kErrors = {
    {401, "", "", ErrorKind::auth},
    {403, "", "", ErrorKind::auth},
    {404, "", "", ErrorKind::unknown_order},
    {429, "", "", ErrorKind::rate_limited},
    {0, "", "INSUFFICIENT_FUND", ErrorKind::insufficient_funds},
    {0, "", "UNKNOWN_CANCEL_ORDER", ErrorKind::unknown_order},
    {0, "", "NOT_FOUND", ErrorKind::unknown_order},
    {0, "", "INVALID", ErrorKind::invalid_request},
};

class Coinbase final : public Dialect {
public:
    std::string_view name() const override { return "coinbase"; }
    // client_order_id: a string unique per order (Advanced Trade, Create Order); no length or
    // charset documented, so every host id (at most 39 printable characters) is kept.
    venue::ClientIdFormat client_id_format() const override { return {}; }

    // Live: api.coinbase.com; market data and user order data have separate WebSocket hosts.
    // Paper: the Advanced Trade sandbox (static, mocked REST answers; no sandbox WebSocket, so
    // public market data comes from the live feed and the user channel is not available).
    Urls default_urls(bool live) const override {
        if (live)
            return {"https://api.coinbase.com", "wss://advanced-trade-ws.coinbase.com",
                    "wss://advanced-trade-ws-user.coinbase.com"};
        return {"https://api-sandbox.coinbase.com", "wss://advanced-trade-ws.coinbase.com",
                "wss://advanced-trade-ws-user.coinbase.com"};
    }

    venue::HttpRequest sign(const Endpoint& ep, std::string_view base_url, const Credentials& creds,
                            int64_t now_ms) const override {
        venue::HttpRequest r;
        r.method = ep.method;
        r.idempotent = ep.idempotent;
        r.body = ep.body;
        const std::string query = venue::query_string(ep.params);
        r.url = std::string(base_url) + ep.path + (query.empty() ? "" : "?" + query);
        if (!r.body.empty()) r.headers.emplace_back("Content-Type", "application/json");
        if (ep.is_signed) {
            coinbase::JwtParts p;
            p.key_name = creds.key;
            p.uri = coinbase::jwt_uri(ep.method, std::string(base_url) + ep.path);
            p.nbf_s = now_ms / 1000;
            p.nonce = coinbase::random_nonce();
            r.headers.emplace_back("Authorization", "Bearer " + coinbase::make_jwt(p, creds.secret));
        }
        return r;
    }

    Endpoint markets() const override { return get("/products", {{"product_type", "SPOT"}}); }
    Endpoint ticker(std::string_view symbol) const override {
        return get("/best_bid_ask", {{"product_ids", std::string(symbol)}});
    }
    Endpoint order_book(std::string_view symbol, int depth) const override {
        return get("/product_book", {{"product_id", std::string(symbol)}, {"limit", std::to_string(depth)}});
    }
    Endpoint trades(std::string_view symbol, int limit) const override {
        return get("/products/" + std::string(symbol) + "/ticker", {{"limit", std::to_string(limit)}});
    }
    Endpoint balances() const override { return get("/accounts", {{"limit", "250"}}); }

    std::optional<std::string> unsupported(const OrderSpec& o) const override {
        if (o.type == TH_ORDER_STOP)
            return std::string("coinbase has no stop-market order (use stop-limit)");
        if (o.tif == TH_TIF_DAY)
            return std::string("coinbase has no DAY time in force (GTC, IOC, FOK; GTD is not mapped)");
        if (o.type == TH_ORDER_STOP_LIMIT && o.tif != TH_TIF_GTC)
            return std::string("coinbase stop-limit orders are GTC only");
        if (o.type != TH_ORDER_MARKET && o.type != TH_ORDER_LIMIT && o.type != TH_ORDER_STOP_LIMIT)
            return std::string("unknown order type");
        return std::nullopt;
    }

    Endpoint create_order(const OrderSpec& o) const override {
        Endpoint e = post("/orders");
        // The POST carries our client_order_id and Coinbase answers a repeated id with the
        // original order (create-order: "If the ID provided is not unique, the order will not
        // be created and the order with this ID will be returned instead") -- still, after a
        // transport error the outcome is found by lookup, never by resending.
        e.idempotent = false;
        const std::string qty = json::fixed_to_text(o.qty);
        const std::string px = json::fixed_to_text(o.limit_px);
        std::string cfg;
        if (o.type == TH_ORDER_MARKET) {
            cfg = "{\"market_market_ioc\":{\"base_size\":" + coinbase::json_string(qty) + "}}";
        } else if (o.type == TH_ORDER_LIMIT) {
            const char* name = o.tif == TH_TIF_IOC ? "sor_limit_ioc" : o.tif == TH_TIF_FOK ? "limit_limit_fok"
                                                                                            : "limit_limit_gtc";
            cfg = std::string("{\"") + name + "\":{\"base_size\":" + coinbase::json_string(qty) +
                  ",\"limit_price\":" + coinbase::json_string(px) +
                  (o.tif == TH_TIF_GTC ? ",\"post_only\":false" : "") + "}}";
        } else {
            // A buy stop triggers when the price rises through it, a sell stop when it falls.
            const char* dir = o.side == TH_SIDE_BUY ? "STOP_DIRECTION_STOP_UP" : "STOP_DIRECTION_STOP_DOWN";
            cfg = "{\"stop_limit_stop_limit_gtc\":{\"base_size\":" + coinbase::json_string(qty) +
                  ",\"limit_price\":" + coinbase::json_string(px) +
                  ",\"stop_price\":" + coinbase::json_string(json::fixed_to_text(o.stop_px)) +
                  ",\"stop_direction\":\"" + dir + "\"}}";
        }
        const std::string body = "{\"client_order_id\":" + coinbase::json_string(o.client_order_id) +
                                 ",\"product_id\":" + coinbase::json_string(o.symbol) + ",\"side\":\"" +
                                 (o.side == TH_SIDE_BUY ? "BUY" : "SELL") +
                                 "\",\"order_configuration\":" + cfg + "}";
        e.body = body;
        return e;
    }
    // Coinbase cancels and looks orders up by ITS order id only (cancel-order: order_ids; get-order:
    // path order_id; its client_order_id query is deprecated).
    bool cancels_by_venue_id() const override { return true; }
    Endpoint cancel_order(std::string_view, std::string_view, std::string_view order_id) const override {
        Endpoint e = post("/orders/batch_cancel");
        e.body = "{\"order_ids\":[" + coinbase::json_string(order_id) + "]}";
        e.idempotent = true;  // cancelling twice is harmless
        return e;
    }
    // Without the venue id (the create answer was lost) the product's orders of every status
    // are listed (list-orders) and ours is picked by client_order_id in parse_fetched_order.
    Endpoint fetch_order(std::string_view symbol, std::string_view, std::string_view order_id) const override {
        if (order_id.empty()) return get("/orders/historical/batch", {{"product_ids", std::string(symbol)}});
        return get("/orders/historical/" + std::string(order_id), {});
    }
    std::optional<OrderState> parse_fetched_order(json::Decoder& d, std::string_view body,
                                                  std::string_view cid) const override {
        json::object root = d.parse(body).get_object();
        if (auto one = opt_field(root, "order")) return order_from(one->get_object());
        for (auto item : root.find_field_unordered("orders").get_array()) {
            OrderState s = order_from(item.get_object());
            if (s.client_order_id == cid) return s;
        }
        return std::nullopt;
    }
    // The user channel reports cumulative quantities only: the fills of one order (list-fills
    // order_ids filter) give the per-fill entries the ledger needs.
    std::optional<Endpoint> order_fills(std::string_view, std::string_view order_id) const override {
        if (order_id.empty()) return std::nullopt;
        return get("/orders/historical/fills", {{"order_ids", std::string(order_id)}, {"limit", "1000"}});
    }
    Endpoint open_orders(std::string_view symbol) const override {
        return get("/orders/historical/batch", {{"order_status", "OPEN"}, {"product_ids", std::string(symbol)}});
    }
    Endpoint my_trades(std::string_view symbol, int64_t since_ms) const override {
        venue::QueryParams p{{"product_ids", std::string(symbol)}};
        if (since_ms > 0) p.emplace_back("start_sequence_timestamp", json::format_rfc3339_ns(since_ms * 1000000));
        p.emplace_back("limit", "1000");
        return get("/orders/historical/fills", std::move(p));
    }

    ExchangeInfo parse_markets(json::Decoder& d, std::string_view body) const override {
        using std::chrono::seconds;
        ExchangeInfo info;
        info.limits.push_back({kPrivateBucket, kPrivatePerSecond, seconds(1)});
        info.limits.push_back({kPublicBucket, kPublicPerSecond, seconds(1)});
        json::object root = d.parse(body).get_object();
        for (auto item : root.find_field_unordered("products").get_array()) {
            json::object p = item.get_object();
            if (opt_str(p, "product_type") != "SPOT") continue;  // futures are not traded here
            Market m;
            m.symbol = need_str(p, "product_id");
            m.base = need_str(p, "base_currency_id");
            m.quote = need_str(p, "quote_currency_id");
            // price_increment is the price tick; older answers only carry quote_increment.
            m.tick_size = opt_fixed(p, "price_increment");
            if (m.tick_size == 0) m.tick_size = need_fixed(p, "quote_increment");
            m.step_size = need_fixed(p, "base_increment");
            m.min_qty = need_fixed(p, "base_min_size");
            m.max_qty = opt_fixed(p, "base_max_size");
            m.min_notional = opt_fixed(p, "quote_min_size");
            m.trading = opt_str(p, "status") == "online" && !opt_bool(p, "trading_disabled") &&
                        !opt_bool(p, "is_disabled") && !opt_bool(p, "cancel_only") && !opt_bool(p, "view_only");
            info.markets.push_back(std::move(m));
        }
        return info;
    }

    Ticker parse_ticker(json::Decoder& d, std::string_view body) const override {
        json::object root = d.parse(body).get_object();
        for (auto item : root.find_field_unordered("pricebooks").get_array()) {
            json::object b = item.get_object();
            Ticker t;
            t.symbol = need_str(b, "product_id");
            auto top = [&](std::string_view key, th_fixed& px, th_fixed& qty) {
                for (auto lv : b.find_field_unordered(key).get_array()) {
                    json::object l = lv.get_object();
                    px = need_fixed(l, "price");
                    qty = need_fixed(l, "size");
                    return;
                }
            };
            top("bids", t.bid_px, t.bid_qty);
            top("asks", t.ask_px, t.ask_qty);
            t.ts_ns = time_ns(b, "time");
            return t;
        }
        throw std::runtime_error("best_bid_ask: no pricebook");
    }

    OrderBook parse_order_book(json::Decoder& d, std::string_view symbol, std::string_view body) const override {
        OrderBook ob;
        ob.symbol = std::string(symbol);
        json::object book = d.parse(body).get_object().find_field_unordered("pricebook").get_object();
        auto levels = [&](std::string_view key, std::vector<BookLevel>& out) {
            for (auto lv : book.find_field_unordered(key).get_array()) {
                json::object l = lv.get_object();
                out.push_back({need_fixed(l, "price"), need_fixed(l, "size")});
            }
        };
        levels("bids", ob.bids);
        levels("asks", ob.asks);
        return ob;
    }

    std::vector<PublicTrade> parse_trades(json::Decoder& d, std::string_view symbol,
                                          std::string_view body) const override {
        std::vector<PublicTrade> out;
        json::object root = d.parse(body).get_object();
        for (auto item : root.find_field_unordered("trades").get_array())
            out.push_back(public_trade(item.get_object(), symbol));
        return out;
    }

    std::vector<Balance> parse_balances(json::Decoder& d, std::string_view body) const override {
        std::vector<Balance> out;
        json::object root = d.parse(body).get_object();
        for (auto item : root.find_field_unordered("accounts").get_array()) {
            json::object a = item.get_object();
            Balance b;
            b.asset = need_str(a, "currency");
            b.free = need_fixed(a.find_field_unordered("available_balance").get_object(), "value");
            if (auto hold = opt_field(a, "hold"))
                b.locked = need_fixed(hold->get_object(), "value");
            out.push_back(std::move(b));
        }
        return out;
    }

    // Create ({success, success_response}), cancel ({results:[...]}) and get ({order}) answers.
    OrderState parse_order(json::Decoder& d, std::string_view body) const override {
        json::object root = d.parse(body).get_object();
        if (auto ok = opt_field(root, "success_response")) {
            json::object r = ok->get_object();
            OrderState s;
            s.venue_order_id = need_str(r, "order_id");
            s.client_order_id = need_str(r, "client_order_id");
            s.symbol = need_str(r, "product_id");
            s.side = side_of(need_str(r, "side"));
            s.status = TH_STATUS_NEW;  // accepted; fills and endings follow on the user channel
            if (auto cfg = opt_field(root, "order_configuration"))
                read_configuration(cfg->get_object(), s);
            return s;
        }
        if (auto results = opt_field(root, "results")) {
            for (auto item : results->get_array()) {
                json::object r = item.get_object();
                OrderState s;
                s.venue_order_id = need_str(r, "order_id");
                s.status = TH_STATUS_CANCELED;  // failures were turned into errors by parse_error
                return s;
            }
            throw std::runtime_error("batch_cancel: empty results");
        }
        return order_from(root.find_field_unordered("order").get_object());
    }

    std::vector<OrderState> parse_open_orders(json::Decoder& d, std::string_view body) const override {
        std::vector<OrderState> out;
        json::object root = d.parse(body).get_object();
        for (auto item : root.find_field_unordered("orders").get_array()) out.push_back(order_from(item.get_object()));
        return out;
    }

    std::vector<Fill> parse_my_trades(json::Decoder& d, std::string_view body) const override {
        std::vector<Fill> out;
        json::object root = d.parse(body).get_object();
        for (auto item : root.find_field_unordered("fills").get_array()) {
            json::object o = item.get_object();
            Fill f;
            f.symbol = need_str(o, "product_id");
            // entry_id is unique per fill of ours; trade_id names the match (shared by both sides).
            f.fill_id = f.symbol + ":" + need_str(o, "entry_id");
            f.venue_order_id = need_str(o, "order_id");
            f.px = need_fixed(o, "price");
            f.qty = need_fixed(o, "size");
            f.fee = opt_fixed(o, "commission");
            f.fee_asset = quote_of(f.symbol);  // Advanced Trade charges fees in the quote currency
            f.side = side_of(need_str(o, "side"));
            const std::string liq = opt_str(o, "liquidity_indicator");
            f.liquidity = liq == "MAKER" ? TH_LIQ_MAKER : liq == "TAKER" ? TH_LIQ_TAKER : TH_LIQ_UNKNOWN;
            f.ts_ns = time_ns(o, "trade_time");
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
        if (resp.ok()) return error_in_success(d, resp.body);
        e.message = "HTTP " + std::to_string(resp.status);
        std::string code;
        try {
            // Error body (OpenAPI default response): {"error", "code", "message", "details"}.
            json::object o = d.parse(resp.body).get_object();
            std::string text = error_text(o, code);
            if (!text.empty()) e.message = text;
            e.code = opt_int(o, "code", 0);
        } catch (const std::exception&) {
            // Not JSON ("Unauthorized" from the gateway): keep the HTTP status as the message.
        }
        e.kind = classify_error(kErrors, static_cast<int>(resp.status), "", code + " " + e.message);
        if (e.kind == ErrorKind::rate_limited) {
            if (const std::string* ra = resp.header("Retry-After"))
                e.retry_after = venue::RateLimiter::parse_retry_after(*ra, std::chrono::system_clock::now());
            if (e.retry_after.count() <= 0) e.retry_after = std::chrono::seconds(1);  // the windows are 1 s
        }
        return e;
    }

    const std::vector<venue::ErrorRule>& error_table() const override { return kErrors; }

    // Coinbase documents no usage headers for Advanced Trade: our own count is all there is.
    std::vector<std::pair<std::string, uint32_t>> used_weights(const venue::HttpResponse&) const override {
        return {};
    }

    std::string market_stream_url(std::string_view base, const std::vector<std::string>&) const override {
        return std::string(base);
    }
    // One subscribe per channel (the docs: "one channel per subscribe message"); heartbeats keep
    // the connection open when the products are quiet.
    std::vector<std::string> market_subscribe(const std::vector<std::string>& symbols) const override {
        std::string ids = "[";
        for (std::size_t i = 0; i < symbols.size(); ++i) ids += (i ? "," : "") + coinbase::json_string(symbols[i]);
        ids += "]";
        return {"{\"type\":\"subscribe\",\"product_ids\":" + ids + ",\"channel\":\"ticker\"}",
                "{\"type\":\"subscribe\",\"product_ids\":" + ids + ",\"channel\":\"market_trades\"}",
                "{\"type\":\"subscribe\",\"channel\":\"heartbeats\"}"};
    }

    // Order books: the `level2` channel (messages on `l2_data`): an event "snapshot", then
    // "update" events; `new_quantity` is the level's new size, "0" removes it; sides "bid" and
    // "offer" (api-reference advanced-trade-api/websocket/level2). Its gaps show in the
    // connection's sequence_num; a resync unsubscribes and subscribes the product again.
    BookSync book_sync() const override { return BookSync::stream; }
    std::vector<std::string> book_subscribe(const std::vector<std::string>& symbols, int) const override {
        auto out = market_subscribe(symbols);
        std::string ids = "[";
        for (std::size_t i = 0; i < symbols.size(); ++i) ids += (i ? "," : "") + coinbase::json_string(symbols[i]);
        ids += "]";
        out.push_back("{\"type\":\"subscribe\",\"product_ids\":" + ids + ",\"channel\":\"level2\"}");
        return out;
    }
    std::vector<std::string> book_resubscribe(const std::string& symbol, int) const override {
        const std::string ids = "[" + coinbase::json_string(symbol) + "]";
        return {"{\"type\":\"unsubscribe\",\"product_ids\":" + ids + ",\"channel\":\"level2\"}",
                "{\"type\":\"subscribe\",\"product_ids\":" + ids + ",\"channel\":\"level2\"}"};
    }
    static void l2_event(json::object event, int64_t seq, BookUpdate& b) {
        bool have_type = false, have_product = false;
        json::each_field(event, [&](json::Key k, json::value& v) {
            if (k == "type") {
                b.snapshot = std::string_view(v) == "snapshot";
                have_type = true;
            } else if (k == "product_id") {
                b.symbol = std::string(std::string_view(v));
                have_product = true;
            } else if (k == "updates") {
                for (auto item : v.get_array()) {
                    json::object u = item.get_object();
                    const std::string side = need_str(u, "side");
                    BookLevel l{need_fixed(u, "price_level"), need_fixed(u, "new_quantity")};
                    if (side == "bid") b.bids.push_back(l);
                    else if (side == "offer" || side == "ask") b.asks.push_back(l);
                    else throw std::runtime_error("level2 update with side '" + side + "'");
                }
            }
        });
        if (!have_type || !have_product) throw std::runtime_error("l2_data event without type or product_id");
        if (seq >= 0) b.last_seq = b.first_seq = static_cast<uint64_t>(seq);
    }

    // Every ticker and trade of every event is published (market_trades snapshots carry up to
    // 50 trades, updates several); sequence_num numbers the connection's messages.
    void read_market_message(json::Decoder& d, std::string_view text, MarketMessage& out) const override {
        json::object root = d.parse(text).get_object();
        const std::string channel = opt_str(root, "channel");
        const int64_t ts = time_ns(root, "timestamp");
        const int64_t seq = opt_int(root, "sequence_num", -1);
        if (seq >= 0) out.sequence = seq;
        if (channel == "l2_data") {
            for (auto ev : root.find_field_unordered("events").get_array()) l2_event(ev.get_object(), seq, out.add_book());
            return;
        }
        if (channel != "ticker" && channel != "ticker_batch" && channel != "market_trades")
            return;  // heartbeats, subscriptions (their sequence_num still counts)
        for (auto ev : root.find_field_unordered("events").get_array()) {
            json::object event = ev.get_object();
            if (channel != "market_trades") {
                for (auto item : event.find_field_unordered("tickers").get_array()) {
                    json::object o = item.get_object();
                    Ticker t;
                    t.symbol = need_str(o, "product_id");
                    t.bid_px = need_fixed(o, "best_bid");
                    t.bid_qty = need_fixed(o, "best_bid_quantity");
                    t.ask_px = need_fixed(o, "best_ask");
                    t.ask_qty = need_fixed(o, "best_ask_quantity");
                    t.ts_ns = ts;
                    out.tickers.push_back(std::move(t));
                }
            } else {
                for (auto item : event.find_field_unordered("trades").get_array()) {
                    json::object o = item.get_object();
                    out.trades.push_back(public_trade(o, need_str(o, "product_id")));
                }
            }
        }
    }

    // The user channel authenticates in its subscribe message: no session call, no keepalive.
    std::optional<Endpoint> user_stream_open() const override { return std::nullopt; }
    std::string parse_user_stream_token(json::Decoder&, std::string_view) const override { return {}; }
    std::optional<Endpoint> user_stream_keepalive(std::string_view) const override { return std::nullopt; }
    std::chrono::nanoseconds user_stream_keepalive_interval() const override { return std::chrono::nanoseconds(0); }
    std::string user_stream_url(std::string_view base, std::string_view) const override { return std::string(base); }
    std::vector<std::string> user_subscribe(std::string_view, const Credentials& creds) const override {
        // WebSocket JWTs carry no uri claim; valid 120 s, so StreamLink asks for these anew at
        // every connect.
        auto subscribe = [&](const char* channel) {
            coinbase::JwtParts p;
            p.key_name = creds.key;
            p.nbf_s = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
            p.nonce = coinbase::random_nonce();
            return std::string("{\"type\":\"subscribe\",\"channel\":\"") + channel +
                   "\",\"jwt\":" + coinbase::json_string(coinbase::make_jwt(p, creds.secret)) + "}";
        };
        return {subscribe("user"), subscribe("heartbeats")};
    }

    // User channel order updates carry cumulative state, not individual fills: they become state
    // updates (acks, cancels, expiries, failures) with executed_qty set; the worker fetches the
    // fills themselves (order_fills) when executed_qty runs ahead of the ledger.
    UserStreamMessage parse_user_message(json::Decoder& d, std::string_view text) const override {
        UserStreamMessage msg;
        json::object root = d.parse(text).get_object();
        const std::string channel = opt_str(root, "channel");
        const int64_t seq = opt_int(root, "sequence_num", -1);
        if (seq >= 0) msg.sequence = seq;
        if (channel != "user") return msg;  // heartbeats, subscriptions: numbered all the same
        auto& out = msg.updates;
        for (auto ev : root.find_field_unordered("events").get_array()) {
            json::object event = ev.get_object();
            auto orders = opt_field(event, "orders");
            if (!orders) continue;
            for (auto item : orders->get_array()) {
                json::object o = item.get_object();
                OrderUpdate u;
                OrderState& s = u.order;
                s.venue_order_id = need_str(o, "order_id");
                s.client_order_id = need_str(o, "client_order_id");
                s.symbol = need_str(o, "product_id");
                s.side = side_of(need_str(o, "order_side"));
                s.executed_qty = opt_fixed(o, "cumulative_quantity");
                s.order_qty = s.executed_qty + opt_fixed(o, "leaves_quantity");
                s.price = opt_fixed(o, "limit_price");
                s.cum_quote = opt_fixed(o, "filled_value");
                s.status = status_of(need_str(o, "status"), s.executed_qty);
                s.ts_ns = time_ns(o, "creation_time");
                std::string reason = opt_str(o, "reject_reason");
                if (reason.empty()) reason = opt_str(o, "cancel_reason");
                s.reject_reason = reason;
                switch (s.status) {
                case TH_STATUS_CANCELED: u.exec_type = TH_EXEC_CANCELED; break;
                case TH_STATUS_EXPIRED: u.exec_type = TH_EXEC_EXPIRED; break;
                case TH_STATUS_REJECTED: u.exec_type = TH_EXEC_REJECTED; break;
                case TH_STATUS_FILLED: u.exec_type = TH_EXEC_FILL; break;
                case TH_STATUS_PARTIALLY_FILLED: u.exec_type = TH_EXEC_PARTIAL_FILL; break;
                default: u.exec_type = TH_EXEC_NEW; break;
                }
                out.push_back(std::move(u));
            }
        }
        return msg;
    }

private:
    static Endpoint get(std::string path, venue::QueryParams params) {
        Endpoint e;
        e.path = std::string(kApi) + path;
        e.params = std::move(params);
        e.is_signed = true;  // every /api/v3/brokerage endpoint takes the JWT
        e.costs = {{kPrivateBucket, 1}};
        return e;
    }
    static Endpoint post(std::string path) {
        Endpoint e = get(std::move(path), {});
        e.method = "POST";
        return e;
    }

    // market_trades and the ticker endpoint share this shape. "side" is read as the taker's
    // side (the aggressor), as CCXT reads it too.
    static PublicTrade public_trade(json::object o, std::string_view symbol) {
        PublicTrade t;
        t.symbol = std::string(symbol);
        t.trade_id = need_str(o, "trade_id");
        t.px = need_fixed(o, "price");
        t.qty = need_fixed(o, "size");
        t.aggressor = side_of(need_str(o, "side"));
        t.ts_ns = time_ns(o, "time");
        return t;
    }

    // Coinbase answers a refused order or cancel with HTTP 200: {"success": false,
    // "error_response": {...}} (create-order) or results[].success false (batch_cancel).
    static UnifiedError error_in_success(json::Decoder& d, std::string_view body) {
        UnifiedError e;
        try {
            json::object root = d.parse(body).get_object();
            if (auto ok = opt_field(root, "success")) {
                bool success = true;
                if (!ok->get_bool().get(success) && !success) {
                    std::string code;
                    if (auto er = opt_field(root, "error_response"))
                        e.message = error_text(er->get_object(), code);
                    if (e.message.empty()) e.message = opt_str(root, "failure_reason");
                    e.kind = classify_error(kErrors, 200, "", e.message, ErrorKind::invalid_request);
                    return e;
                }
            }
            if (auto results = opt_field(root, "results")) {
                for (auto item : results->get_array()) {
                    json::object r = item.get_object();
                    if (opt_bool(r, "success", true)) continue;
                    e.message = opt_str(r, "failure_reason") + " (order " + opt_str(r, "order_id") + ")";
                    e.kind = classify_error(kErrors, 200, "", e.message, ErrorKind::invalid_request);
                    return e;
                }
            }
        } catch (const std::exception&) {
            // Not an object: nothing to say about it here; the parser will complain.
        }
        return e;
    }
};

}  // namespace

std::unique_ptr<Dialect> make_coinbase_dialect() { return std::make_unique<Coinbase>(); }

}  // namespace tradehost::exchange
