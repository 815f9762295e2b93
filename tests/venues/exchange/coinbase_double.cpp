// Coinbase Advanced Trade loopback double (see coinbase_double.hpp). Bodies follow the examples
// of docs.cdp.coinbase.com, Advanced Trade API: rest-api products/list-products,
// accounts/list-accounts, orders/create-order, orders/cancel-order (batch_cancel),
// orders/get-order, orders/list-orders, orders/list-fills; rest-api-rate-limits (429);
// websocket/websocket-channels (subscribe, subscriptions, heartbeats, ticker, market_trades,
// user; sequence_num on every message) and websocket-authentication (JWT in the subscribe).
#include "coinbase_double.hpp"

#include <tradehost/plugin.hpp>

#include <nlohmann/json.hpp>

#include <cctype>
#include <chrono>
#include <optional>
#include <cstdio>
#include <ctime>

namespace tradehost::doubles::exchange {
namespace {

using nlohmann::json;
constexpr const char* kApi = "/api/v3/brokerage";

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
}

th_fixed fx(const std::string& text) {
    th_fixed v = 0;
    if (!parse_fixed(text, v)) throw std::invalid_argument("not a decimal: " + text);
    return v;
}

std::string dec(th_fixed v) { return format_fixed(v); }

std::string rfc3339(int64_t ms) {
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(ms % 1000));
    return buf;
}

// "2023-11-14T15:00:00.123456789Z" -> epoch ms (0 when unreadable).
int64_t parse_rfc3339_ms(const std::string& s) {
    std::tm tm{};
    int ms = 0;
    if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                    &tm.tm_sec) != 6)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    if (auto dot = s.find('.'); dot != std::string::npos) {
        for (std::size_t i = dot + 1, n = 0; i < s.size() && n < 3 && std::isdigit(static_cast<unsigned char>(s[i]));
             ++i, ++n)
            ms = ms * 10 + (s[i] - '0');
        // fewer than 3 digits: scale up (".5" is 500 ms)
        std::size_t digits = 0;
        for (std::size_t i = dot + 1; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) ++digits;
        for (std::size_t n = digits; n < 3; ++n) ms *= 10;
    }
    return static_cast<int64_t>(timegm(&tm)) * 1000 + ms;
}

// UUID-shaped ids, as Coinbase's order, entry and trade ids are.
std::string uuid(const char* kind, int64_t id) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%08lld-%s-4000-8000-000000000000", static_cast<long long>(id), kind);
    return buf;
}
std::string order_uuid(int64_t id) { return uuid("0rd0", id); }
int64_t order_id_of(const std::string& uuid_text) {
    try {
        return std::stoll(uuid_text.substr(0, 8));
    } catch (const std::exception&) {
        return -1;
    }
}

const char* side_text(uint8_t s) { return s == TH_SIDE_BUY ? "BUY" : "SELL"; }

std::string status_text(const CoreOrder& o) {
    if (o.open()) return "OPEN";
    if (o.status == "FILLED") return "FILLED";
    return "CANCELLED";
}

// a / b, 0 when b is 0 (an order without fills has no average price).
th_fixed ratio(th_fixed a, th_fixed b) { return b == 0 ? 0 : tradehost::fixed_div(a, b); }

json configuration(const CoreOrder& o) {
    if (o.type == "MARKET") return json{{"market_market_ioc", {{"base_size", dec(o.qty)}}}};
    const std::string name = o.tif == "IOC" ? "sor_limit_ioc" : o.tif == "FOK" ? "limit_limit_fok" : "limit_limit_gtc";
    json inner{{"base_size", dec(o.qty)}, {"limit_price", dec(o.price)}};
    if (name == "limit_limit_gtc") inner["post_only"] = false;
    return json{{name, inner}};
}

// An order as get-order / list-orders show it.
json order_json(const CoreOrder& o) {
    return json{{"order_id", order_uuid(o.order_id)},
                {"product_id", o.symbol},
                {"user_id", "2222-000000-000000"},
                {"order_configuration", configuration(o)},
                {"side", side_text(o.side)},
                {"client_order_id", o.client_order_id},
                {"status", status_text(o)},
                {"time_in_force", o.tif == "IOC" ? "IMMEDIATE_OR_CANCEL" : "GOOD_UNTIL_CANCELLED"},
                {"created_time", rfc3339(o.time_ms)},
                {"completion_percentage", dec(o.qty > 0 ? ratio(o.executed * 100, o.qty) : 0)},
                {"filled_size", dec(o.executed)},
                {"average_filled_price", dec(ratio(o.cum_quote, o.executed))},
                {"number_of_fills", "0"},
                {"filled_value", dec(o.cum_quote)},
                {"pending_cancel", false},
                {"size_in_quote", false},
                {"total_fees", "0"},
                {"order_type", o.type},
                {"product_type", "SPOT"},
                {"reject_message", ""},
                {"cancel_message", o.status == "CANCELED" ? "User requested cancel" : ""}};
}

