// The Alpaca loopback double (see alpaca_double.hpp). Dialect sources:
//  REST   https://docs.alpaca.markets/reference/postorder, /reference/getallorders,
//         /reference/getorderbyclientorderid, /reference/deleteorderbyorderid,
//         /reference/patchorderbyorderid-1, /reference/getaccount-1,
//         /reference/getallopenpositions, /docs/account-activities; error bodies
//         {"code":40310000,"message":"insufficient buying power"} (403), 40010001 (422),
//         40410000 (404), 40110000 (401); X-RateLimit-* headers on every answer.
//  WS     https://docs.alpaca.markets/docs/websocket-streaming (trade_updates),
//         https://docs.alpaca.markets/docs/streaming-market-data (market data, error codes).
#include "alpaca/alpaca_double.hpp"

#include <tradehost/plugin.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <ctime>

namespace tradehost::doubles {

using ojson = nlohmann::ordered_json;

namespace {

int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string rfc3339(int64_t ns) {
    std::time_t s = static_cast<std::time_t>(ns / 1000000000);
    std::tm tm{};
    gmtime_r(&s, &tm);
    char buf[128];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%09lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(ns % 1000000000));
    return buf;
}

/// Activity ids are "<yyyymmddHHMMSSmmm>::<uuid>" (docs' sample TradeActivity).
std::string activity_time(int64_t ns) {
    std::time_t s = static_cast<std::time_t>(ns / 1000000000);
    std::tm tm{};
    gmtime_r(&s, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d%02d%02d%02d%03lld", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>((ns / 1000000) % 1000));
    return buf;
}

/// "2021-02-22T15:51:44.208Z" -> ns; -1 if malformed (only the UTC 'Z' form the client sends).
int64_t parse_time(const std::string& t) {
    int Y, M, D, h, m, s;
    if (std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &Y, &M, &D, &h, &m, &s) != 6) return -1;
    std::tm tm{};
    tm.tm_year = Y - 1900;
    tm.tm_mon = M - 1;
    tm.tm_mday = D;
    tm.tm_hour = h;
    tm.tm_min = m;
    tm.tm_sec = s;
    int64_t ns = static_cast<int64_t>(timegm(&tm)) * 1000000000;
    const auto dot = t.find('.');
    if (dot != std::string::npos) {
        int64_t frac = 0, digits = 0;
        for (size_t i = dot + 1; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i, ++digits)
            if (digits < 9) frac = frac * 10 + (t[i] - '0');
        for (; digits < 9; ++digits) frac *= 10;
        ns += frac;
    }
    return ns;
}

std::string uuid_like(uint32_t kind, uint64_t n) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%08x-0000-4000-8000-%012llx", kind, static_cast<unsigned long long>(n));
    return buf;
}

th_fixed fx(const std::string& s) {
    th_fixed v = 0;
    return parse_fixed(s, v) ? v : -1;
}
/// A JSON value that is a decimal string or number, as th_fixed; -1 if absent or bad.
th_fixed fx(const nlohmann::json& j, const char* key) {
    if (!j.contains(key) || j[key].is_null()) return -1;
    if (j[key].is_string()) return fx(j[key].get<std::string>());
    if (j[key].is_number()) return fx(j[key].dump());
    return -1;
}

Response error(int status, int64_t code, const std::string& message) {
    return Response::json(status, ojson{{"code", code}, {"message", message}}.dump());
}

struct DOrder {
    std::string id, client_order_id, symbol, side, type, tif, status = "new", replaces, replaced_by;
    th_fixed qty = 0, filled = 0, notional = 0, limit = 0, stop = 0;
    int64_t created = 0, updated = 0;
    bool open() const {
        return status == "new" || status == "partially_filled" || status == "accepted" || status == "pending_new";
    }
};

struct Activity {
    std::string id, order_id, symbol, side, type;
    th_fixed price = 0, qty = 0, cum = 0, leaves = 0;
    int64_t ts = 0;
};

struct DataSession {
    std::shared_ptr<WsSession> ws;
    bool authed = false;
    std::set<std::string> trades, quotes, bars;
};

