// Kraken spot loopback double (see kraken_double.hpp). Bodies follow the examples of the Kraken
// Spot docs (docs.kraken.com): guides/spot-rest-auth (API-Sign), rest api-reference pages
// (AssetPairs, Ticker, Depth, AddOrder, CancelOrder, OpenOrders, QueryOrders, TradesHistory,
// Balance, GetWebSocketsToken), errors (error list, HTTP 200) and websocket-v2 (ticker, trade,
// executions).
#include "kraken_double.hpp"

#include <tradehost/plugin.hpp>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace tradehost::doubles::exchange {
namespace {

using nlohmann::json;

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

// Kraken REST times are seconds with a fraction (1688666559.8974).
std::string seconds(int64_t ms) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ms / 1000), static_cast<long long>(ms % 1000));
    return buf;
}

std::string rfc3339(int64_t ms) {
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03lld000Z", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(ms % 1000));
    return buf;
}

Response ok(json result) { return Response::json(200, json{{"error", json::array()}, {"result", std::move(result)}}.dump()); }
// Kraken answers errors with HTTP 200 and the error list (docs: api-reference errors).
Response fail(const std::string& error) {
    return Response::json(200, json{{"error", json::array({error})}, {"result", json::object()}}.dump());
}

std::string txid(int64_t order_id) { return "O" + std::to_string(order_id) + "-DBLKR-KRAKEN"; }
std::string trade_txid(int64_t trade_id) { return "T" + std::to_string(trade_id) + "-DBLKR-TRADES"; }
int64_t order_id_of(const std::string& tx) {
    if (tx.size() < 2 || tx[0] != 'O') return -1;
    try {
        return std::stoll(tx.substr(1));
    } catch (const std::exception&) {
        return -1;
    }
}

std::string url_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::map<std::string, std::string> decode_form(std::string_view body) {
    std::map<std::string, std::string> out;
    std::size_t pos = 0;
    while (pos < body.size()) {
        std::size_t amp = body.find('&', pos);
        if (amp == std::string_view::npos) amp = body.size();
        std::string_view kv = body.substr(pos, amp - pos);
        std::size_t eq = kv.find('=');
        if (eq != std::string_view::npos) out[url_decode(kv.substr(0, eq))] = url_decode(kv.substr(eq + 1));
        pos = amp + 1;
    }
    return out;
}

std::string b64_encode(const unsigned char* data, std::size_t len) {
    std::string out(4 * ((len + 2) / 3), '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(len));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string b64_decode(const std::string& text) {
    std::string out(3 * text.size() / 4 + 3, '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (n < 0) return {};
    std::size_t pad = 0;
    if (!text.empty() && text.back() == '=') ++pad;
    if (text.size() > 1 && text[text.size() - 2] == '=') ++pad;
    out.resize(static_cast<std::size_t>(n) - pad);
    return out;
}

// guides/spot-rest-auth: HMAC-SHA512 of (URI path + SHA256(nonce + POST data)) with the
// base64-decoded secret, base64-encoded.
std::string kraken_sign(const std::string& secret_b64, const std::string& path, const std::string& nonce,
                        const std::string& body) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    const std::string inner = nonce + body;
    SHA256(reinterpret_cast<const unsigned char*>(inner.data()), inner.size(), digest);
    std::string message = path + std::string(reinterpret_cast<const char*>(digest), sizeof digest);
    const std::string key = b64_decode(secret_b64);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha512(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
         message.size(), md, &len);
    return b64_encode(md, len);
}

th_fixed notional(th_fixed px, th_fixed qty) {
    __extension__ using wide = __int128;
    return static_cast<th_fixed>(static_cast<wide>(px) * qty / TH_FIXED_SCALE);
}

const char* side_text(uint8_t s) { return s == TH_SIDE_BUY ? "buy" : "sell"; }

// Kraken's order status texts for the core's.
std::string rest_status(const CoreOrder& o) {
    if (o.status == "NEW" || o.status == "PARTIALLY_FILLED") return "open";
    if (o.status == "FILLED") return "closed";
    return "canceled";
}
std::string ws_status(const CoreOrder& o) {
    if (o.status == "NEW") return "new";
    if (o.status == "PARTIALLY_FILLED") return "partially_filled";
    if (o.status == "FILLED") return "filled";
    return "canceled";
}

std::string v2_asset(const std::string& a) { return a == "XBT" ? "BTC" : a == "XDG" ? "DOGE" : a; }

}  // namespace