// The gateway answers a missing or bad JWT with a plain-text body.
Response unauthorized() {
    Response r;
    r.status = 401;
    r.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
    r.body = "Unauthorized";
    return r;
}

Response ok(const json& body) { return Response::json(200, body.dump()); }

}  // namespace

CoinbaseDouble::CoinbaseDouble(JwtCheck check) : check_(std::move(check)) {
    install_routes();
    install_streams();
}

CoinbaseDouble::~CoinbaseDouble() = default;

std::string CoinbaseDouble::rest_url() const { return server_.http_url(); }
std::string CoinbaseDouble::stream_url() const { return server_.ws_url("/"); }

void CoinbaseDouble::add_product(const std::string& product_id, const std::string& base, const std::string& quote,
                                 const std::string& price_increment, const std::string& base_increment,
                                 const std::string& base_min_size, const std::string& quote_min_size) {
    core_.add_market({product_id, base, quote, fx(price_increment), fx(base_increment), fx(base_min_size),
                      fx(quote_min_size)});
}

void CoinbaseDouble::set_balance(const std::string& currency, const std::string& amount) {
    core_.set_balance(currency, fx(amount));
}

void CoinbaseDouble::inject_429(int count) {
    server_.inject(Response::json(429, R"({"error":"RESOURCE_EXHAUSTED","code":8,"message":"Too many requests","details":[]})"),
                   count);
}

std::size_t CoinbaseDouble::user_sessions() const {
    std::lock_guard<std::mutex> lk(mu_);
    std::size_t n = 0;
    for (const auto& [id, s] : sessions_) n += s.subs.count("user:") > 0;
    return n;
}

std::size_t CoinbaseDouble::market_sessions() const {
    std::lock_guard<std::mutex> lk(mu_);
    std::size_t n = 0;
    for (const auto& [id, s] : sessions_)
        for (const auto& k : s.subs)
            if (k.rfind("ticker:", 0) == 0 || k.rfind("market_trades:", 0) == 0) {
                ++n;
                break;
            }
    return n;
}

std::vector<std::string> CoinbaseDouble::user_jwts() const {
    std::lock_guard<std::mutex> lk(mu_);
    return user_jwts_;
}

bool CoinbaseDouble::authorized(const Request& r) {
    const std::string* auth = r.header("Authorization");
    const std::string* host = r.header("Host");
    const std::string bearer = "Bearer ";
    if (!auth || !host || auth->rfind(bearer, 0) != 0 ||
        !check_(auth->substr(bearer.size()), r.method + " " + *host + r.path)) {
        ++auth_failures_;
        return false;
    }
    return true;
}