ojson nullable(th_fixed v) { return v > 0 ? ojson(format_fixed(v)) : ojson(nullptr); }

}  // namespace

struct AlpacaDouble::Impl {
    std::string key, secret;
    mutable std::mutex mu;
    th_fixed buying_power = 100000 * TH_FIXED_SCALE;
    th_fixed cash = 100000 * TH_FIXED_SCALE;
    struct Reject { int status; int64_t code; std::string message; };
    std::optional<Reject> next_reject;
    std::map<std::string, DOrder> orders;        // by id
    std::map<std::string, std::string> by_coid;  // client order id -> id
    std::vector<Activity> activities;            // oldest first
    struct Pos { th_fixed qty = 0, cost = 0; };
    std::map<std::string, Pos> positions;
    uint64_t next_order = 1, next_exec = 1;
    std::map<uint64_t, std::shared_ptr<WsSession>> trade_sessions;
    std::set<uint64_t> authorized, listening;
    std::vector<std::shared_ptr<WsSession>> pending_auth;
    bool missed_mode = false;
    std::map<uint64_t, DataSession> data_sessions;
    int64_t window_start = 0;
    int window_count = 0;

    bool authed(const Request& r) const {
        const std::string* k = r.header("APCA-API-KEY-ID");
        const std::string* s = r.header("APCA-API-SECRET-KEY");
        return k && s && *k == key && *s == secret;
    }

    /// Alpaca's documented limit headers (200 requests per minute).
    Response with_limits(Response r) {
        std::lock_guard<std::mutex> lk(mu);
        const int64_t now_s = now_ns() / 1000000000;
        if (now_s >= window_start + 60) {
            window_start = now_s;
            window_count = 0;
        }
        ++window_count;
        r.headers.emplace_back("X-RateLimit-Limit", "200");
        r.headers.emplace_back("X-RateLimit-Remaining", std::to_string(window_count >= 200 ? 0 : 200 - window_count));
        r.headers.emplace_back("X-RateLimit-Reset", std::to_string(window_start + 60));
        return r;
    }

    ojson order_json(const DOrder& o) const {
        return ojson{{"id", o.id},
                     {"client_order_id", o.client_order_id},
                     {"created_at", rfc3339(o.created)},
                     {"updated_at", rfc3339(o.updated)},
                     {"submitted_at", rfc3339(o.created)},
                     {"filled_at", o.status == "filled" ? ojson(rfc3339(o.updated)) : ojson(nullptr)},
                     {"expired_at", nullptr},
                     {"canceled_at", o.status == "canceled" ? ojson(rfc3339(o.updated)) : ojson(nullptr)},
                     {"failed_at", nullptr},
                     {"replaced_at", o.status == "replaced" ? ojson(rfc3339(o.updated)) : ojson(nullptr)},
                     {"replaced_by", o.replaced_by.empty() ? ojson(nullptr) : ojson(o.replaced_by)},
                     {"replaces", o.replaces.empty() ? ojson(nullptr) : ojson(o.replaces)},
                     {"asset_id", "b0b6dd9d-8b9b-48a9-ba46-b9d54906e415"},
                     {"symbol", o.symbol},
                     {"asset_class", "us_equity"},
                     {"notional", nullptr},
                     {"qty", format_fixed(o.qty)},
                     {"filled_qty", format_fixed(o.filled)},
                     {"filled_avg_price", o.filled > 0 ? ojson(format_fixed(fixed_div(o.notional, o.filled)))
                                                       : ojson(nullptr)},
                     {"order_class", ""},
                     {"order_type", o.type},
                     {"type", o.type},
                     {"side", o.side},
                     {"time_in_force", o.tif},
                     {"limit_price", nullable(o.limit)},
                     {"stop_price", nullable(o.stop)},
                     {"status", o.status},
                     {"extended_hours", false},
                     {"legs", nullptr},
                     {"trail_percent", nullptr},
                     {"trail_price", nullptr},
                     {"hwm", nullptr}};
    }