KrakenDouble::KrakenDouble(std::string api_key, std::string api_secret)
    : api_key_(std::move(api_key)), api_secret_(std::move(api_secret)),
      // Shaped like the docs' example token (base64 text).
      token_("WW91ciBhdXRoZW50aWNhdGlvbiB0b2tlbiBnb2VzIGhlcmUu") {
    install_routes();
    install_streams();
}

KrakenDouble::~KrakenDouble() = default;

std::string KrakenDouble::rest_url() const { return server_.http_url(); }
std::string KrakenDouble::stream_url() const { return server_.ws_url("/v2"); }

void KrakenDouble::add_pair(const std::string& rest_key, const std::string& altname, const std::string& wsname,
                            const std::string& base, const std::string& quote, const std::string& tick,
                            int lot_decimals, const std::string& ordermin, const std::string& costmin) {
    th_fixed step = TH_FIXED_SCALE;
    for (int i = 0; i < lot_decimals; ++i) step /= 10;
    core_.add_market({altname, base, quote, fx(tick), step, fx(ordermin), fx(costmin)});
    const auto slash = wsname.find('/');
    std::lock_guard<std::mutex> lk(mu_);
    pairs_.push_back({rest_key, altname, wsname, v2_asset(wsname.substr(0, slash)) + "/" + v2_asset(wsname.substr(slash + 1))});
}

void KrakenDouble::set_balance(const std::string& asset, const std::string& amount) { core_.set_balance(asset, fx(amount)); }

void KrakenDouble::inject_rate_limit(int count) { server_.inject(fail("EAPI:Rate limit exceeded"), count); }

std::size_t KrakenDouble::execution_sessions() const {
    std::lock_guard<std::mutex> lk(mu_);
    return exec_sessions_.size();
}
std::size_t KrakenDouble::market_sessions() const {
    std::lock_guard<std::mutex> lk(mu_);
    return market_subs_.size();
}

std::optional<KrakenDouble::Pair> KrakenDouble::pair_by_alt(const std::string& alt) const {
    std::lock_guard<std::mutex> lk(mu_);
    for (const auto& p : pairs_)
        if (p.altname == alt || p.rest_key == alt) return p;
    return std::nullopt;
}
std::optional<KrakenDouble::Pair> KrakenDouble::pair_by_v2(const std::string& v2) const {
    std::lock_guard<std::mutex> lk(mu_);
    for (const auto& p : pairs_)
        if (p.v2 == v2) return p;
    return std::nullopt;
}

std::optional<Response> KrakenDouble::check_private(const Request& r, std::map<std::string, std::string>& form) {
    form = decode_form(r.body);
    const std::string* key = r.header("API-Key");
    const std::string* sig = r.header("API-Sign");
    if (!key || *key != api_key_) {
        ++auth_failures_;
        return fail("EAPI:Invalid key");
    }
    auto nonce = form.find("nonce");
    if (!sig || nonce == form.end() || kraken_sign(api_secret_, r.path, nonce->second, r.body) != *sig) {
        ++auth_failures_;
        return fail("EAPI:Invalid signature");
    }
    std::lock_guard<std::mutex> lk(mu_);
    const int64_t n = std::stoll(nonce->second);
    if (n <= last_nonce_) {
        ++auth_failures_;
        return fail("EAPI:Invalid nonce");
    }
    last_nonce_ = n;
    return std::nullopt;
}

