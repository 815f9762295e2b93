// Binance spot loopback double (see binance_double.hpp). Bodies follow the examples of the
// Binance Spot API docs (developers.binance.com/docs/binance-spot-api-docs): rest-api pages,
// errors (codes and texts), web-socket-streams and user-data-stream.
#include "binance_double.hpp"

#include <tradehost/plugin.hpp>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <cstdio>

namespace tradehost::doubles::exchange {
namespace {

// ^[\.A-Z\:/a-z0-9_-]{1,36}$, written out (the standard regex trips GCC 12's
// maybe-uninitialized warning under the sanitizers).
bool binance_client_id(const std::string& id) {
    if (id.empty() || id.size() > 36) return false;
    for (char c : id) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && c != '.' && c != ':' && c != '/' && c != '_' && c != '-') return false;
    }
    return true;
}

using nlohmann::json;

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
}

// Binance writes decimals with 8 places ("4.00000200").
std::string fmt8(th_fixed v) {
    char buf[48];
    unsigned long long mag = v < 0 ? 0ull - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
    std::snprintf(buf, sizeof buf, "%s%llu.%08llu", v < 0 ? "-" : "", mag / 100000000ull, mag % 100000000ull);
    return buf;
}

th_fixed fx(const std::string& text) {
    th_fixed v = 0;
    if (!parse_fixed(text, v)) throw std::invalid_argument("not a decimal: " + text);
    return v;
}

std::optional<th_fixed> param_fixed(const Request& r, const char* name) {
    const std::string* p = r.param(name);
    th_fixed v = 0;
    if (!p || !parse_fixed(*p, v)) return std::nullopt;
    return v;
}

Response error(int status, int code, const std::string& msg) {
    return Response::json(status, json{{"code", code}, {"msg", msg}}.dump());
}

std::string hmac_hex(const std::string& key, const std::string& data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

const char* side_text(uint8_t s) { return s == TH_SIDE_BUY ? "BUY" : "SELL"; }

json order_json(const CoreOrder& o) {
    return json{{"symbol", o.symbol},
                {"orderId", o.order_id},
                {"orderListId", -1},
                {"clientOrderId", o.client_order_id},
                {"price", fmt8(o.price)},
                {"origQty", fmt8(o.qty)},
                {"executedQty", fmt8(o.executed)},
                {"cummulativeQuoteQty", fmt8(o.cum_quote)},
                {"status", o.status},
                {"timeInForce", o.tif.empty() ? "GTC" : o.tif},
                {"type", o.type},
                {"side", side_text(o.side)},
                {"stopPrice", fmt8(o.stop_price)},
                {"icebergQty", fmt8(0)},
                {"time", o.time_ms},
                {"updateTime", o.update_ms},
                {"isWorking", true},
                {"workingTime", o.time_ms},
                {"origQuoteOrderQty", "0.00000000"},
                {"selfTradePreventionMode", "NONE"}};
}

}  // namespace

BinanceDouble::BinanceDouble(std::string api_key, std::string api_secret)
    : api_key_(std::move(api_key)), api_secret_(std::move(api_secret)) {
    install_routes();
}

BinanceDouble::~BinanceDouble() = default;

std::string BinanceDouble::rest_url() const { return server_.http_url(); }
std::string BinanceDouble::stream_url() const { return server_.ws_url(""); }

void BinanceDouble::add_market(const std::string& symbol, const std::string& base, const std::string& quote,
                               const std::string& tick, const std::string& step, const std::string& min_qty,
                               const std::string& min_notional) {
    core_.add_market({symbol, base, quote, fx(tick), fx(step), fx(min_qty), fx(min_notional)});
}

void BinanceDouble::set_balance(const std::string& asset, const std::string& free) { core_.set_balance(asset, fx(free)); }

void BinanceDouble::inject_429(int retry_after_s, int count) {
    Response r = error(429, -1003,
                       "Too many requests; current limit is 6000 request weight per 1 MINUTE. Please use the "
                       "websocket for live updates to avoid polling the API.");
    r.headers.emplace_back("Retry-After", std::to_string(retry_after_s));
    server_.inject(std::move(r), count);
}