    /// Sends a trade_updates event to every listening session (caller holds mu).
    void push_update(const std::string& event, const DOrder& o, const ojson& extra) {
        if (missed_mode) return;
        ojson data{{"event", event}};
        for (auto it = extra.begin(); it != extra.end(); ++it) data[it.key()] = it.value();
        data["order"] = order_json(o);
        if (!data.contains("timestamp")) data["timestamp"] = rfc3339(o.updated);
        const std::string text = ojson{{"stream", "trade_updates"}, {"data", data}}.dump();
        for (uint64_t id : listening) {
            auto it = trade_sessions.find(id);
            if (it != trade_sessions.end()) it->second->send_binary(text);  // paper: binary frames
        }
    }

    static const char* authorization(bool ok, const char* action) {
        if (ok) return R"({"stream":"authorization","data":{"status":"authorized","action":"authenticate"}})";
        return std::string_view(action) == "listen"
                   ? R"({"stream":"authorization","data":{"status":"unauthorized","action":"listen"}})"
                   : R"({"stream":"authorization","data":{"status":"unauthorized","action":"authenticate"}})";
    }

    // REST handlers -----------------------------------------------------------------------
    Response post_order(const Request& r);
    Response patch_order(const Request& r);
    Response delete_order(const Request& r);
    Response list_orders(const Request& r);
    Response by_client_id(const Request& r);
    Response account();
    Response list_positions();
    Response fill_activities(const Request& r);
};

Response AlpacaDouble::Impl::post_order(const Request& r) {
    nlohmann::json b = nlohmann::json::parse(r.body, nullptr, false);
    std::lock_guard<std::mutex> lk(mu);
    if (next_reject) {
        Reject rj = *next_reject;
        next_reject.reset();
        return error(rj.status, rj.code, rj.message);
    }
    if (b.is_discarded() || !b.is_object()) return error(422, 40010001, "request body format is invalid");
    DOrder o;
    o.symbol = b.value("symbol", "");
    o.side = b.value("side", "");
    o.type = b.value("type", "");
    o.tif = b.value("time_in_force", "");
    o.qty = fx(b, "qty");
    o.limit = fx(b, "limit_price");
    o.stop = fx(b, "stop_price");
    o.client_order_id = b.value("client_order_id", "");
    if (o.symbol.empty()) return error(422, 40010001, "symbol is required");
    if (o.qty <= 0) return error(422, 40010001, "qty must be > 0");
    if (o.side != "buy" && o.side != "sell") return error(422, 40010001, "invalid side");
    if (o.type != "market" && o.type != "limit" && o.type != "stop" && o.type != "stop_limit")
        return error(422, 40010001, "invalid order type");
    if (o.tif != "day" && o.tif != "gtc" && o.tif != "ioc" && o.tif != "fok" && o.tif != "opg" && o.tif != "cls")
        return error(422, 40010001, "invalid time_in_force");
    if ((o.type == "limit" || o.type == "stop_limit") && o.limit <= 0)
        return error(422, 40010001, "limit_price is required");
    if ((o.type == "stop" || o.type == "stop_limit") && o.stop <= 0)
        return error(422, 40010001, "stop_price is required");
    if (o.limit < 0) o.limit = 0;
    if (o.stop < 0) o.stop = 0;
    if (o.client_order_id.empty()) o.client_order_id = uuid_like(0xc0, next_order);
    if (by_coid.count(o.client_order_id)) return error(422, 40010001, "client_order_id must be unique");
    const th_fixed px = o.limit > 0 ? o.limit : o.stop;
    const th_fixed cost = fixed_mul(o.qty, px);
    if (o.side == "buy" && cost > buying_power) return error(403, 40310000, "insufficient buying power");
    if (o.side == "buy") buying_power -= cost;
    o.id = uuid_like(0x0a, next_order++);
    o.created = o.updated = now_ns();
    orders[o.id] = o;
    by_coid[o.client_order_id] = o.id;
    push_update("new", o, ojson::object());
    return Response::json(200, order_json(o).dump());
}