namespace {

json order_json(const CoreOrder& o) {
    const std::string type = o.type;
    return json{{"refid", nullptr},
                {"userref", 0},
                {"cl_ord_id", o.client_order_id},
                {"status", rest_status(o)},
                {"opentm", std::stod(seconds(o.time_ms))},
                {"starttm", 0},
                {"expiretm", 0},
                {"descr",
                 {{"pair", o.symbol},
                  {"type", side_text(o.side)},
                  {"ordertype", type},
                  {"price", dec(o.price)},
                  {"price2", "0"},
                  {"leverage", "none"},
                  {"order", std::string(side_text(o.side)) + " " + dec(o.qty) + " " + o.symbol + " @ " + type + " " +
                                dec(o.price)},
                  {"close", ""}}},
                {"vol", dec(o.qty)},
                {"vol_exec", dec(o.executed)},
                {"cost", dec(o.cum_quote)},
                {"fee", "0.00000"},
                {"price", o.executed > 0 ? dec(o.price) : "0.00000"},
                {"stopprice", dec(o.stop_price)},
                {"limitprice", "0.00000"},
                {"misc", ""},
                {"oflags", "fciq"}};
}

}  // namespace

void KrakenDouble::lose_next_add_order_answer(int status, std::string fill_px) {
    std::lock_guard<std::mutex> lk(mu_);
    lost_answer_status_ = status;
    lost_answer_fill_px_ = std::move(fill_px);
}

bool KrakenDouble::cancel(const std::string& cid) {
    auto found = core_.find_by_client_id(cid);
    if (!found || !found->open()) return false;
    auto canceled = core_.cancel(found->symbol, cid, now_ms());
    if (!canceled) return false;
    if (!missed_fills_) send_executions(execution(*canceled, "canceled", nullptr));
    return true;
}

Response KrakenDouble::add_order(const std::map<std::string, std::string>& form) {
    Response answer = place_order(form);
    int lost = 0;
    std::string fill_px;
    {
        std::lock_guard<std::mutex> lk(mu_);
        std::swap(lost, lost_answer_status_);
        std::swap(fill_px, lost_answer_fill_px_);
    }
    if (lost == 0) return answer;
    auto cid = form.find("cl_ord_id");
    if (!fill_px.empty() && cid != form.end()) {
        if (auto o = core_.find_by_client_id(cid->second); o && o->open())
            fill(cid->second, dec(o->qty - o->executed), fill_px);
    }
    return Response::json(lost, R"({"error":["EService:Unavailable"]})");
}

namespace {
bool valid_cl_ord_id(const std::string& id) {
    if (id.size() <= 18) return true;  // free text (empty: none given)
    // A long UUID (8-4-4-4-12 hex) or a short one (32 hex digits, no hyphens).
    const bool with_dashes = id.size() == 36;
    if (!with_dashes && id.size() != 32) return false;
    for (std::size_t i = 0; i < id.size(); ++i) {
        const bool dash = with_dashes && (i == 8 || i == 13 || i == 18 || i == 23);
        const char c = id[i];
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (dash ? c != '-' : !hex) return false;
    }
    return true;
}
}  // namespace

Response KrakenDouble::place_order(const std::map<std::string, std::string>& form) {
    ++orders_received_;
    auto get = [&](const char* k) -> std::string {
        auto it = form.find(k);
        return it == form.end() ? std::string() : it->second;
    };
    auto pair = pair_by_alt(get("pair"));
    if (!pair) return fail("EQuery:Unknown asset pair");
    CoreOrder o;
    o.symbol = pair->altname;
    o.client_order_id = get("cl_ord_id");
    // cl_ord_id: a UUID (long or short) or free text of at most 18 characters (guides/spot-clordid).
    if (!valid_cl_ord_id(o.client_order_id)) return fail("EGeneral:Invalid arguments:cl_ord_id");
    o.side = get("type") == "buy" ? TH_SIDE_BUY : TH_SIDE_SELL;
    o.type = get("ordertype");
    o.tif = get("timeinforce");
    th_fixed v = 0;
    if (!parse_fixed(get("volume"), v) || v <= 0) return fail("EGeneral:Invalid arguments:volume");
    o.qty = v;
    if (o.type == "limit") {
        if (!parse_fixed(get("price"), v)) return fail("EGeneral:Invalid arguments:price");
        o.price = v;
    }
    switch (core_.place(o, now_ms())) {
    case PlaceError::none: break;
    case PlaceError::unknown_symbol: return fail("EQuery:Unknown asset pair");
    // cl_ord_id must be unique among open orders (guides/spot-clordid).
    case PlaceError::duplicate: return fail("EOrder:Duplicate cl_ord_id");
    case PlaceError::insufficient_funds: return fail("EOrder:Insufficient funds");
    }
    send_executions(execution(o, "new", nullptr));
    return ok(json{{"descr", {{"order", std::string(side_text(o.side)) + " " + dec(o.qty) + " " + o.symbol + " @ " +
                                             o.type + " " + dec(o.price)}}},
                   {"txid", json::array({txid(o.order_id)})}});
}