std::size_t BinanceDouble::user_sessions() const {
    std::lock_guard<std::mutex> lk(mu_);
    return subscriptions_.size();
}
std::vector<std::string> BinanceDouble::subscribe_requests() const {
    std::lock_guard<std::mutex> lk(mu_);
    return subscribe_requests_;
}
std::size_t BinanceDouble::market_sessions() const {
    std::lock_guard<std::mutex> lk(mu_);
    return market_sessions_.size();
}

// web-socket-api "Event format": each event goes to every subscription of the account, wrapped
// with that subscription's id.
void BinanceDouble::send_user(const std::string& event) {
    std::map<uint64_t, int64_t> subs;
    {
        std::lock_guard<std::mutex> lk(mu_);
        subs = subscriptions_;
    }
    for (const auto& s : server_.ws_sessions())
        if (auto it = subs.find(s->id()); it != subs.end())
            s->send("{\"subscriptionId\":" + std::to_string(it->second) + ",\"event\":" + event + "}");
}

void BinanceDouble::terminate_subscriptions() {
    // user-data-stream "Event Stream Terminated".
    send_user(json{{"e", "eventStreamTerminated"}, {"E", now_ms()}}.dump());
    std::lock_guard<std::mutex> lk(mu_);
    subscriptions_.clear();
}

void BinanceDouble::server_shutdown() {
    // web-socket-api "Server Shutdown": the event carries no subscriptionId. Binance closes the
    // connection some time later; the double leaves it open, so a client that reconnects has
    // done so on the event alone.
    const std::string event = json{{"event", {{"e", "serverShutdown"}, {"E", now_ms()}}}}.dump();
    for (const auto& s : server_.ws_sessions()) {
        bool ws_api = false;
        {
            std::lock_guard<std::mutex> lk(mu_);
            ws_api = ws_api_sessions_.count(s->id()) > 0;
        }
        if (ws_api) s->send(event);
    }
}

// One WebSocket API request (web-socket-api "Request format"): {"id":..,"method":..,"params":{..}},
// answered {"id":..,"status":..,"result":..} or {"id":..,"status":..,"error":{"code","msg"}}.
void BinanceDouble::ws_api_request(const std::shared_ptr<WsSession>& s, std::string_view text) {
    json req = json::parse(text, nullptr, false);
    if (req.is_discarded() || !req.is_object()) {
        // Not a request at all: status 400 with id null (the docs show no example of this case).
        s->send(json{{"id", nullptr}, {"status", 400}, {"error", {{"code", -1000}, {"msg", "Invalid JSON: malformed request."}}}}.dump());
        return;
    }
    const json id = req.value("id", json(nullptr));
    const std::string method = req.value("method", "");
    const json params = req.value("params", json::object());
    auto answer = [&](json result) { s->send(json{{"id", id}, {"status", 200}, {"result", std::move(result)}}.dump()); };
    auto fail = [&](int status, int code, const std::string& msg) {
        s->send(json{{"id", id}, {"status", status}, {"error", {{"code", code}, {"msg", msg}}}}.dump());
    };
    if (method == "userDataStream.subscribe.signature") {
        {
            std::lock_guard<std::mutex> lk(mu_);
            subscribe_requests_.emplace_back(text);
        }
        // request-security: the signature covers every other parameter, sorted by name.
        std::map<std::string, std::string> sorted;
        for (const auto& [k, v] : params.items())
            if (k != "signature") sorted[k] = v.is_string() ? v.get<std::string>() : v.dump();
        std::string payload;
        for (const auto& [k, v] : sorted) payload += (payload.empty() ? "" : "&") + k + "=" + v;
        if (!params.contains("apiKey") || !params.contains("timestamp") || !params.contains("signature"))
            return fail(400, -1102, "Mandatory parameter was not sent, was empty/null, or malformed.");
        if (params["apiKey"] != api_key_) return fail(401, -2015, "Invalid API-key, IP, or permissions for action.");
        std::string sig = params["signature"].is_string() ? params["signature"].get<std::string>() : "";
        for (char& c : sig) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));  // HMAC: case-insensitive
        if (sig != hmac_hex(api_secret_, payload)) return fail(400, -1022, "Signature for this request is not valid.");
        const int64_t t = params["timestamp"].is_number() ? params["timestamp"].get<int64_t>() : 0;
        const int64_t now = now_ms();
        if (t >= now + 1000 || now - t > 5000)
            return fail(400, -1021, "Timestamp for this request is outside of the recvWindow.");
        int64_t sub;
        {
            std::lock_guard<std::mutex> lk(mu_);
            sub = next_subscription_id_[s->id()]++;
            subscriptions_[s->id()] = sub;
        }
        return answer(json{{"subscriptionId", sub}});
    }
    if (method == "userDataStream.unsubscribe") {
        bool had = false;
        int64_t sub = 0;
        {
            std::lock_guard<std::mutex> lk(mu_);
            if (auto it = subscriptions_.find(s->id()); it != subscriptions_.end()) {
                had = true;
                sub = it->second;
                subscriptions_.erase(it);
            }
        }
        answer(json::object());
        if (had)
            s->send(json{{"subscriptionId", sub}, {"event", {{"e", "eventStreamTerminated"}, {"E", now_ms()}}}}.dump());
        return;
    }
    if (method == "session.subscriptions") {
        json list = json::array();
        std::lock_guard<std::mutex> lk(mu_);
        if (auto it = subscriptions_.find(s->id()); it != subscriptions_.end())
            list.push_back(json{{"subscriptionId", it->second}});
        return answer(list);
    }
    // Everything else, the retired userDataStream.start/ping/stop included, is not served here.
    fail(400, -1020, "This operation is not supported.");
}