Response AlpacaDouble::Impl::patch_order(const Request& r) {
    nlohmann::json b = nlohmann::json::parse(r.body, nullptr, false);
    std::lock_guard<std::mutex> lk(mu);
    auto it = orders.find(r.segment(2));
    if (it == orders.end()) return error(404, 40410000, "order not found");
    if (next_reject) {
        Reject rj = *next_reject;
        next_reject.reset();
        return error(rj.status, rj.code, rj.message);
    }
    DOrder& old = it->second;
    if (!old.open()) return error(422, 42210000, "order is already in \"" + old.status + "\" state");
    if (b.is_discarded() || !b.is_object()) return error(422, 40010001, "request body format is invalid");
    DOrder n = old;
    n.filled = 0;
    n.notional = 0;
    n.status = "new";
    if (fx(b, "qty") > 0) n.qty = fx(b, "qty");
    if (fx(b, "limit_price") > 0) n.limit = fx(b, "limit_price");
    if (fx(b, "stop_price") > 0) n.stop = fx(b, "stop_price");
    n.client_order_id = b.value("client_order_id", uuid_like(0xc0, next_order));
    if (by_coid.count(n.client_order_id)) return error(422, 40010001, "client_order_id must be unique");
    n.id = uuid_like(0x0a, next_order++);
    n.replaces = old.id;
    n.created = n.updated = now_ns();
    old.status = "replaced";
    old.replaced_by = n.id;
    old.updated = n.created;
    orders[n.id] = n;
    by_coid[n.client_order_id] = n.id;
    push_update("replaced", orders[old.id], ojson::object());
    return Response::json(200, order_json(n).dump());
}

Response AlpacaDouble::Impl::delete_order(const Request& r) {
    std::lock_guard<std::mutex> lk(mu);
    auto it = orders.find(r.segment(2));
    if (it == orders.end()) return error(404, 40410000, "order not found");
    DOrder& o = it->second;
    if (!o.open()) return error(422, 42210000, "order is already in \"" + o.status + "\" state");
    o.status = "canceled";
    o.updated = now_ns();
    push_update("canceled", o, ojson::object());
    Response resp;
    resp.status = 204;
    return resp;
}

Response AlpacaDouble::Impl::list_orders(const Request& r) {
    const std::string* st = r.param("status");
    const std::string status = st ? *st : "open";
    std::lock_guard<std::mutex> lk(mu);
    ojson arr = ojson::array();
    for (const auto& [id, o] : orders) {
        if (status == "open" && !o.open()) continue;
        if (status == "closed" && o.open()) continue;
        arr.push_back(order_json(o));
    }
    return Response::json(200, arr.dump());
}

Response AlpacaDouble::Impl::by_client_id(const Request& r) {
    const std::string* c = r.param("client_order_id");
    std::lock_guard<std::mutex> lk(mu);
    auto it = c ? by_coid.find(*c) : by_coid.end();
    if (it == by_coid.end()) return error(404, 40410000, "order not found for " + (c ? *c : std::string()));
    return Response::json(200, order_json(orders.at(it->second)).dump());
}

Response AlpacaDouble::Impl::account() {
    std::lock_guard<std::mutex> lk(mu);
    th_fixed long_value = 0;
    for (const auto& [s, p] : positions) long_value += p.cost;
    ojson a{{"id", "1d9eed04-be39-4e01-9b84-a48ac5bbafcf"},
            {"account_number", "PALPACA_123"},
            {"status", "ACTIVE"},
            {"currency", "USD"},
            {"buying_power", format_fixed(buying_power)},
            {"regt_buying_power", format_fixed(buying_power)},
            {"cash", format_fixed(cash)},
            {"portfolio_value", format_fixed(cash + long_value)},
            {"equity", format_fixed(cash + long_value)},
            {"long_market_value", format_fixed(long_value)},
            {"short_market_value", "0"},
            {"multiplier", "1"},
            {"pattern_day_trader", false},
            {"trading_blocked", false},
            {"account_blocked", false}};
    return Response::json(200, a.dump());
}