void CoinbaseDouble::install_routes() {
    const std::string api = kApi;
    server_.route("GET", api + "/products", [this](const Request& r) {
        if (!authorized(r)) return unauthorized();
        json products = json::array();
        for (const auto& m : core_.markets())
            products.push_back(json{{"product_id", m.symbol},
                                    {"price", "0"},
                                    {"base_increment", dec(m.step_size)},
                                    {"quote_increment", dec(m.tick_size)},
                                    {"price_increment", dec(m.tick_size)},
                                    {"base_min_size", dec(m.min_qty)},
                                    {"base_max_size", "1000"},
                                    {"quote_min_size", dec(m.min_notional)},
                                    {"quote_max_size", "10000000"},
                                    {"status", "online"},
                                    {"cancel_only", false},
                                    {"limit_only", false},
                                    {"post_only", false},
                                    {"trading_disabled", false},
                                    {"is_disabled", false},
                                    {"view_only", false},
                                    {"product_type", "SPOT"},
                                    {"base_currency_id", m.base},
                                    {"quote_currency_id", m.quote},
                                    {"base_display_symbol", m.base},
                                    {"quote_display_symbol", m.quote}});
        return ok(json{{"products", products}, {"num_products", products.size()}});
    });
    // available_balance is what is free, hold what open orders lock (list-accounts).
    server_.route("GET", api + "/accounts", [this](const Request& r) {
        if (!authorized(r)) return unauthorized();
        json accounts = json::array();
        int64_t n = 0;
        for (const auto& [currency, b] : core_.balances())
            accounts.push_back(json{{"uuid", uuid("acc0", ++n)},
                                    {"name", currency + " Wallet"},
                                    {"currency", currency},
                                    {"available_balance", {{"value", dec(b.free)}, {"currency", currency}}},
                                    {"default", false},
                                    {"active", true},
                                    {"created_at", "2021-05-31T09:59:59.000Z"},
                                    {"updated_at", "2021-05-31T09:59:59.000Z"},
                                    {"deleted_at", nullptr},
                                    {"type", "ACCOUNT_TYPE_CRYPTO"},
                                    {"ready", true},
                                    {"hold", {{"value", dec(b.locked)}, {"currency", currency}}}});
        return ok(json{{"accounts", accounts}, {"has_next", false}, {"cursor", ""}, {"size", accounts.size()}});
    });
    server_.route("POST", api + "/orders", [this](const Request& r) {
        if (!authorized(r)) return unauthorized();
        return create_order(r);
    });
    server_.route("POST", api + "/orders/batch_cancel", [this](const Request& r) {
        if (!authorized(r)) return unauthorized();
        return batch_cancel(r);
    });
    // historical/{order_id}, historical/batch and historical/fills share one pattern.
    server_.route("GET", api + "/orders/historical/*", [this](const Request& r) {
        if (!authorized(r)) return unauthorized();
        return historical(r);
    });
}

Response CoinbaseDouble::create_order(const Request& r) {
    ++orders_received_;
    json b = json::parse(r.body, nullptr, false);
    if (b.is_discarded() || !b.contains("order_configuration") || !b["order_configuration"].is_object() ||
        b["order_configuration"].empty())
        return Response::json(400, R"({"error":"INVALID_ARGUMENT","code":3,"message":"invalid request body","details":[]})");
    const json& cfg_all = b["order_configuration"];
    const std::string cfg_name = cfg_all.begin().key();
    const json& cfg = cfg_all.begin().value();
    CoreOrder o;
    o.symbol = b.value("product_id", "");
    o.client_order_id = b.value("client_order_id", "");
    o.side = b.value("side", "") == "BUY" ? TH_SIDE_BUY : TH_SIDE_SELL;
    o.type = cfg_name.rfind("market", 0) == 0 ? "MARKET" : cfg_name.rfind("stop_limit", 0) == 0 ? "STOP_LIMIT" : "LIMIT";
    o.tif = cfg_name == "sor_limit_ioc" ? "IOC" : cfg_name == "limit_limit_fok" ? "FOK" : "GTC";
    th_fixed v = 0;
    if (!parse_fixed(cfg.value("base_size", ""), v) || v <= 0)
        return Response::json(400, R"({"error":"INVALID_ARGUMENT","code":3,"message":"base_size is required","details":[]})");
    o.qty = v;
    if (o.type != "MARKET" && parse_fixed(cfg.value("limit_price", ""), v)) o.price = v;
    auto failure = [&](const char* error, const char* message, const char* preview) {
        return ok(json{{"success", false},
                       {"failure_reason", "UNKNOWN_FAILURE_REASON"},
                       {"order_id", ""},
                       {"error_response",
                        {{"error", error},
                         {"message", message},
                         {"error_details", ""},
                         {"preview_failure_reason", preview},
                         {"new_order_failure_reason", "UNKNOWN_FAILURE_REASON"}}},
                       {"order_configuration", cfg_all}});
    };
    auto success = [&](const CoreOrder& placed) {
        return ok(json{{"success", true},
                       {"success_response",
                        {{"order_id", order_uuid(placed.order_id)},
                         {"product_id", placed.symbol},
                         {"side", side_text(placed.side)},
                         {"client_order_id", placed.client_order_id}}},
                       {"order_configuration", cfg_all}});
    };
    switch (core_.place(o, now_ms())) {
    case PlaceError::none: break;
    case PlaceError::unknown_symbol:
        return failure("INVALID_PRODUCT_ID", "Product not found", "PREVIEW_INVALID_PRODUCT_ID");
    case PlaceError::insufficient_funds:
        return failure("INSUFFICIENT_FUND", "Insufficient balance in source account", "PREVIEW_INSUFFICIENT_FUND");
    case PlaceError::duplicate:
        // create-order: a client_order_id that is not unique returns the existing order.
        if (auto existing = core_.find_by_client_id(o.client_order_id)) return success(*existing);
        return failure("UNKNOWN_FAILURE_REASON", "duplicate client_order_id", "UNKNOWN_PREVIEW_FAILURE_REASON");
    }
    broadcast("user:", "user", user_update(o));
    return success(o);
}