Response KrakenDouble::cancel_order(const std::map<std::string, std::string>& form) {
    std::string cid;
    if (auto it = form.find("cl_ord_id"); it != form.end()) cid = it->second;
    if (cid.empty()) {
        if (auto it = form.find("txid"); it != form.end()) {
            const int64_t id = order_id_of(it->second);
            for (const auto& m : core_.markets())
                for (const auto& o : core_.open_orders(m.symbol))
                    if (o.order_id == id) cid = o.client_order_id;
        }
    }
    auto found = core_.find_by_client_id(cid);
    if (!found || !found->open()) return fail("EOrder:Unknown order");
    auto canceled = core_.cancel(found->symbol, cid, now_ms());
    if (!canceled) return fail("EOrder:Unknown order");
    send_executions(execution(*canceled, "canceled", nullptr));
    return ok(json{{"count", 1}});
}

void KrakenDouble::install_routes() {
    server_.route("GET", "/0/public/AssetPairs", [this](const Request&) {
        json result = json::object();
        std::vector<Pair> pairs;
        {
            std::lock_guard<std::mutex> lk(mu_);
            pairs = pairs_;
        }
        for (const auto& p : pairs) {
            auto m = core_.market(p.altname);
            int lot_decimals = 0;
            for (th_fixed s = m->step_size; s < TH_FIXED_SCALE; s *= 10) ++lot_decimals;
            result[p.rest_key] = json{{"altname", p.altname},     {"wsname", p.wsname},
                                      {"aclass_base", "currency"}, {"base", m->base},
                                      {"aclass_quote", "currency"}, {"quote", m->quote},
                                      {"lot", "unit"},            {"cost_decimals", 5},
                                      {"pair_decimals", 1},       {"lot_decimals", lot_decimals},
                                      {"lot_multiplier", 1},      {"ordermin", dec(m->min_qty)},
                                      {"costmin", dec(m->min_notional)}, {"tick_size", dec(m->tick_size)},
                                      {"status", "online"}};
        }
        return ok(result);
    });
    server_.route("GET", "/0/public/Ticker", [this](const Request& r) {
        const std::string* name = r.param("pair");
        auto pair = name ? pair_by_alt(*name) : std::nullopt;
        if (!pair) return fail("EQuery:Unknown asset pair");
        Book b;
        {
            std::lock_guard<std::mutex> lk(mu_);
            b = books_[pair->altname];
        }
        return ok(json{{pair->rest_key,
                        {{"a", {b.ask, "1", b.ask_qty}}, {"b", {b.bid, "1", b.bid_qty}}, {"c", {b.bid, "0.001"}}}}});
    });
    server_.route("GET", "/0/public/Depth", [this](const Request& r) {
        const std::string* name = r.param("pair");
        auto pair = name ? pair_by_alt(*name) : std::nullopt;
        if (!pair) return fail("EQuery:Unknown asset pair");
        Book b;
        {
            std::lock_guard<std::mutex> lk(mu_);
            b = books_[pair->altname];
        }
        const int64_t t = now_ms() / 1000;
        return ok(json{{pair->rest_key,
                        {{"asks", json::array({json::array({b.ask, b.ask_qty, t})})},
                         {"bids", json::array({json::array({b.bid, b.bid_qty, t})})}}}});
    });

    auto priv = [this](std::string path, std::function<Response(const std::map<std::string, std::string>&)> fn) {
        server_.route("POST", path, [this, fn](const Request& r) {
            std::map<std::string, std::string> form;
            if (auto bad = check_private(r, form)) return *bad;
            return fn(form);
        });
    };
    priv("/0/private/AddOrder", [this](const auto& f) { return add_order(f); });
    priv("/0/private/CancelOrder", [this](const auto& f) { return cancel_order(f); });
    priv("/0/private/OpenOrders", [this](const auto& f) {
        json open = json::object();
        auto cid = f.find("cl_ord_id");
        for (const auto& m : core_.markets())
            for (const auto& o : core_.open_orders(m.symbol))
                if (cid == f.end() || cid->second == o.client_order_id) open[txid(o.order_id)] = order_json(o);
        return ok(json{{"open", open}});
    });
    priv("/0/private/QueryOrders", [this](const auto& f) {
        auto ids = f.find("txid");
        if (ids == f.end()) return fail("EGeneral:Invalid arguments");
        json result = json::object();
        std::size_t pos = 0;
        const std::string& list = ids->second;
        while (pos <= list.size()) {
            std::size_t comma = list.find(',', pos);
            if (comma == std::string::npos) comma = list.size();
            const std::string tx = list.substr(pos, comma - pos);
            pos = comma + 1;
            const int64_t id = order_id_of(tx);
            bool found = false;
            // Open and closed orders alike (api-reference account-data/query-orders-info).
            for (const auto& o : core_.all_orders())
                if (o.order_id == id) {
                    result[tx] = order_json(o);
                    found = true;
                }
            if (!found) return fail("EOrder:Invalid order");
        }
        return ok(result);
    });
    // Orders that are no longer open, newest first, optionally filtered by cl_ord_id
    // (api-reference account-data/get-closed-orders: {"closed":{TXID:{...}},"count":N}).
    priv("/0/private/ClosedOrders", [this](const auto& f) {
        json closed = json::object();
        auto cid = f.find("cl_ord_id");
        int count = 0;
        for (const auto& o : core_.all_orders()) {
            if (o.open() || (cid != f.end() && cid->second != o.client_order_id)) continue;
            json j = order_json(o);
            j["closetm"] = std::stod(seconds(o.update_ms));
            j["reason"] = o.status == "CANCELED" ? json("User requested") : json(nullptr);
            closed[txid(o.order_id)] = std::move(j);
            ++count;
        }
        return ok(json{{"closed", closed}, {"count", count}});
    });
    priv("/0/private/TradesHistory", [this](const auto& f) {
        int64_t start_ms = 0;
        if (auto s = f.find("start"); s != f.end()) start_ms = std::stoll(s->second) * 1000;
        json trades = json::object();
        int count = 0;
        for (const auto& m : core_.markets()) {
            auto pair = pair_by_alt(m.symbol);
            for (const auto& t : core_.trades(m.symbol, start_ms, 0)) {
                trades[trade_txid(t.id)] = json{{"ordertxid", txid(t.order_id)},
                                                {"postxid", "TKH2SE-M7IF5-CFI7LT"},
                                                {"pair", pair ? pair->rest_key : m.symbol},
                                                {"time", std::stod(seconds(t.time_ms))},
                                                {"type", side_text(t.side)},
                                                {"ordertype", "limit"},
                                                {"price", dec(t.px)},
                                                {"cost", dec(notional(t.px, t.qty))},
                                                {"fee", dec(t.commission)},
                                                {"vol", dec(t.qty)},
                                                {"margin", "0.00000"},
                                                {"misc", ""},
                                                {"trade_id", t.id},
                                                {"maker", t.maker}};
                ++count;
            }
        }
        return ok(json{{"trades", trades}, {"count", count}});
    });
    // Balance is the total per asset, locked funds included (api-reference Balance).
    priv("/0/private/Balance", [this](const auto&) {
        json result = json::object();
        for (const auto& [asset, b] : core_.balances()) result[asset] = dec(b.free + b.locked);
        return ok(result);
    });
    priv("/0/private/GetWebSocketsToken",
         [this](const auto&) { return ok(json{{"token", token_}, {"expires", 900}}); });
}