Response AlpacaDouble::Impl::list_positions() {
    std::lock_guard<std::mutex> lk(mu);
    ojson arr = ojson::array();
    for (const auto& [sym, p] : positions) {
        if (p.qty == 0) continue;
        const th_fixed mag = p.qty < 0 ? -p.qty : p.qty;
        const th_fixed avg = fixed_div(p.cost < 0 ? -p.cost : p.cost, mag);
        arr.push_back(ojson{{"asset_id", "b0b6dd9d-8b9b-48a9-ba46-b9d54906e415"},
                            {"symbol", sym},
                            {"exchange", "NASDAQ"},
                            {"asset_class", "us_equity"},
                            {"avg_entry_price", format_fixed(avg)},
                            {"qty", format_fixed(p.qty)},
                            {"qty_available", format_fixed(p.qty)},
                            {"side", p.qty > 0 ? "long" : "short"},
                            {"market_value", format_fixed(p.cost)},
                            {"cost_basis", format_fixed(p.cost)},
                            {"unrealized_pl", "0"},
                            {"unrealized_plpc", "0"},
                            {"current_price", format_fixed(avg)},
                            {"lastday_price", format_fixed(avg)},
                            {"change_today", "0"}});
    }
    return Response::json(200, arr.dump());
}

Response AlpacaDouble::Impl::fill_activities(const Request& r) {
    const std::string* after = r.param("after");
    const std::string* token = r.param("page_token");
    const std::string* dir = r.param("direction");
    const std::string* size = r.param("page_size");
    int64_t after_ns = -1;
    if (after) {
        after_ns = parse_time(*after);
        if (after_ns < 0) return error(422, 40010001, "invalid after");
    }
    const size_t page = size ? static_cast<size_t>(std::max(1, std::atoi(size->c_str()))) : 100;
    const bool asc = dir && *dir == "asc";
    std::lock_guard<std::mutex> lk(mu);
    std::vector<const Activity*> sel;
    for (const Activity& a : activities)
        if (after_ns < 0 || a.ts > after_ns) sel.push_back(&a);
    if (!asc) std::reverse(sel.begin(), sel.end());
    size_t start = 0;
    if (token)
        for (size_t i = 0; i < sel.size(); ++i)
            if (sel[i]->id == *token) start = i + 1;
    ojson arr = ojson::array();
    for (size_t i = start; i < sel.size() && arr.size() < page; ++i) {
        const Activity& a = *sel[i];
        arr.push_back(ojson{{"activity_type", "FILL"},
                            {"cum_qty", format_fixed(a.cum)},
                            {"id", a.id},
                            {"leaves_qty", format_fixed(a.leaves)},
                            {"price", format_fixed(a.price)},
                            {"qty", format_fixed(a.qty)},
                            {"side", a.side},
                            {"symbol", a.symbol},
                            {"transaction_time", rfc3339(a.ts)},
                            {"order_id", a.order_id},
                            {"type", a.type}});
    }
    return Response::json(200, arr.dump());
}

// ---------------------------------------------------------------------------------------