Response CoinbaseDouble::batch_cancel(const Request& r) {
    json b = json::parse(r.body, nullptr, false);
    if (b.is_discarded() || !b.contains("order_ids") || !b["order_ids"].is_array())
        return Response::json(400, R"({"error":"INVALID_ARGUMENT","code":3,"message":"order_ids is required","details":[]})");
    json results = json::array();
    for (const auto& idj : b["order_ids"]) {
        const std::string id = idj.get<std::string>();
        std::optional<CoreOrder> canceled;
        for (const auto& o : core_.all_orders())
            if (o.order_id == order_id_of(id) && o.open()) canceled = core_.cancel(o.symbol, o.client_order_id, now_ms());
        if (!canceled) {
            results.push_back(json{{"success", false}, {"failure_reason", "UNKNOWN_CANCEL_ORDER"}, {"order_id", id}});
            continue;
        }
        results.push_back(json{{"success", true}, {"failure_reason", "UNKNOWN_CANCEL_FAILURE_REASON"}, {"order_id", id}});
        broadcast("user:", "user", user_update(*canceled));
    }
    return ok(json{{"results", results}});
}

Response CoinbaseDouble::historical(const Request& r) {
    const std::string what = r.segment(5);  // api v3 brokerage orders historical WHAT
    if (what == "batch") {
        const std::string* product = r.param("product_ids");
        const std::string* status = r.param("order_status");
        json orders = json::array();
        auto all = core_.all_orders();
        for (auto it = all.rbegin(); it != all.rend(); ++it) {  // newest first
            if (product && it->symbol != *product) continue;
            if (status && status_text(*it) != *status) continue;
            orders.push_back(order_json(*it));
        }
        return ok(json{{"orders", orders}, {"sequence", "0"}, {"has_next", false}, {"cursor", ""}});
    }
    if (what == "fills") {
        const std::string* product = r.param("product_ids");
        const std::string* order = r.param("order_ids");
        const std::string* start = r.param("start_sequence_timestamp");
        std::size_t limit = 100;
        if (const std::string* l = r.param("limit")) limit = std::stoul(*l);
        const int64_t since = start ? parse_rfc3339_ms(*start) : 0;
        json fills = json::array();
        std::vector<CoreTrade> trades;
        for (const auto& m : core_.markets())
            if (!product || m.symbol == *product)
                for (const auto& t : core_.trades(m.symbol, since, 0))
                    if (!order || order_id_of(*order) == t.order_id) trades.push_back(t);
        for (auto it = trades.rbegin(); it != trades.rend() && fills.size() < limit; ++it)  // newest first
            fills.push_back(json{{"entry_id", uuid("e0e0", it->id)},
                                 {"trade_id", uuid("7ade", it->id)},
                                 {"order_id", order_uuid(it->order_id)},
                                 {"trade_time", rfc3339(it->time_ms)},
                                 {"trade_type", "FILL"},
                                 {"price", dec(it->px)},
                                 {"size", dec(it->qty)},
                                 {"commission", dec(it->commission)},
                                 {"product_id", it->symbol},
                                 {"sequence_timestamp", rfc3339(it->time_ms)},
                                 {"liquidity_indicator", it->maker ? "MAKER" : "TAKER"},
                                 {"size_in_quote", false},
                                 {"user_id", "2222-000000-000000"},
                                 {"side", side_text(it->side)}});
        return ok(json{{"fills", fills}, {"cursor", ""}});
    }
    for (const auto& o : core_.all_orders())
        if (o.order_id == order_id_of(what)) return ok(json{{"order", order_json(o)}});
    return Response::json(404, R"({"error":"NOT_FOUND","error_details":"order with this orderID was not found",)"
                               R"("message":"order with this orderID was not found"})");
}