void KrakenDouble::install_streams() {
    WsHandlers h;
    h.on_open = [](const std::shared_ptr<WsSession>& s, const Request&) {
        s->send(json{{"channel", "status"},
                     {"type", "update"},
                     {"data", json::array({{{"api_version", "v2"}, {"connection_id", s->id()}, {"system", "online"},
                                            {"version", "2.0.0"}}})}}.dump());
    };
    h.on_message = [this](const std::shared_ptr<WsSession>& s, std::string_view text) { on_ws_message(s, text); };
    h.on_close = [this](const std::shared_ptr<WsSession>& s) {
        std::lock_guard<std::mutex> lk(mu_);
        exec_sessions_.erase(s->id());
        market_subs_.erase(s->id());
    };
    server_.websocket("/v2", h);
}

void KrakenDouble::on_ws_message(const std::shared_ptr<WsSession>& s, std::string_view text) {
    json m = json::parse(text, nullptr, false);
    if (m.is_discarded() || !m.contains("params")) return;
    const json& p = m["params"];
    const std::string channel = p.value("channel", "");
    if (m.value("method", "") == "unsubscribe" && channel == "book") {
        std::lock_guard<std::mutex> lk(mu_);
        for (const auto& sym : p.value("symbol", json::array())) market_subs_[s->id()].erase("book:" + sym.get<std::string>());
        s->send(json{{"method", "unsubscribe"}, {"success", true}, {"result", {{"channel", "book"}}}}.dump());
        return;
    }
    if (m.value("method", "") != "subscribe") return;
    if (channel == "book") {
        book_subscribes_++;
        for (const auto& sym : p.value("symbol", json::array())) {
            const std::string v2 = sym.get<std::string>();
            std::string snap;
            {
                std::lock_guard<std::mutex> lk(mu_);
                market_subs_[s->id()].insert("book:" + v2);
                snap = book_json(v2, "snapshot", nullptr, nullptr, false);
            }
            s->send(json{{"method", "subscribe"}, {"success", true},
                         {"result", {{"channel", "book"}, {"symbol", v2}, {"depth", p.value("depth", 10)}, {"snapshot", true}}}}
                        .dump());
            s->send(snap);
        }
        return;
    }
    const std::string now = rfc3339(now_ms());
    auto answer = [&](json result, bool success, const std::string& error) {
        json a{{"method", "subscribe"}, {"success", success}, {"time_in", now}, {"time_out", now}};
        if (success) a["result"] = std::move(result);
        else a["error"] = error;
        s->send(a.dump());
    };
    if (channel == "executions") {
        if (p.value("token", "") != token_) return answer({}, false, "EAccount:Invalid permissions");
        {
            std::lock_guard<std::mutex> lk(mu_);
            exec_sessions_.insert(s->id());
        }
        answer({{"channel", "executions"}, {"maxratecount", 180}, {"ratecounter", 0}, {"snapshot", true},
                {"warnings", json::array()}},
               true, "");
        std::string data;
        for (const auto& mk : core_.markets())
            for (const auto& o : core_.open_orders(mk.symbol)) data += (data.empty() ? "" : ",") + execution(o, "", nullptr);
        s->send(R"({"channel":"executions","type":"snapshot","data":[)" + data + "],\"sequence\":" +
                std::to_string(++sequence_) + "}");
        return;
    }
    if (channel != "ticker" && channel != "trade") return answer({}, false, "EGeneral:Invalid arguments");
    for (const auto& sym : p.value("symbol", json::array())) {
        const std::string v2 = sym.get<std::string>();
        if (!pair_by_v2(v2)) {
            answer({}, false, "EGeneral:Invalid arguments:Currency pair not supported " + v2);
            continue;
        }
        {
            std::lock_guard<std::mutex> lk(mu_);
            market_subs_[s->id()].insert(channel + ":" + v2);
        }
        answer({{"channel", channel}, {"symbol", v2}, {"snapshot", true}}, true, "");
    }
}