AlpacaDouble::AlpacaDouble(std::string key_id, std::string secret) : impl_(std::make_unique<Impl>()) {
    impl_->key = std::move(key_id);
    impl_->secret = std::move(secret);
    Impl* d = impl_.get();
    auto guarded = [d](Response (Impl::*fn)(const Request&)) {
        return [d, fn](const Request& r) {
            if (!d->authed(r)) return d->with_limits(error(401, 40110000, "request is not authorized"));
            return d->with_limits((d->*fn)(r));
        };
    };
    server_.route("POST", "/v2/orders", guarded(&Impl::post_order));
    server_.route("GET", "/v2/orders", guarded(&Impl::list_orders));
    server_.route("GET", "/v2/orders:by_client_order_id", guarded(&Impl::by_client_id));
    server_.route("DELETE", "/v2/orders/*", guarded(&Impl::delete_order));
    server_.route("PATCH", "/v2/orders/*", guarded(&Impl::patch_order));
    server_.route("GET", "/v2/account/activities/FILL", guarded(&Impl::fill_activities));
    server_.route("GET", "/v2/account", [d](const Request& r) {
        if (!d->authed(r)) return d->with_limits(error(401, 40110000, "request is not authorized"));
        return d->with_limits(d->account());
    });
    server_.route("GET", "/v2/positions", [d](const Request& r) {
        if (!d->authed(r)) return d->with_limits(error(401, 40110000, "request is not authorized"));
        return d->with_limits(d->list_positions());
    });

    // The trade_updates connection answers in binary frames, as Alpaca's paper endpoint does
    // ("uses binary frames, which differs from the text frames" of the data stream:
    // https://docs.alpaca.markets/docs/websocket-streaming).
    WsHandlers trade;
    trade.on_open = [d](const std::shared_ptr<WsSession>& s, const Request&) {
        std::lock_guard<std::mutex> lk(d->mu);
        d->trade_sessions[s->id()] = s;
    };
    trade.on_message = [d](const std::shared_ptr<WsSession>& s, std::string_view text) {
        nlohmann::json m = nlohmann::json::parse(text, nullptr, false);
        if (m.is_discarded() || !m.is_object()) return;
        const std::string action = m.value("action", "");
        std::lock_guard<std::mutex> lk(d->mu);
        if (action == "auth") {
            const bool ok = m.value("key", "") == d->key && m.value("secret", "") == d->secret;
            if (!ok) {
                s->send_binary(Impl::authorization(false, "authenticate"));
                s->close();
                return;
            }
            d->authorized.insert(s->id());
            if (d->missed_mode) d->pending_auth.push_back(s);  // answered when the mode ends
            else s->send_binary(Impl::authorization(true, "authenticate"));
        } else if (action == "listen") {
            if (!d->authorized.count(s->id())) {
                s->send_binary(Impl::authorization(false, "listen"));
                return;
            }
            ojson streams = ojson::array();
            if (m.contains("data") && m["data"].contains("streams"))
                for (const auto& st : m["data"]["streams"])
                    if (st.is_string() && st.get<std::string>() == "trade_updates") streams.push_back("trade_updates");
            if (streams.empty()) d->listening.erase(s->id());
            else d->listening.insert(s->id());
            s->send_binary(ojson{{"stream", "listening"}, {"data", {{"streams", streams}}}}.dump());
        }
    };
    trade.on_close = [d](const std::shared_ptr<WsSession>& s) {
        std::lock_guard<std::mutex> lk(d->mu);
        d->trade_sessions.erase(s->id());
        d->authorized.erase(s->id());
        d->listening.erase(s->id());
    };
    server_.websocket("/stream", std::move(trade));

    WsHandlers data;
    data.on_open = [d](const std::shared_ptr<WsSession>& s, const Request&) {
        {
            std::lock_guard<std::mutex> lk(d->mu);
            d->data_sessions[s->id()].ws = s;
        }
        s->send(R"([{"T":"success","msg":"connected"}])");
    };
    data.on_message = [d](const std::shared_ptr<WsSession>& s, std::string_view text) {
        nlohmann::json m = nlohmann::json::parse(text, nullptr, false);
        if (m.is_discarded() || !m.is_object()) {
            s->send(R"([{"T":"error","code":400,"msg":"invalid syntax"}])");
            return;
        }
        const std::string action = m.value("action", "");
        std::lock_guard<std::mutex> lk(d->mu);
        DataSession& ds = d->data_sessions[s->id()];
        if (action == "auth") {
            if (ds.authed) {
                s->send(R"([{"T":"error","code":403,"msg":"already authenticated"}])");
            } else if (m.value("key", "") == d->key && m.value("secret", "") == d->secret) {
                ds.authed = true;
                s->send(R"([{"T":"success","msg":"authenticated"}])");
            } else {
                s->send(R"([{"T":"error","code":402,"msg":"auth failed"}])");
                s->close();
            }
        } else if (action == "subscribe" || action == "unsubscribe") {
            if (!ds.authed) {
                s->send(R"([{"T":"error","code":401,"msg":"not authenticated"}])");
                return;
            }
            auto apply = [&](const char* ch, std::set<std::string>& set) {
                if (!m.contains(ch)) return;
                for (const auto& sym : m[ch])
                    if (sym.is_string()) {
                        if (action == "subscribe") set.insert(sym.get<std::string>());
                        else set.erase(sym.get<std::string>());
                    }
            };
            apply("trades", ds.trades);
            apply("quotes", ds.quotes);
            apply("bars", ds.bars);
            ojson sub{{"T", "subscription"},
                      {"trades", ds.trades},
                      {"quotes", ds.quotes},
                      {"bars", ds.bars},
                      {"updatedBars", ojson::array()},
                      {"dailyBars", ojson::array()},
                      {"statuses", ojson::array()},
                      {"lulds", ojson::array()},
                      {"corrections", ojson::array()},
                      {"cancelErrors", ojson::array()}};
            s->send(ojson::array({sub}).dump());
        } else {
            s->send(R"([{"T":"error","code":400,"msg":"invalid syntax"}])");
        }
    };
    data.on_close = [d](const std::shared_ptr<WsSession>& s) {
        std::lock_guard<std::mutex> lk(d->mu);
        d->data_sessions.erase(s->id());
    };
    server_.websocket("/v2/iex", std::move(data));
}

