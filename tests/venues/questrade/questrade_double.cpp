// Questrade loopback double (see questrade_double.hpp). Bodies follow the samples of the
// Questrade API documentation; error codes: 1017 "Access token is invalid" (401) and 1006
// "Rate limit exceeded" (429) as the adapter's brief gives them, 3139 "Invalid route" (400,
// no order created) and 3054 (HTTP 200, order created and rejected) from the error-handling
// page's samples. Codes the pages did not show (unknown symbol, unknown order) are marked.
#include "questrade/questrade_double.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>

namespace tradehost::doubles {
namespace {

using json = nlohmann::json;

int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Decimal text <-> 1e-8 units; enough for prices in tests.
int64_t e8(const std::string& s) {
    if (s.empty()) return 0;
    bool neg = s[0] == '-';
    size_t i = neg ? 1 : 0;
    int64_t whole = 0, frac = 0, scale = 10000000;
    for (; i < s.size() && s[i] != '.'; ++i) whole = whole * 10 + (s[i] - '0');
    if (i < s.size()) ++i;
    for (; i < s.size() && scale > 0; ++i, scale /= 10) frac += (s[i] - '0') * scale;
    const int64_t v = whole * 100000000 + frac;
    return neg ? -v : v;
}

std::string text(int64_t v) {
    char buf[64];
    const bool neg = v < 0;
    const int64_t a = neg ? -v : v;
    std::snprintf(buf, sizeof buf, "%s%lld.%08lld", neg ? "-" : "", static_cast<long long>(a / 100000000),
                  static_cast<long long>(a % 100000000));
    std::string s = buf;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

// Questrade writes times in Eastern time with an offset; the double uses a fixed -05:00.
std::string iso(int64_t ns) {
    const int64_t local = ns - 5LL * 3600 * 1000000000LL;
    std::time_t secs = static_cast<std::time_t>(local / 1000000000LL);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lld-05:00", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(local % 1000000000LL / 1000));
    return buf;
}

int64_t parse_iso(const std::string& s) {
    std::tm tm{};
    int frac_digits = 0;
    long long frac = 0;
    if (s.size() < 19) return 0;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                    &tm.tm_min, &tm.tm_sec) != 6)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        while (pos < s.size() && isdigit(static_cast<unsigned char>(s[pos]))) {
            if (frac_digits < 9) frac = frac * 10 + (s[pos] - '0'), ++frac_digits;
            ++pos;
        }
    }
    while (frac_digits++ < 9) frac *= 10;
    int64_t offset = 0;
    if (pos + 6 <= s.size() && (s[pos] == '+' || s[pos] == '-'))
        offset = ((s[pos + 1] - '0') * 10 + (s[pos + 2] - '0')) * 3600 + ((s[pos + 4] - '0') * 10 + (s[pos + 5] - '0')) * 60,
        offset = s[pos] == '-' ? -offset : offset;
    return (static_cast<int64_t>(timegm(&tm)) - offset) * 1000000000LL + frac;
}

std::string url_decode(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') out += ' ';
        else if (s[i] == '%' && i + 2 < s.size()) out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)), i += 2;
        else out += s[i];
    }
    return out;
}

std::map<std::string, std::string> form(const std::string& body) {
    std::map<std::string, std::string> out;
    size_t start = 0;
    while (start < body.size()) {
        size_t amp = body.find('&', start);
        if (amp == std::string::npos) amp = body.size();
        const std::string kv = body.substr(start, amp - start);
        const size_t eq = kv.find('=');
        if (eq != std::string::npos) out[url_decode(kv.substr(0, eq))] = url_decode(kv.substr(eq + 1));
        start = amp + 1;
    }
    return out;
}

Response error(int status, int code, const std::string& message) {
    return Response::json(status, json{{"code", code}, {"message", message}}.dump());
}

}  // namespace

QuestradeDouble::QuestradeDouble() { install_routes(); }
QuestradeDouble::~QuestradeDouble() = default;

std::string QuestradeDouble::token(const char* prefix) {
    // Obviously fake, unique, long enough to look like the documentation's samples.
    char buf[64];
    std::snprintf(buf, sizeof buf, "%sFAKE%08llu", prefix, static_cast<unsigned long long>(++token_seq_));
    return buf;
}