std::string CoinbaseDouble::order_update(const CoreOrder& o) const {
    // user channel order fields (websocket-channels "User Channel"): cumulative, no fill ids.
    return json{{"avg_price", dec(ratio(o.cum_quote, o.executed))},
                {"cancel_reason", o.status == "CANCELED" ? "User requested cancel" : ""},
                {"client_order_id", o.client_order_id},
                {"completion_percentage", dec(o.qty > 0 ? ratio(o.executed * 100, o.qty) : 0)},
                {"cumulative_quantity", dec(o.executed)},
                {"filled_value", dec(o.cum_quote)},
                {"leaves_quantity", dec(o.open() ? o.qty - o.executed : 0)},
                {"limit_price", dec(o.price)},
                {"number_of_fills", "0"},
                {"order_id", order_uuid(o.order_id)},
                {"order_side", side_text(o.side)},
                {"order_type", o.type == "MARKET" ? "Market" : "Limit"},
                {"product_id", o.symbol},
                {"product_type", "SPOT"},
                {"reject_reason", ""},
                {"status", status_text(o)},
                {"time_in_force", "GOOD_UNTIL_CANCELLED"},
                {"total_fees", "0"},
                {"creation_time", rfc3339(o.time_ms)}}
        .dump();
}

std::string CoinbaseDouble::user_update(const CoreOrder& o) const {
    return R"([{"type":"update","orders":[)" + order_update(o) + "]}]";
}

bool CoinbaseDouble::fill(const std::string& cid, const std::string& qty, const std::string& px) {
    auto r = core_.fill(cid, fx(qty), fx(px), now_ms());
    if (!r) return false;
    if (!missed_fills_) broadcast("user:", "user", user_update(r->first));
    return true;
}

void CoinbaseDouble::push_ticker(const std::string& product, const std::string& bid, const std::string& bid_qty,
                                 const std::string& ask, const std::string& ask_qty) {
    json t{{"type", "ticker"},          {"product_id", product},     {"price", bid},
           {"volume_24_h", "1000"},     {"low_24_h", bid},           {"high_24_h", ask},
           {"low_52_w", bid},           {"high_52_w", ask},          {"price_percent_chg_24_h", "0"},
           {"best_bid", bid},           {"best_bid_quantity", bid_qty}, {"best_ask", ask},
           {"best_ask_quantity", ask_qty}};
    broadcast("ticker:" + product, "ticker", json::array({json{{"type", "update"}, {"tickers", json::array({t})}}}).dump());
}

void CoinbaseDouble::push_trades(const std::string& product,
                                 const std::vector<std::pair<std::string, std::string>>& trades, bool buy) {
    json list = json::array();
    {
        std::lock_guard<std::mutex> lk(mu_);
        for (const auto& [px, qty] : trades)
            list.push_back(json{{"trade_id", std::to_string(++next_public_trade_)},
                                {"product_id", product},
                                {"price", px},
                                {"size", qty},
                                {"side", buy ? "BUY" : "SELL"},
                                {"time", rfc3339(now_ms())}});
    }
    broadcast("market_trades:" + product, "market_trades",
              json::array({json{{"type", "update"}, {"trades", list}}}).dump());
}

void CoinbaseDouble::push_heartbeat() {
    int64_t n;
    {
        std::lock_guard<std::mutex> lk(mu_);
        n = ++heartbeat_counter_;
    }
    broadcast("heartbeats:", "heartbeats",
              json::array({json{{"current_time", rfc3339(now_ms())}, {"heartbeat_counter", std::to_string(n)}}}).dump());
}

void CoinbaseDouble::send_to(Session& s, const std::string& channel, const std::string& events_json) {
    // Called under mu_. sequence_num counts every message of this connection.
    s.sequence += 1 + skip_.load();
    s.ws->send("{\"channel\":\"" + channel + "\",\"client_id\":\"\",\"timestamp\":\"" + rfc3339(now_ms()) +
               "\",\"sequence_num\":" + std::to_string(s.sequence) + ",\"events\":" + events_json + "}");
}

void CoinbaseDouble::broadcast(const std::string& key, const std::string& channel, const std::string& events_json) {
    std::lock_guard<std::mutex> lk(mu_);
    bool sent = false;
    for (auto& [id, s] : sessions_)
        if (s.subs.count(key)) {
            send_to(s, channel, events_json);
            sent = true;
        }
    if (sent) skip_ = 0;
}

void CoinbaseDouble::install_streams() {
    WsHandlers h;
    h.on_open = [this](const std::shared_ptr<WsSession>& s, const Request&) {
        std::lock_guard<std::mutex> lk(mu_);
        sessions_[s->id()].ws = s;
    };
    h.on_message = [this](const std::shared_ptr<WsSession>& s, std::string_view text) { on_ws_message(s, text); };
    h.on_close = [this](const std::shared_ptr<WsSession>& s) {
        std::lock_guard<std::mutex> lk(mu_);
        sessions_.erase(s->id());
    };
    server_.websocket("/", h);
}