AlpacaDouble::~AlpacaDouble() = default;

void AlpacaDouble::set_buying_power(const std::string& amount) {
    std::lock_guard<std::mutex> lk(impl_->mu);
    impl_->buying_power = fx(amount);
}

void AlpacaDouble::reject_next_with(int status, int64_t code, const std::string& message) {
    std::lock_guard<std::mutex> lk(impl_->mu);
    impl_->next_reject = Impl::Reject{status, code, message};
}

bool AlpacaDouble::fill(const std::string& coid, const std::string& qty_text, const std::string& px_text) {
    std::lock_guard<std::mutex> lk(impl_->mu);
    Impl& d = *impl_;
    auto idit = d.by_coid.find(coid);
    if (idit == d.by_coid.end()) return false;
    DOrder& o = d.orders.at(idit->second);
    const th_fixed qty = fx(qty_text), px = fx(px_text);
    if (!o.open() || qty <= 0 || px <= 0 || o.filled + qty > o.qty) return false;
    o.filled += qty;
    o.notional += fixed_mul(qty, px);
    o.status = o.filled == o.qty ? "filled" : "partially_filled";
    o.updated = now_ns();
    const std::string exec_id = uuid_like(0xe0, d.next_exec++);
    Activity a;
    a.id = activity_time(o.updated) + "::" + exec_id;
    a.order_id = o.id;
    a.symbol = o.symbol;
    a.side = o.side;
    a.type = o.status == "filled" ? "fill" : "partial_fill";
    a.price = px;
    a.qty = qty;
    a.cum = o.filled;
    a.leaves = o.qty - o.filled;
    a.ts = o.updated;
    d.activities.push_back(a);
    Impl::Pos& p = d.positions[o.symbol];
    const th_fixed signed_qty = o.side == "buy" ? qty : -qty;
    p.qty += signed_qty;
    p.cost += o.side == "buy" ? fixed_mul(qty, px) : -fixed_mul(qty, px);
    d.cash -= o.side == "buy" ? fixed_mul(qty, px) : -fixed_mul(qty, px);
    d.push_update(a.type, o,
                  ojson{{"execution_id", exec_id},
                        {"position_qty", format_fixed(p.qty)},
                        {"price", format_fixed(px)},
                        {"qty", format_fixed(qty)},
                        {"timestamp", rfc3339(o.updated)}});
    return true;
}

std::string AlpacaDouble::order_id(const std::string& coid) const {
    std::lock_guard<std::mutex> lk(impl_->mu);
    auto it = impl_->by_coid.find(coid);
    return it == impl_->by_coid.end() ? "" : it->second;
}

std::string AlpacaDouble::order_status(const std::string& coid) const {
    std::lock_guard<std::mutex> lk(impl_->mu);
    auto it = impl_->by_coid.find(coid);
    return it == impl_->by_coid.end() ? "" : impl_->orders.at(it->second).status;
}

std::size_t AlpacaDouble::order_count() const {
    std::lock_guard<std::mutex> lk(impl_->mu);
    return impl_->orders.size();
}

void AlpacaDouble::drop_streams() { server_.drop_all_streams(); }