std::string QuestradeDouble::issue_refresh_token() {
    std::lock_guard<std::mutex> lk(mu_);
    std::string t = token("rt");
    refresh_tokens_[t] = true;
    return t;
}

std::string QuestradeDouble::latest_refresh_token() const {
    std::lock_guard<std::mutex> lk(mu_);
    return latest_refresh_;
}

std::vector<std::pair<std::string, bool>> QuestradeDouble::login_attempts() const {
    std::lock_guard<std::mutex> lk(mu_);
    return login_attempts_;
}

void QuestradeDouble::expire_access_tokens() {
    std::lock_guard<std::mutex> lk(mu_);
    for (auto& [t, a] : access_tokens_) a.expires = std::chrono::steady_clock::now() - std::chrono::seconds(1);
}

void QuestradeDouble::set_access_token_lifetime(std::chrono::seconds s) {
    std::lock_guard<std::mutex> lk(mu_);
    access_lifetime_ = s;
}

void QuestradeDouble::on_api_request(std::function<void(const Request&)> hook) {
    std::lock_guard<std::mutex> lk(mu_);
    hook_ = std::move(hook);
}

void QuestradeDouble::add_symbol(const std::string& symbol, int64_t symbol_id, const std::string& currency) {
    std::lock_guard<std::mutex> lk(mu_);
    Symbol& s = symbols_[symbol];
    s.symbol = symbol;
    s.id = symbol_id;
    s.currency = currency;
}

void QuestradeDouble::set_quote(const std::string& symbol, const std::string& bid, int64_t bid_size,
                                const std::string& ask, int64_t ask_size, const std::string& last, int64_t last_size) {
    std::lock_guard<std::mutex> lk(mu_);
    Symbol& s = symbols_.at(symbol);
    s.bid = bid;
    s.bid_size = bid_size;
    s.ask = ask;
    s.ask_size = ask_size;
    if (!last.empty()) {
        s.last = last;
        s.last_size = last_size;
        s.last_trade_ns = now_ns();
    }
}

void QuestradeDouble::set_buying_power(const std::string& usd) {
    std::lock_guard<std::mutex> lk(mu_);
    buying_power_e8_ = e8(usd);
}

std::vector<int64_t> QuestradeDouble::order_ids() const {
    std::lock_guard<std::mutex> lk(mu_);
    std::vector<int64_t> ids;
    for (const auto& [id, o] : orders_) ids.push_back(id);
    return ids;
}

std::string QuestradeDouble::order_state(int64_t order_id) const {
    std::lock_guard<std::mutex> lk(mu_);
    auto it = orders_.find(order_id);
    return it == orders_.end() ? std::string() : it->second.state;
}

int64_t QuestradeDouble::fill(int64_t order_id, int64_t qty, const std::string& px) {
    std::lock_guard<std::mutex> lk(mu_);
    Order& o = orders_.at(order_id);
    Execution x;
    x.id = next_exec_id_++;
    x.order_id = o.id;
    x.symbol_id = o.symbol_id;
    x.symbol = o.symbol;
    x.side = o.side;
    x.qty = qty;
    x.price = px;
    x.ts_ns = now_ns();
    executions_.push_back(x);
    o.filled += qty;
    o.fill_notional_e8 += e8(px) * qty;
    o.state = o.filled >= o.total ? "Executed" : "Partial";
    o.updated_ns = x.ts_ns;
    const int64_t notional = e8(px) * qty;
    buying_power_e8_ += o.side == "Buy" ? -notional : notional;
    return x.id;
}

void QuestradeDouble::inject_rate_limit(int count, int64_t reset_epoch_s) {
    std::lock_guard<std::mutex> lk(mu_);
    inject_429_ = count;
    inject_reset_ = reset_epoch_s;
}

void QuestradeDouble::lose_next_order_answer() {
    std::lock_guard<std::mutex> lk(mu_);
    lose_next_answer_ = true;
}

std::vector<QuestradeDouble::Seen> QuestradeDouble::api_log() const {
    std::lock_guard<std::mutex> lk(mu_);
    return log_;
}