void BinanceDouble::send_market(const std::string& stream, const std::string& text) {
    std::set<uint64_t> ids;
    {
        std::lock_guard<std::mutex> lk(mu_);
        for (const auto& [id, streams] : market_sessions_)
            if (streams.count(stream)) ids.insert(id);
    }
    for (const auto& s : server_.ws_sessions())
        if (ids.count(s->id())) s->send(text);
}

std::string BinanceDouble::execution_report(const CoreOrder& o, const std::string& x, const CoreTrade* t,
                                            const std::string& cancel_id) const {
    // user-data-stream: "Order Update" payload.
    int64_t now = now_ms();
    json j{{"e", "executionReport"},
           {"E", now},
           {"s", o.symbol},
           {"c", cancel_id.empty() ? o.client_order_id : cancel_id},
           {"S", side_text(o.side)},
           {"o", o.type},
           {"f", o.tif.empty() ? "GTC" : o.tif},
           {"q", fmt8(o.qty)},
           {"p", fmt8(o.price)},
           {"P", fmt8(o.stop_price)},
           {"F", "0.00000000"},
           {"g", -1},
           {"C", cancel_id.empty() ? "" : o.client_order_id},
           {"x", x},
           {"X", o.status},
           {"r", "NONE"},
           {"i", o.order_id},
           {"l", fmt8(t ? t->qty : 0)},
           {"z", fmt8(o.executed)},
           {"L", fmt8(t ? t->px : 0)},
           {"n", fmt8(t ? t->commission : 0)},
           {"N", t ? json(t->commission_asset) : json(nullptr)},
           {"T", t ? t->time_ms : o.update_ms},
           {"t", t ? t->id : -1},
           {"v", 3},
           {"I", 8641984},
           {"w", o.status == "NEW"},
           {"m", t ? t->maker : false},
           {"M", false},
           {"O", o.time_ms},
           {"Z", fmt8(o.cum_quote)},
           {"Y", fmt8(t ? fixed_mul(t->px, t->qty) : 0)},
           {"Q", "0.00000000"},
           {"W", o.time_ms},
           {"V", "NONE"}};
    return j.dump();
}

std::optional<Response> BinanceDouble::check_key(const Request& r) const {
    const std::string* key = r.header("X-MBX-APIKEY");
    if (!key || key->empty()) return error(401, -2014, "API-key format invalid.");
    if (*key != api_key_) return error(401, -2015, "Invalid API-key, IP, or permissions for action.");
    return std::nullopt;
}