void AlpacaDouble::set_missed_fill_mode(bool on) {
    std::lock_guard<std::mutex> lk(impl_->mu);
    impl_->missed_mode = on;
    if (on) return;
    for (auto& s : impl_->pending_auth)
        if (impl_->trade_sessions.count(s->id())) s->send_binary(Impl::authorization(true, "authenticate"));
    impl_->pending_auth.clear();
}

std::size_t AlpacaDouble::listening_sessions() const {
    std::lock_guard<std::mutex> lk(impl_->mu);
    return impl_->listening.size();
}

std::size_t AlpacaDouble::subscribed_data_sessions() const {
    std::lock_guard<std::mutex> lk(impl_->mu);
    std::size_t n = 0;
    for (const auto& [id, s] : impl_->data_sessions)
        if (!s.trades.empty() || !s.quotes.empty() || !s.bars.empty()) ++n;
    return n;
}

std::set<std::string> AlpacaDouble::data_subscriptions(const std::string& channel) const {
    std::lock_guard<std::mutex> lk(impl_->mu);
    std::set<std::string> out;
    for (const auto& [id, s] : impl_->data_sessions) {
        const auto& set = channel == "trades" ? s.trades : channel == "quotes" ? s.quotes : s.bars;
        out.insert(set.begin(), set.end());
    }
    return out;
}

namespace {
th_fixed num(const std::string& s) { return fx(s); }
}  // namespace

void AlpacaDouble::push_quote(const std::string& symbol, const std::string& bid_px, int64_t bid_size,
                              const std::string& ask_px, int64_t ask_size, const std::string& t) {
    std::lock_guard<std::mutex> lk(impl_->mu);
    // Numbers as JSON numbers, as the stream sends them.
    const std::string text = "[{\"T\":\"q\",\"S\":" + ojson(symbol).dump() + ",\"bx\":\"U\",\"bp\":" +
                             format_fixed(num(bid_px)) + ",\"bs\":" + std::to_string(bid_size) +
                             ",\"ax\":\"Q\",\"ap\":" + format_fixed(num(ask_px)) + ",\"as\":" +
                             std::to_string(ask_size) + ",\"t\":\"" + t + "\",\"c\":[\"R\"],\"z\":\"C\"}]";
    for (auto& [id, s] : impl_->data_sessions)
        if (s.quotes.count(symbol) || s.quotes.count("*")) s.ws->send(text);
}

void AlpacaDouble::push_trade(const std::string& symbol, int64_t trade_id, const std::string& px, int64_t size,
                              const std::string& t) {
    std::lock_guard<std::mutex> lk(impl_->mu);
    const std::string text = "[{\"T\":\"t\",\"i\":" + std::to_string(trade_id) + ",\"S\":" + ojson(symbol).dump() +
                             ",\"x\":\"D\",\"p\":" + format_fixed(num(px)) + ",\"s\":" + std::to_string(size) +
                             ",\"t\":\"" + t + "\",\"c\":[\"@\",\"I\"],\"z\":\"C\"}]";
    for (auto& [id, s] : impl_->data_sessions)
        if (s.trades.count(symbol) || s.trades.count("*")) s.ws->send(text);
}

void AlpacaDouble::push_bar(const std::string& symbol, const std::string& o, const std::string& h,
                            const std::string& l, const std::string& c, int64_t volume, const std::string& t) {
    std::lock_guard<std::mutex> lk(impl_->mu);
    const std::string text = "[{\"T\":\"b\",\"S\":" + ojson(symbol).dump() + ",\"o\":" + format_fixed(num(o)) +
                             ",\"h\":" + format_fixed(num(h)) + ",\"l\":" + format_fixed(num(l)) +
                             ",\"c\":" + format_fixed(num(c)) + ",\"v\":" + std::to_string(volume) + ",\"t\":\"" + t +
                             "\",\"n\":16,\"vw\":" + format_fixed(num(c)) + "}]";
    for (auto& [id, s] : impl_->data_sessions)
        if (s.bars.count(symbol) || s.bars.count("*")) s.ws->send(text);
}

void AlpacaDouble::push_data_raw(const std::string& text) {
    std::lock_guard<std::mutex> lk(impl_->mu);
    for (auto& [id, s] : impl_->data_sessions) s.ws->send(text);
}

}  // namespace tradehost::doubles