std::string QuestradeDouble::order_json(const Order& o) const {
    // Order record (rest-operations/account-calls/accounts-id-orders).
    json j{{"id", o.id},
           {"symbol", o.symbol},
           {"symbolId", o.symbol_id},
           {"totalQuantity", o.total},
           {"openQuantity", o.state == "Canceled" || o.state == "Rejected" ? 0 : o.total - o.filled},
           {"filledQuantity", o.filled},
           {"canceledQuantity", o.canceled},
           {"side", o.side},
           {"orderType", o.type},
           {"timeInForce", o.tif},
           {"state", o.state},
           {"isAllOrNone", false},
           {"isAnonymous", false},
           {"primaryRoute", "AUTO"},
           {"secondaryRoute", "AUTO"},
           {"chainId", o.id},
           {"creationTime", iso(o.created_ns)},
           {"updateTime", iso(o.updated_ns)}};
    std::string s = j.dump();
    // Prices as JSON numbers written from their decimal text (never through a double).
    s.pop_back();
    s += ",\"limitPrice\":" + (o.limit.empty() ? std::string("null") : o.limit);
    s += ",\"stopPrice\":" + (o.stop.empty() ? std::string("null") : o.stop);
    s += ",\"avgExecPrice\":" + (o.filled ? text(o.fill_notional_e8 / o.filled) : std::string("null")) + "}";
    return s;
}

Response QuestradeDouble::login(const Request& req) {
    // GET or POST /oauth2/token?grant_type=refresh_token&refresh_token=X (security page); the
    // parameters may also come as a form body.
    auto params = form(req.body);
    for (const auto& [k, v] : req.params) params[k] = v;
    std::lock_guard<std::mutex> lk(mu_);
    const std::string presented = params["refresh_token"];
    auto it = refresh_tokens_.find(presented);
    const bool ok = params["grant_type"] == "refresh_token" && it != refresh_tokens_.end() && it->second;
    login_attempts_.emplace_back(presented, ok);
    if (!ok) {
        // A spent or unknown refresh token: Questrade answers 400 Bad Request.
        Response r;
        r.status = 400;
        r.headers = {{"Content-Type", "text/plain"}};
        r.body = "Bad Request";
        return r;
    }
    it->second = false;  // single use
    const std::string access = token("at");
    const std::string next = token("rt");
    refresh_tokens_[next] = true;
    latest_refresh_ = next;
    access_tokens_[access] = Access{std::chrono::steady_clock::now() + access_lifetime_};
    json body{{"access_token", access},
              {"token_type", "Bearer"},
              {"expires_in", access_lifetime_.count()},
              {"refresh_token", next},
              {"api_server", server_.http_url() + "/"}};
    return Response::json(200, body.dump());
}

Response QuestradeDouble::api(const Request& req, const std::function<Response(const Request&)>& handler) {
    std::function<void(const Request&)> hook;
    {
        std::lock_guard<std::mutex> lk(mu_);
        hook = hook_;
    }
    if (hook) hook(req);
    Response r = [&] {
        {
            std::lock_guard<std::mutex> lk(mu_);
            const std::string* auth = req.header("Authorization");
            const std::string prefix = "Bearer ";
            auto it = auth && auth->rfind(prefix, 0) == 0 ? access_tokens_.find(auth->substr(prefix.size()))
                                                          : access_tokens_.end();
            if (it == access_tokens_.end() || it->second.expires <= std::chrono::steady_clock::now())
                return error(401, 1017, "Access token is invalid");
            if (inject_429_ > 0) {
                --inject_429_;
                Response rl = error(429, 1006, "Rate limit exceeded");
                rl.headers = {{"Content-Type", "application/json"},
                              {"X-RateLimit-Remaining", "0"},
                              {"X-RateLimit-Reset", std::to_string(inject_reset_)}};
                return rl;
            }
        }
        Response ok = handler(req);
        const int64_t reset = now_ns() / 1000000000LL + 1;
        ok.headers.emplace_back("X-RateLimit-Remaining", "29");
        ok.headers.emplace_back("X-RateLimit-Reset", std::to_string(reset));
        return ok;
    }();
    std::lock_guard<std::mutex> lk(mu_);
    log_.push_back(Seen{req.method, req.path, std::chrono::system_clock::now(), r.status});
    return r;
}