void KrakenDouble::send_executions(const std::string& data) {
    if (data.empty()) return;
    std::set<uint64_t> ids;
    {
        std::lock_guard<std::mutex> lk(mu_);
        ids = exec_sessions_;
    }
    const std::string text =
        R"({"channel":"executions","type":"update","data":[)" + data + "],\"sequence\":" + std::to_string(++sequence_) + "}";
    for (const auto& s : server_.ws_sessions())
        if (ids.count(s->id())) s->send(text);
}

void KrakenDouble::send_market(const std::string& channel, const std::string& v2, const std::string& text) {
    std::set<uint64_t> ids;
    {
        std::lock_guard<std::mutex> lk(mu_);
        for (const auto& [id, subs] : market_subs_)
            if (subs.count(channel + ":" + v2)) ids.insert(id);
    }
    for (const auto& s : server_.ws_sessions())
        if (ids.count(s->id())) s->send(text);
}

// One executions entry (websocket-v2 executions): numbers as JSON numbers, like Kraken.
// exec_type "" is a snapshot entry.
std::string KrakenDouble::execution(const CoreOrder& o, const std::string& exec_type, const CoreTrade* t) const {
    auto pair = pair_by_alt(o.symbol);
    json x{{"order_id", txid(o.order_id)},
           {"cl_ord_id", o.client_order_id},
           {"symbol", pair ? pair->v2 : o.symbol},
           {"side", side_text(o.side)},
           {"order_type", o.type},
           {"order_status", ws_status(o)},
           {"timestamp", rfc3339(t ? t->time_ms : o.update_ms)}};
    if (!exec_type.empty()) x["exec_type"] = exec_type;
    else x["exec_type"] = "new";  // snapshot entries describe the order as it stands
    // Fixed-point values go in as raw JSON number text.
    std::string extra = ",\"order_qty\":" + dec(o.qty) + ",\"cum_qty\":" + dec(o.executed) +
                        ",\"cum_cost\":" + dec(o.cum_quote) + ",\"limit_price\":" + dec(o.price);
    if (t) {
        // v2 names assets as its symbols do ("USD", "BTC"), not as REST ("ZUSD", "XXBT").
        std::string fee_asset = t->commission_asset;
        if (auto m = core_.market(o.symbol); m && pair) {
            const auto slash = pair->v2.find('/');
            if (fee_asset == m->quote) fee_asset = pair->v2.substr(slash + 1);
            else if (fee_asset == m->base) fee_asset = pair->v2.substr(0, slash);
        }
        extra += ",\"exec_id\":\"" + trade_txid(t->id) + "\",\"trade_id\":" + std::to_string(t->id) +
                 ",\"last_qty\":" + dec(t->qty) + ",\"last_price\":" + dec(t->px) + ",\"liquidity_ind\":\"" +
                 (t->maker ? "m" : "t") + "\",\"fees\":[{\"asset\":\"" + fee_asset + "\",\"qty\":" +
                 dec(t->commission) + "}]";
    }
    std::string text = x.dump();
    text.insert(text.size() - 1, extra);
    return text;
}