void CoinbaseDouble::on_ws_message(const std::shared_ptr<WsSession>& ws, std::string_view text) {
    json m = json::parse(text, nullptr, false);
    if (m.is_discarded()) return;
    const std::string channel = m.value("channel", "");
    if (m.value("type", "") == "unsubscribe") {
        std::lock_guard<std::mutex> lk(mu_);
        auto it = sessions_.find(ws->id());
        if (it == sessions_.end()) return;
        for (const auto& p : m.value("product_ids", json::array())) it->second.subs.erase(channel + ":" + p.get<std::string>());
        return;
    }
    if (m.value("type", "") != "subscribe") return;
    if (channel == "level2") {
        ++level2_subscribes_;
        std::lock_guard<std::mutex> lk(mu_);
        auto it = sessions_.find(ws->id());
        if (it == sessions_.end()) return;
        for (const auto& p : m.value("product_ids", json::array())) {
            const std::string product = p.get<std::string>();
            it->second.subs.insert("level2:" + product);
            std::vector<L2> levels;
            for (const auto& [key, l] : l2_[product]) levels.push_back(l);
            send_to(it->second, "l2_data", l2_event("snapshot", product, levels));
        }
        return;
    }
    if (channel == "user") {
        // The user channel needs a valid JWT (no uri claim) in the subscribe message.
        const std::string jwt = m.value("jwt", "");
        if (jwt.empty() || !check_(jwt, "")) {
            ++auth_failures_;
            ws->send(R"({"type":"error","message":"authentication failure"})");
            return;
        }
    }
    if (channel != "user" && channel != "heartbeats" && channel != "ticker" && channel != "market_trades") {
        ws->send(R"({"type":"error","message":"Failed to subscribe: unknown channel"})");
        return;
    }
    std::vector<std::string> products;
    for (const auto& p : m.value("product_ids", json::array())) products.push_back(p.get<std::string>());
    std::lock_guard<std::mutex> lk(mu_);
    auto it = sessions_.find(ws->id());
    if (it == sessions_.end()) return;
    Session& s = it->second;
    if (channel == "user" || channel == "heartbeats") {
        s.subs.insert(channel + ":");
        if (channel == "user") user_jwts_.push_back(m.value("jwt", ""));
    } else {
        for (const auto& p : products) s.subs.insert(channel + ":" + p);
    }
    json subs = json::object();
    for (const auto& k : s.subs) {
        const auto colon = k.find(':');
        json& list = subs[k.substr(0, colon)];
        if (!list.is_array()) list = json::array();
        if (colon + 1 < k.size()) list.push_back(k.substr(colon + 1));
    }
    send_to(s, "subscriptions", json::array({json{{"subscriptions", subs}}}).dump());
    if (channel == "user") {
        json orders = json::array();
        for (const auto& o : core_.all_orders())
            if (o.open()) orders.push_back(json::parse(order_update(o)));
        send_to(s, "user", json::array({json{{"type", "snapshot"}, {"orders", orders}}}).dump());
    }
}

std::string CoinbaseDouble::l2_event(const std::string& type, const std::string& product_id,
                                     const std::vector<L2>& levels) const {
    json updates = json::array();
    const std::string now = rfc3339(now_ms());
    for (const auto& l : levels)
        updates.push_back({{"side", l.side}, {"event_time", now}, {"price_level", l.price}, {"new_quantity", l.qty}});
    return json::array({json{{"type", type}, {"product_id", product_id}, {"updates", updates}}}).dump();
}

void CoinbaseDouble::set_book(const std::string& product_id, const std::vector<L2>& levels) {
    std::lock_guard<std::mutex> lk(mu_);
    auto& book = l2_[product_id];
    book.clear();
    for (const auto& l : levels) book[{l.side, fx(l.price)}] = l;
}

void CoinbaseDouble::push_l2_update(const std::string& product_id, const std::vector<L2>& levels) {
    {
        std::lock_guard<std::mutex> lk(mu_);
        auto& book = l2_[product_id];
        for (const auto& l : levels) {
            if (fx(l.qty) == 0) book.erase({l.side, fx(l.price)});
            else book[{l.side, fx(l.price)}] = l;
        }
    }
    broadcast("level2:" + product_id, "l2_data", l2_event("update", product_id, levels));
}

}  // namespace tradehost::doubles::exchange