void QuestradeDouble::install_routes() {
    auto login = [this](const Request& r) { return this->login(r); };
    server_.route("POST", "/oauth2/token", login);
    server_.route("GET", "/oauth2/token", login);

    auto route = [this](const char* method, const char* path, std::function<Response(const Request&)> h) {
        server_.route(method, path, [this, h](const Request& r) { return api(r, h); });
    };

    route("GET", "/v1/accounts", [](const Request&) {
        // rest-operations/account-calls/accounts sample.
        json a{{"type", "Margin"}, {"number", kAccount}, {"status", "Active"}, {"isPrimary", true},
               {"isBilling", true}, {"clientAccountType", "Individual"}};
        return Response::json(200, json{{"accounts", json::array({a})}, {"userId", 3000124}}.dump());
    });

    route("GET", "/v1/symbols", [this](const Request& r) {
        std::lock_guard<std::mutex> lk(mu_);
        std::string names = r.param("names") ? *r.param("names") : "";
        std::string out = "{\"symbols\":[";
        bool first = true;
        size_t start = 0;
        while (start <= names.size() && !names.empty()) {
            size_t comma = names.find(',', start);
            if (comma == std::string::npos) comma = names.size();
            auto it = symbols_.find(names.substr(start, comma - start));
            if (it != symbols_.end()) {
                json s{{"symbol", it->second.symbol}, {"symbolId", it->second.id}, {"currency", it->second.currency},
                       {"description", it->second.symbol}, {"securityType", "Stock"}, {"isTradable", true},
                       {"isQuotable", true}, {"listingExchange", "NASDAQ"}};
                out += (first ? "" : ",") + s.dump();
                first = false;
            }
            start = comma + 1;
        }
        return Response::json(200, out + "]}");
    });

    route("GET", "/v1/symbols/search", [this](const Request& r) {
        std::lock_guard<std::mutex> lk(mu_);
        const std::string prefix = r.param("prefix") ? *r.param("prefix") : "";
        json arr = json::array();
        for (const auto& [name, s] : symbols_)
            if (name.rfind(prefix, 0) == 0)
                arr.push_back({{"symbol", s.symbol}, {"symbolId", s.id}, {"description", s.symbol},
                               {"securityType", "Stock"}, {"listingExchange", "NASDAQ"}, {"isTradable", true},
                               {"isQuotable", true}, {"currency", s.currency}});
        return Response::json(200, json{{"symbols", arr}}.dump());
    });

    route("GET", "/v1/markets/quotes", [this](const Request& r) {
        std::lock_guard<std::mutex> lk(mu_);
        const std::string ids = r.param("ids") ? *r.param("ids") : "";
        std::string out = "{\"quotes\":[";
        bool first = true;
        for (const auto& [name, s] : symbols_) {
            if (("," + ids + ",").find("," + std::to_string(s.id) + ",") == std::string::npos) continue;
            // markets-quotes-id sample fields; prices written from their decimal text.
            out += std::string(first ? "" : ",") + "{\"symbol\":\"" + s.symbol + "\",\"symbolId\":" +
                   std::to_string(s.id) + ",\"tier\":\"\",\"bidPrice\":" + s.bid + ",\"bidSize\":" +
                   std::to_string(s.bid_size) + ",\"askPrice\":" + s.ask + ",\"askSize\":" + std::to_string(s.ask_size) +
                   ",\"lastTradePriceTrHrs\":" + s.last + ",\"lastTradePrice\":" + s.last + ",\"lastTradeSize\":" +
                   std::to_string(s.last_size) + ",\"lastTradeTick\":\"Equal\",\"lastTradeTime\":" +
                   (s.last_trade_ns ? "\"" + iso(s.last_trade_ns) + "\"" : std::string("null")) +
                   ",\"volume\":0,\"delay\":0,\"isHalted\":false}";
            first = false;
        }
        return Response::json(200, out + "]}");
    });

    auto list_orders = [this](const Request& r) {
        std::lock_guard<std::mutex> lk(mu_);
        if (r.segment(2) != kAccount) return error(400, 1002, "Invalid account number");  // code unconfirmed
        const std::string filter = r.param("stateFilter") ? *r.param("stateFilter") : "All";
        const std::string single = r.segment(4);
        const int64_t since = r.param("startTime") ? parse_iso(*r.param("startTime")) : 0;
        std::string out = "{\"orders\":[";
        bool first = true;
        for (const auto& [id, o] : orders_) {
            if (!single.empty() && std::to_string(id) != single) continue;
            const bool open = o.state == "Accepted" || o.state == "Partial" || o.state == "Pending";
            if ((filter == "Open" && !open) || (filter == "Closed" && open)) continue;
            if (single.empty() && o.created_ns < since) continue;
            out += (first ? "" : ",") + order_json(o);
            first = false;
        }
        if (!single.empty() && first) return error(404, 1019, "Order not found");  // code unconfirmed
        return Response::json(200, out + "]}");
    };
    route("GET", "/v1/accounts/*/orders", list_orders);
    route("GET", "/v1/accounts/*/orders/*", list_orders);

    auto place = [this](const Request& r) {
        // POST v1/accounts/:id/orders[/:orderId] (rest-operations/order-calls/accounts-id-orders).
        json b;
        try {
            b = json::parse(r.body);
        } catch (const std::exception&) {
            return error(400, 1001, "Invalid argument");  // code unconfirmed
        }
        std::lock_guard<std::mutex> lk(mu_);
        if (b.value("primaryRoute", "") != "AUTO") return error(400, 3139, "Invalid route");
        const int64_t symbol_id = b.value("symbolId", int64_t{0});
        const Symbol* sym = nullptr;
        for (const auto& [n, s] : symbols_)
            if (s.id == symbol_id) sym = &s;
        if (!sym) return error(400, 1001, "Invalid symbol id");  // code unconfirmed
        const std::string replaced = r.segment(4);
        if (!replaced.empty()) {
            auto it = orders_.find(std::stoll(replaced));
            if (it == orders_.end()) return error(404, 1019, "Order not found");
            it->second.state = "Replaced";
        }
        Order o;
        o.id = next_order_id_++;
        o.symbol_id = symbol_id;
        o.symbol = sym->symbol;
        o.total = b.value("quantity", int64_t{0});
        o.side = b.value("action", "");
        o.type = b.value("orderType", "");
        o.tif = b.value("timeInForce", "");
        if (b.contains("limitPrice") && b["limitPrice"].is_number()) o.limit = b["limitPrice"].dump();
        if (b.contains("stopPrice") && b["stopPrice"].is_number()) o.stop = b["stopPrice"].dump();
        o.created_ns = o.updated_ns = now_ns();
        o.state = "Accepted";
        const int64_t ref = o.limit.empty() ? e8(sym->ask) : e8(o.limit);
        if (o.side == "Buy" && ref * o.total > buying_power_e8_) {
            // Order-processing error: the order is created and rejected, answered 200 (error-handling).
            o.state = "Rejected";
            orders_[o.id] = o;
            return Response::json(200, "{\"code\":3054,\"message\":\"Insufficient buying power\",\"orderId\":" +
                                           std::to_string(o.id) + ",\"orders\":[" + order_json(o) + "]}");
        }
        orders_[o.id] = o;
        if (lose_next_answer_) {
            lose_next_answer_ = false;
            return error(503, 1000, "Service unavailable");  // the order exists; the answer is lost
        }
        return Response::json(200, "{\"orderId\":" + std::to_string(o.id) + ",\"orders\":[" + order_json(o) + "]}");
    };
    route("POST", "/v1/accounts/*/orders", place);
    route("POST", "/v1/accounts/*/orders/*", place);

    route("DELETE", "/v1/accounts/*/orders/*", [this](const Request& r) {
        std::lock_guard<std::mutex> lk(mu_);
        int64_t id = 0;
        try {
            id = std::stoll(r.segment(4));
        } catch (const std::exception&) {
        }
        auto it = orders_.find(id);
        if (it == orders_.end()) return error(404, 1019, "Order not found");  // code unconfirmed
        Order& o = it->second;
        if (o.state != "Accepted" && o.state != "Partial")
            return error(400, 1020, "Order cannot be canceled in its current state");  // code unconfirmed
        o.canceled = o.total - o.filled;
        o.state = o.filled ? "PartialCanceled" : "Canceled";
        o.updated_ns = now_ns();
        return Response::json(200, json{{"orderId", id}}.dump());
    });

    route("GET", "/v1/accounts/*/executions", [this](const Request& r) {
        std::lock_guard<std::mutex> lk(mu_);
        const int64_t since = r.param("startTime") ? parse_iso(*r.param("startTime")) : 0;
        std::string out = "{\"executions\":[";
        bool first = true;
        for (const Execution& x : executions_) {
            if (x.ts_ns < since) continue;
            // accounts-id-executions sample fields.
            out += std::string(first ? "" : ",") + "{\"symbol\":\"" + x.symbol + "\",\"symbolId\":" +
                   std::to_string(x.symbol_id) + ",\"quantity\":" + std::to_string(x.qty) + ",\"side\":\"" + x.side +
                   "\",\"price\":" + x.price + ",\"id\":" + std::to_string(x.id) + ",\"orderId\":" +
                   std::to_string(x.order_id) + ",\"orderChainId\":" + std::to_string(x.order_id) +
                   ",\"exchangeExecId\":\"XS" + std::to_string(x.id) + "\",\"timestamp\":\"" + iso(x.ts_ns) +
                   "\",\"notes\":\"\",\"venue\":\"LAMP\",\"totalCost\":0,\"orderPlacementCommission\":0,"
                   "\"commission\":4.95,\"executionFee\":0,\"secFee\":0,\"canadianExecutionFee\":0,\"parentId\":0}";
            first = false;
        }
        return Response::json(200, out + "]}");
    });

    route("GET", "/v1/accounts/*/positions", [this](const Request&) {
        std::lock_guard<std::mutex> lk(mu_);
        std::map<std::string, std::pair<int64_t, int64_t>> pos;  // symbol -> (qty, cost e8)
        std::map<std::string, int64_t> ids;
        for (const Execution& x : executions_) {
            auto& p = pos[x.symbol];
            const int64_t sign = x.side == "Buy" ? 1 : -1;
            p.first += sign * x.qty;
            p.second += sign * e8(x.price) * x.qty;
            ids[x.symbol] = x.symbol_id;
        }
        std::string out = "{\"positions\":[";
        bool first = true;
        for (const auto& [sym, p] : pos) {
            const std::string avg = p.first ? text(p.second / p.first) : "0";
            out += std::string(first ? "" : ",") + "{\"symbol\":\"" + sym + "\",\"symbolId\":" +
                   std::to_string(ids[sym]) + ",\"openQuantity\":" + std::to_string(p.first) +
                   ",\"closedQuantity\":0,\"currentMarketValue\":0,\"currentPrice\":0,\"averageEntryPrice\":" + avg +
                   ",\"closedPnl\":0,\"openPnl\":0,\"totalCost\":" + text(p.second) +
                   ",\"isRealTime\":false,\"isUnderReorg\":false}";
            first = false;
        }
        return Response::json(200, out + "]}");
    });

    route("GET", "/v1/accounts/*/balances", [this](const Request&) {
        std::lock_guard<std::mutex> lk(mu_);
        const std::string bp = text(buying_power_e8_);
        const std::string usd = "{\"currency\":\"USD\",\"cash\":" + bp + ",\"marketValue\":0,\"totalEquity\":" + bp +
                                ",\"buyingPower\":" + bp + ",\"maintenanceExcess\":" + bp + ",\"isRealTime\":false}";
        const std::string cad = "{\"currency\":\"CAD\",\"cash\":0,\"marketValue\":0,\"totalEquity\":0,"
                                "\"buyingPower\":0,\"maintenanceExcess\":0,\"isRealTime\":false}";
        return Response::json(200, "{\"perCurrencyBalances\":[" + cad + "," + usd + "],\"combinedBalances\":[" + cad +
                                       "," + usd + "],\"sodPerCurrencyBalances\":[],\"sodCombinedBalances\":[]}");
    });
}

}  // namespace tradehost::doubles