// rest-api/request-security: signature = HMAC-SHA256(secret, totalParams), totalParams being
// the query string (signature excluded) followed by the body; timestamp within recvWindow.
std::optional<Response> BinanceDouble::check_signed(const Request& r) const {
    if (auto bad = check_key(r)) return bad;
    const std::string* sig = r.param("signature");
    if (!sig) return error(400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
    std::string query = r.query;
    std::size_t at = query.find("signature=");
    std::string unsigned_part = query.substr(0, at == 0 ? 0 : at - 1);  // drop "&signature=..."
    if (at + 10 + sig->size() < query.size()) unsigned_part += query.substr(at + 10 + sig->size());
    if (hmac_hex(api_secret_, unsigned_part + r.body) != *sig)
        return error(400, -1022, "Signature for this request is not valid.");
    const std::string* ts = r.param("timestamp");
    if (!ts) return error(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
    int64_t window = 5000;
    if (const std::string* rw = r.param("recvWindow")) window = std::stoll(*rw);
    int64_t t = std::stoll(*ts), now = now_ms();
    if (t >= now + 1000 || now - t > window)
        return error(400, -1021, "Timestamp for this request is outside of the recvWindow.");
    return std::nullopt;
}

Response BinanceDouble::new_order(const Request& r) {
    if (auto bad = check_signed(r)) return *bad;
    orders_received_++;
    const std::string* symbol = r.param("symbol");
    auto market = symbol ? core_.market(*symbol) : std::nullopt;
    if (!market) return error(400, -1121, "Invalid symbol.");
    const std::string* side = r.param("side");
    const std::string* type = r.param("type");
    auto qty = param_fixed(r, "quantity");
    if (!side || !type || !qty) return error(400, -1102, "Mandatory parameter was not sent, was empty/null, or malformed.");
    CoreOrder o;
    o.symbol = *symbol;
    o.side = *side == "BUY" ? TH_SIDE_BUY : TH_SIDE_SELL;
    o.type = *type;
    o.qty = *qty;
    if (const std::string* tif = r.param("timeInForce")) o.tif = *tif;
    bool needs_price = o.type == "LIMIT" || o.type == "STOP_LOSS_LIMIT";
    if (needs_price) {
        auto px = param_fixed(r, "price");
        if (!px) return error(400, -1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed.");
        if (o.tif.empty())
            return error(400, -1102, "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.");
        o.price = *px;
    }
    if (auto sp = param_fixed(r, "stopPrice")) o.stop_price = *sp;
    // filters: the same rules the adapter enforces locally, answered as Binance does.
    if (o.price > 0 && market->tick_size > 0 && o.price % market->tick_size != 0)
        return error(400, -1013, "Filter failure: PRICE_FILTER");
    if ((market->step_size > 0 && o.qty % market->step_size != 0) || o.qty < market->min_qty)
        return error(400, -1013, "Filter failure: LOT_SIZE");
    if (o.price > 0 && fixed_mul(o.price, o.qty) < market->min_notional)
        return error(400, -1013, "Filter failure: NOTIONAL");
    const std::string* cid = r.param("newClientOrderId");
    // Spot API, POST /api/v3/order: newClientOrderId outside its documented form is refused.
    if (cid && !binance_client_id(*cid))
        return error(400, -1100,
                     "Illegal characters found in parameter 'newClientOrderId'; legal range is "
                     "'^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.");
    o.client_order_id = cid ? *cid : "x-double-" + std::to_string(orders_received_.load());
    switch (core_.place(o, now_ms())) {
    case PlaceError::none: break;
    case PlaceError::unknown_symbol: return error(400, -1121, "Invalid symbol.");
    case PlaceError::duplicate: return error(400, -2010, "Duplicate order sent.");
    case PlaceError::insufficient_funds:
        return error(400, -2010, "Account has insufficient balance for requested action.");
    }
    orders_10s_++;
    send_user(execution_report(o, "NEW", nullptr, ""));
    // IOC and FOK take what is there at once and expire the rest (Binance: status EXPIRED).
    // This double fills only when a test says so, so nothing is there: they expire whole.
    if (o.tif == "IOC" || o.tif == "FOK") {
        if (auto ended = core_.cancel(o.symbol, o.client_order_id, now_ms(), "EXPIRED")) {
            o = *ended;
            send_user(execution_report(o, "EXPIRED", nullptr, ""));
        }
    }
    // newOrderRespType=RESULT (the default for LIMIT/MARKET would be FULL; we answer RESULT).
    json j{{"symbol", o.symbol},
           {"orderId", o.order_id},
           {"orderListId", -1},
           {"clientOrderId", o.client_order_id},
           {"transactTime", o.time_ms},
           {"price", fmt8(o.price)},
           {"origQty", fmt8(o.qty)},
           {"executedQty", fmt8(o.executed)},
           {"origQuoteOrderQty", "0.00000000"},
           {"cummulativeQuoteQty", fmt8(o.cum_quote)},
           {"status", o.status},
           {"timeInForce", o.tif.empty() ? "GTC" : o.tif},
           {"type", o.type},
           {"side", side_text(o.side)},
           {"workingTime", o.time_ms},
           {"selfTradePreventionMode", "NONE"}};
    Response resp = Response::json(200, j.dump());
    resp.headers.emplace_back("X-MBX-ORDER-COUNT-10S", std::to_string(orders_10s_.load()));
    resp.headers.emplace_back("X-MBX-ORDER-COUNT-1D", std::to_string(orders_10s_.load()));
    return resp;
}

Response BinanceDouble::cancel_order(const Request& r) {
    if (auto bad = check_signed(r)) return *bad;
    const std::string* symbol = r.param("symbol");
    const std::string* cid = r.param("origClientOrderId");
    if (!symbol || !cid) return error(400, -1102, "Mandatory parameter was not sent, was empty/null, or malformed.");
    auto o = core_.cancel(*symbol, *cid, now_ms());
    if (!o) return error(400, -2011, "Unknown order sent.");
    std::string cancel_id = "cancel-" + std::to_string(o->order_id);
    send_user(execution_report(*o, "CANCELED", nullptr, cancel_id));
    json j = order_json(*o);
    j["origClientOrderId"] = o->client_order_id;
    j["clientOrderId"] = cancel_id;
    j["transactTime"] = o->update_ms;
    return Response::json(200, j.dump());
}

Response BinanceDouble::query_order(const Request& r) {
    if (auto bad = check_signed(r)) return *bad;
    const std::string* symbol = r.param("symbol");
    const std::string* cid = r.param("origClientOrderId");
    auto o = symbol && cid ? core_.find(*symbol, *cid) : std::nullopt;
    if (!o) return error(400, -2013, "Order does not exist.");
    return Response::json(200, order_json(*o).dump());
}

void BinanceDouble::install_routes() {
    auto weighted = [this](LoopbackServer::Handler h, int weight) {
        return [this, h = std::move(h), weight](const Request& r) {
            Response resp = h(r);
            weight_used_ += weight;
            resp.headers.emplace_back("X-MBX-USED-WEIGHT-1M", std::to_string(weight_used_.load()));
            return resp;
        };
    };
    server_.route("GET", "/api/v3/exchangeInfo", weighted([this](const Request&) {
        json symbols = json::array();
        for (const auto& m : core_.markets()) {
            symbols.push_back(json{
                {"symbol", m.symbol}, {"status", "TRADING"}, {"baseAsset", m.base}, {"baseAssetPrecision", 8},
                {"quoteAsset", m.quote}, {"quotePrecision", 8}, {"quoteAssetPrecision", 8},
                {"orderTypes", {"LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT"}},
                {"isSpotTradingAllowed", true},
                {"filters",
                 {{{"filterType", "PRICE_FILTER"}, {"minPrice", fmt8(m.tick_size)}, {"maxPrice", "1000000.00000000"},
                   {"tickSize", fmt8(m.tick_size)}},
                  {{"filterType", "LOT_SIZE"}, {"minQty", fmt8(m.min_qty)}, {"maxQty", "9000.00000000"},
                   {"stepSize", fmt8(m.step_size)}},
                  {{"filterType", "NOTIONAL"}, {"minNotional", fmt8(m.min_notional)}, {"applyMinToMarket", true},
                   {"maxNotional", "9000000.00000000"}, {"applyMaxToMarket", false}, {"avgPriceMins", 5}}}},
                {"permissions", json::array()}});
        }
        json j{{"timezone", "UTC"},
               {"serverTime", now_ms()},
               {"rateLimits",
                {{{"rateLimitType", "REQUEST_WEIGHT"}, {"interval", "MINUTE"}, {"intervalNum", 1}, {"limit", 6000}},
                 {{"rateLimitType", "ORDERS"}, {"interval", "SECOND"}, {"intervalNum", 10}, {"limit", 100}},
                 {{"rateLimitType", "ORDERS"}, {"interval", "DAY"}, {"intervalNum", 1}, {"limit", 200000}},
                 {{"rateLimitType", "RAW_REQUESTS"}, {"interval", "MINUTE"}, {"intervalNum", 5}, {"limit", 61000}}}},
               {"exchangeFilters", json::array()},
               {"symbols", symbols}};
        return Response::json(200, j.dump());
    }, 20));
    server_.route("GET", "/api/v3/ticker/bookTicker", weighted([this](const Request& r) {
        const std::string* s = r.param("symbol");
        if (!s || !core_.market(*s)) return error(400, -1121, "Invalid symbol.");
        std::lock_guard<std::mutex> lk(mu_);
        Book& b = books_[*s];
        return Response::json(200, json{{"symbol", *s}, {"bidPrice", b.bid}, {"bidQty", b.bid_qty},
                                        {"askPrice", b.ask}, {"askQty", b.ask_qty}}.dump());
    }, 2));
    server_.route("GET", "/api/v3/depth", weighted([this](const Request& r) {
        const std::string* s = r.param("symbol");
        if (!s || !core_.market(*s)) return error(400, -1121, "Invalid symbol.");
        std::lock_guard<std::mutex> lk(mu_);
        depth_requests_++;
        if (auto d = depth_.find(*s); d != depth_.end()) {
            json bids = json::array(), asks = json::array();
            for (const auto& [px, l] : d->second.bids) bids.push_back({l.first, l.second});
            for (const auto& [px, l] : d->second.asks) asks.push_back({l.first, l.second});
            return Response::json(200, json{{"lastUpdateId", d->second.update_id}, {"bids", bids}, {"asks", asks}}.dump());
        }
        Book& b = books_[*s];
        return Response::json(200, json{{"lastUpdateId", b.update_id},
                                        {"bids", {{b.bid, b.bid_qty}}},
                                        {"asks", {{b.ask, b.ask_qty}}}}.dump());
    }, 5));
    server_.route("GET", "/api/v3/trades", weighted([this](const Request& r) {
        const std::string* s = r.param("symbol");
        if (!s || !core_.market(*s)) return error(400, -1121, "Invalid symbol.");
        json arr = json::array();
        std::lock_guard<std::mutex> lk(mu_);
        for (const auto& t : public_trades_[*s])
            arr.push_back(json{{"id", t.id}, {"price", t.px}, {"qty", t.qty},
                               {"quoteQty", fmt8(fixed_mul(fx(t.px), fx(t.qty)))}, {"time", t.time_ms},
                               {"isBuyerMaker", t.buyer_maker}, {"isBestMatch", true}});
        return Response::json(200, arr.dump());
    }, 25));
    server_.route("GET", "/api/v3/account", weighted([this](const Request& r) {
        if (auto bad = check_signed(r)) return *bad;
        json bal = json::array();
        for (const auto& [asset, b] : core_.balances())
            bal.push_back(json{{"asset", asset}, {"free", fmt8(b.free)}, {"locked", fmt8(b.locked)}});
        json j{{"makerCommission", 15}, {"takerCommission", 15}, {"buyerCommission", 0}, {"sellerCommission", 0},
               {"canTrade", true}, {"canWithdraw", true}, {"canDeposit", true}, {"brokered", false},
               {"requireSelfTradePrevention", false}, {"preventSor", false}, {"updateTime", now_ms()},
               {"accountType", "SPOT"}, {"balances", bal}, {"permissions", {"SPOT"}}, {"uid", 354937868}};
        return Response::json(200, j.dump());
    }, 20));
    server_.route("POST", "/api/v3/order", weighted([this](const Request& r) { return new_order(r); }, 1));
    server_.route("DELETE", "/api/v3/order", weighted([this](const Request& r) { return cancel_order(r); }, 1));
    server_.route("GET", "/api/v3/order", weighted([this](const Request& r) { return query_order(r); }, 4));
    server_.route("GET", "/api/v3/openOrders", weighted([this](const Request& r) {
        if (auto bad = check_signed(r)) return *bad;
        const std::string* s = r.param("symbol");
        json arr = json::array();
        for (const auto& o : core_.open_orders(s ? *s : "")) arr.push_back(order_json(o));
        return Response::json(200, arr.dump());
    }, 6));
    server_.route("GET", "/api/v3/myTrades", weighted([this](const Request& r) {
        if (auto bad = check_signed(r)) return *bad;
        const std::string* s = r.param("symbol");
        if (!s || !core_.market(*s)) return error(400, -1121, "Invalid symbol.");
        int64_t since = 0, from = 0;
        const std::string* st = r.param("startTime");
        const std::string* fi = r.param("fromId");
        if (st) since = std::stoll(*st);
        if (fi) from = std::stoll(*fi);
        // limit: default 500, max 1000 (account-endpoints "Account trade list"). With startTime
        // or fromId the oldest matching trades come first; with neither, the most recent ones.
        std::size_t limit = 500;
        if (const std::string* l = r.param("limit")) limit = std::stoul(*l);
        if (limit == 0 || limit > 1000) return error(400, -1100, "Illegal characters found in parameter 'limit'.");
        auto trades = core_.trades(*s, since, from);
        if (trades.size() > limit) {
            if (st || fi) trades.resize(limit);
            else trades.erase(trades.begin(), trades.end() - static_cast<std::ptrdiff_t>(limit));
        }
        json arr = json::array();
        for (const auto& t : trades)
            arr.push_back(json{{"symbol", t.symbol}, {"id", t.id}, {"orderId", t.order_id}, {"orderListId", -1},
                               {"price", fmt8(t.px)}, {"qty", fmt8(t.qty)},
                               {"quoteQty", fmt8(fixed_mul(t.px, t.qty))}, {"commission", fmt8(t.commission)},
                               {"commissionAsset", t.commission_asset}, {"time", t.time_ms},
                               {"isBuyer", t.side == TH_SIDE_BUY}, {"isMaker", t.maker}, {"isBestMatch", true}});
        return Response::json(200, arr.dump());
    }, 20));
    // The listenKey endpoints were retired on 2026-02-20 (Binance's Spot API changelog, 2026-01-21). Binance's
    // front end answers them with nginx's 410 page, not a {"code","msg"} body.
    for (const char* method : {"POST", "PUT", "DELETE"})
        server_.route(method, "/api/v3/userDataStream", [](const Request&) {
            Response r;
            r.status = 410;
            r.headers.emplace_back("Content-Type", "text/html");
            r.body = "<html>\r\n<head><title>410 Gone</title></head>\r\n<body>\r\n<center><h1>410 Gone</h1></center>\r\n"
                     "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
            return r;
        });

    WsHandlers market;
    market.on_open = [this](const std::shared_ptr<WsSession>& s, const Request& r) {
        std::set<std::string> streams;
        if (const std::string* list = r.param("streams")) {
            std::size_t pos = 0;
            while (pos <= list->size()) {
                std::size_t slash = list->find('/', pos);
                if (slash == std::string::npos) slash = list->size();
                if (slash > pos) streams.insert(list->substr(pos, slash - pos));
                pos = slash + 1;
            }
        }
        std::lock_guard<std::mutex> lk(mu_);
        market_sessions_[s->id()] = std::move(streams);
    };
    market.on_close = [this](const std::shared_ptr<WsSession>& s) {
        std::lock_guard<std::mutex> lk(mu_);
        market_sessions_.erase(s->id());
    };
    server_.websocket("/stream", market);

    WsHandlers api;
    api.on_open = [this](const std::shared_ptr<WsSession>& s, const Request&) {
        std::lock_guard<std::mutex> lk(mu_);
        ws_api_sessions_.insert(s->id());
    };
    api.on_message = [this](const std::shared_ptr<WsSession>& s, std::string_view text) { ws_api_request(s, text); };
    api.on_close = [this](const std::shared_ptr<WsSession>& s) {
        std::lock_guard<std::mutex> lk(mu_);
        ws_api_sessions_.erase(s->id());
        subscriptions_.erase(s->id());
        next_subscription_id_.erase(s->id());
    };
    server_.websocket("/ws-api/v3", api);
}

bool BinanceDouble::fill(const std::string& cid, const std::string& qty, const std::string& px) {
    auto r = core_.fill(cid, fx(qty), fx(px), now_ms());
    if (!r) return false;
    if (!missed_fills_) send_user(execution_report(r->first, "TRADE", &r->second, ""));
    return true;
}

void BinanceDouble::push_book(const std::string& symbol, const std::string& bid, const std::string& bid_qty,
                              const std::string& ask, const std::string& ask_qty) {
    int64_t u;
    {
        std::lock_guard<std::mutex> lk(mu_);
        Book& b = books_[symbol];
        b = {bid, bid_qty, ask, ask_qty, b.update_id + 1};
        u = b.update_id;
    }
    std::string lower = symbol;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string name = lower + "@bookTicker";
    json data{{"u", u}, {"s", symbol}, {"b", bid}, {"B", bid_qty}, {"a", ask}, {"A", ask_qty}};
    send_market(name, json{{"stream", name}, {"data", data}}.dump());
}

void BinanceDouble::push_trade(const std::string& symbol, const std::string& px, const std::string& qty,
                               bool buyer_maker) {
    int64_t id, t = now_ms();
    {
        std::lock_guard<std::mutex> lk(mu_);
        id = next_public_trade_++;
        public_trades_[symbol].push_back({id, px, qty, t, buyer_maker});
    }
    std::string lower = symbol;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string name = lower + "@trade";
    json data{{"e", "trade"}, {"E", t}, {"s", symbol}, {"t", id}, {"p", px}, {"q", qty},
              {"T", t}, {"m", buyer_maker}, {"M", true}};
    send_market(name, json{{"stream", name}, {"data", data}}.dump());
}

void BinanceDouble::push_depth(const std::string& symbol, const Levels& bids, const Levels& asks, int updates,
                               bool send) {
    int64_t first, last;
    {
        std::lock_guard<std::mutex> lk(mu_);
        Depth& d = depth_[symbol];
        for (const auto& [px, qty] : bids) {
            if (fx(qty) == 0) d.bids.erase(fx(px));
            else d.bids[fx(px)] = {px, qty};
        }
        for (const auto& [px, qty] : asks) {
            if (fx(qty) == 0) d.asks.erase(fx(px));
            else d.asks[fx(px)] = {px, qty};
        }
        first = d.update_id + 1;
        d.update_id += updates;
        last = d.update_id;
    }
    if (!send) return;
    std::string lower = symbol;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string name = lower + "@depth@100ms";
    json b = json::array(), a = json::array();
    for (const auto& [px, qty] : bids) b.push_back({px, qty});
    for (const auto& [px, qty] : asks) a.push_back({px, qty});
    json data{{"e", "depthUpdate"}, {"E", now_ms()}, {"s", symbol}, {"U", first}, {"u", last}, {"b", b}, {"a", a}};
    send_market(name, json{{"stream", name}, {"data", data}}.dump());
}

}  // namespace tradehost::doubles::exchange