bool KrakenDouble::fill(const std::string& cid, const std::string& qty, const std::string& px) {
    auto r = core_.fill(cid, fx(qty), fx(px), now_ms());
    if (!r) return false;
    if (!missed_fills_) send_executions(execution(r->first, "trade", &r->second));
    return true;
}

void KrakenDouble::push_ticker(const std::string& altname, const std::string& bid, const std::string& bid_qty,
                               const std::string& ask, const std::string& ask_qty) {
    auto pair = pair_by_alt(altname);
    if (!pair) return;
    {
        std::lock_guard<std::mutex> lk(mu_);
        books_[altname] = Book{bid, bid_qty, ask, ask_qty};
    }
    send_market("ticker", pair->v2,
                R"({"channel":"ticker","type":"update","data":[{"symbol":")" + pair->v2 + "\",\"bid\":" + bid +
                    ",\"bid_qty\":" + bid_qty + ",\"ask\":" + ask + ",\"ask_qty\":" + ask_qty +
                    ",\"last\":" + bid + ",\"volume\":1.0,\"vwap\":" + bid + ",\"low\":" + bid + ",\"high\":" + ask +
                    ",\"change\":0.0,\"change_pct\":0.0}]}");
}

void KrakenDouble::push_trade(const std::string& altname, const std::string& px, const std::string& qty, bool buy) {
    auto pair = pair_by_alt(altname);
    if (!pair) return;
    int64_t id;
    {
        std::lock_guard<std::mutex> lk(mu_);
        id = next_public_trade_++;
    }
    send_market("trade", pair->v2,
                R"({"channel":"trade","type":"update","data":[{"symbol":")" + pair->v2 + "\",\"side\":\"" +
                    (buy ? "buy" : "sell") + "\",\"price\":" + px + ",\"qty\":" + qty +
                    ",\"ord_type\":\"market\",\"trade_id\":" + std::to_string(id) + ",\"timestamp\":\"" +
                    rfc3339(now_ms()) + "\"}]}");
}

namespace {

// Kraken's checksum from the level strings as sent: '.' removed, leading zeros stripped,
// asks (low to high) then bids (high to low), top 10 each, CRC32 (guides "Book checksum (v2)").
uint32_t crc32_of(const std::string& text) {
    uint32_t c = 0xFFFFFFFFu;
    for (unsigned char ch : text) {
        c ^= ch;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return ~c;
}
std::string kraken_digits(std::string s) {
    s.erase(std::remove(s.begin(), s.end(), '.'), s.end());
    const auto nz = s.find_first_not_of('0');
    return nz == std::string::npos ? std::string() : s.substr(nz);
}
template <class M> std::string json_levels(const M& m) {
    std::string out = "[";
    for (const auto& [px, l] : m) out += (out.size() > 1 ? "," : "") + std::string("{\"price\":") + l.first + ",\"qty\":" + l.second + "}";
    return out + "]";
}
std::string json_levels(const KrakenDouble::Levels& v) {
    std::string out = "[";
    for (const auto& [px, q] : v) out += (out.size() > 1 ? "," : "") + std::string("{\"price\":") + px + ",\"qty\":" + q + "}";
    return out + "]";
}

}  // namespace

void KrakenDouble::set_book(const std::string& altname, const Levels& bids, const Levels& asks) {
    auto pair = pair_by_alt(altname);
    if (!pair) return;
    std::lock_guard<std::mutex> lk(mu_);
    Depth& d = depth_[pair->v2];
    d = Depth{};
    for (const auto& [px, q] : bids) d.bids[fx(px)] = {px, q};
    for (const auto& [px, q] : asks) d.asks[fx(px)] = {px, q};
}

std::string KrakenDouble::book_json(const std::string& v2, const std::string& type, const Levels* bids,
                                    const Levels* asks, bool bad_checksum) {
    Depth& d = depth_[v2];
    std::string text;
    int n = 0;
    for (auto it = d.asks.begin(); it != d.asks.end() && n < 10; ++it, ++n)
        text += kraken_digits(it->second.first) + kraken_digits(it->second.second);
    n = 0;
    for (auto it = d.bids.begin(); it != d.bids.end() && n < 10; ++it, ++n)
        text += kraken_digits(it->second.first) + kraken_digits(it->second.second);
    const uint32_t checksum = crc32_of(text) ^ (bad_checksum ? 0x5A5A5A5Au : 0u);
    return R"({"channel":"book","type":")" + type + R"(","data":[{"symbol":")" + v2 + R"(","bids":)" +
           (bids ? json_levels(*bids) : json_levels(d.bids)) + R"(,"asks":)" +
           (asks ? json_levels(*asks) : json_levels(d.asks)) + R"(,"checksum":)" + std::to_string(checksum) +
           R"(,"timestamp":")" + rfc3339(now_ms()) + R"("}]})";
}

void KrakenDouble::push_book_update(const std::string& altname, const Levels& bids, const Levels& asks,
                                    bool bad_checksum) {
    auto pair = pair_by_alt(altname);
    if (!pair) return;
    std::string text;
    {
        std::lock_guard<std::mutex> lk(mu_);
        Depth& d = depth_[pair->v2];
        for (const auto& [px, q] : bids) {
            if (fx(q) == 0) d.bids.erase(fx(px));
            else d.bids[fx(px)] = {px, q};
        }
        for (const auto& [px, q] : asks) {
            if (fx(q) == 0) d.asks.erase(fx(px));
            else d.asks[fx(px)] = {px, q};
        }
        text = book_json(pair->v2, "update", &bids, &asks, bad_checksum);
    }
    send_market("book", pair->v2, text);
}

}  // namespace tradehost::doubles::exchange
