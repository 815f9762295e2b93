// The OANDA v20 double: routes, account model, streams. Bodies follow the shapes of
// developer.oanda.com/rest-live-v20/{order-ep,trade-ep,position-ep,account-ep,transaction-ep,
// pricing-ep} and the error bodies of troubleshooting-errors ({"errorMessage": ...} plus
// errorCode and a reject transaction where the endpoint documents one).
#include "oanda/oanda_double.hpp"

#include <tradehost/plugin.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <mutex>
#include <thread>

namespace tradehost::doubles::oanda {

using json = nlohmann::ordered_json;

namespace {

const char* kUnauthorized = R"({"errorMessage":"Insufficient authorization to perform request."})";

std::string now_rfc3339() {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count();
    std::time_t secs = static_cast<std::time_t>(ns / 1000000000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%09lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(ns % 1000000000));
    return buf;
}

std::string dec(th_fixed v) { return tradehost::format_fixed(v); }

bool fixed_of(const json& j, const char* key, th_fixed& out) {
    if (!j.contains(key) || !j[key].is_string()) return false;
    return tradehost::parse_fixed(j[key].get<std::string>(), out);
}

std::string percent_decode(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

th_fixed abs_fixed(th_fixed v) { return v < 0 ? -v : v; }

}  // namespace

struct OandaDouble::Impl {
    struct Order {
        std::string id, client_id, instrument, type, tif, state, create_time;
        th_fixed units = 0, price = 0, filled = 0;
        json take_profit, stop_loss;
    };
    struct Trade {
        std::string id, instrument, open_time;
        th_fixed price = 0, initial = 0, current = 0;
    };
    struct Position {
        th_fixed units = 0, avg = 0, pl = 0;
    };
    struct Quote {
        th_fixed bid = 0, ask = 0;
        int64_t bid_liq = 0, ask_liq = 0;
        std::string time;
    };
    struct Stream {
        std::shared_ptr<ChunkStream> out;
        std::vector<std::string> instruments;  // pricing only
    };

    explicit Impl(const OandaDoubleOptions& o) : opt(o), balance(o.balance), last_id(o.first_transaction_id) {}

    OandaDoubleOptions opt;
    mutable std::mutex mu;
    th_fixed balance;
    int64_t last_id;
    std::vector<json> log;
    std::deque<Order> orders;  // stable references; creation order
    std::vector<Trade> trades;
    std::map<std::string, Position> positions;
    std::map<std::string, Quote> quotes;
    std::vector<Stream> pricing, transactions;
    bool missed_fills = false;

    std::mutex hb_mu;
    std::condition_variable hb_cv;
    bool hb_stop = false;
    std::thread hb_thread;

    LoopbackServer server;  // last: destroyed first, so no handler outlives the state above

    // --- helpers (mu held) -------------------------------------------------------------
    bool authorized(const Request& r) const {
        const std::string* h = r.header("Authorization");
        return h && *h == "Bearer " + opt.token;
    }
    std::optional<Response> check(const Request& r, bool account_path = true) const {
        if (!authorized(r)) return Response::json(401, kUnauthorized);
        if (account_path && percent_decode(r.segment(2)) != opt.account_id)
            return Response::json(403, R"({"errorMessage":"The provided request was forbidden."})");
        return std::nullopt;
    }
    std::string last_id_text() const { return std::to_string(last_id); }

    json base_txn(const std::string& type, int64_t batch) {
        json t;
        t["id"] = std::to_string(++last_id);
        t["time"] = now_rfc3339();
        t["userID"] = 1234567;
        t["accountID"] = opt.account_id;
        t["batchID"] = std::to_string(batch ? batch : last_id);
        t["type"] = type;
        return t;
    }
    void record(const json& t) {
        log.push_back(t);
        if (missed_fills && t["type"] == "ORDER_FILL") return;
        write_all(transactions, t.dump() + "\n");
    }
    static void write_all(std::vector<Stream>& streams, const std::string& line) {
        streams.erase(std::remove_if(streams.begin(), streams.end(), [](const Stream& s) { return !s.out->open(); }),
                      streams.end());
        for (Stream& s : streams) s.out->write(line);
    }
    Order* find_order(const std::string& spec) {
        const bool by_client = !spec.empty() && spec[0] == '@';
        const std::string key = by_client ? spec.substr(1) : spec;
        for (auto it = orders.rbegin(); it != orders.rend(); ++it)
            if ((by_client ? it->client_id : it->id) == key) return &*it;
        return nullptr;
    }
    json order_json(const Order& o) const {
        json j;
        j["id"] = o.id;
        j["createTime"] = o.create_time;
        j["type"] = o.type;
        j["instrument"] = o.instrument;
        j["units"] = dec(o.units);
        j["timeInForce"] = o.tif;
        if (o.type != "MARKET") j["price"] = dec(o.price);
        j["triggerCondition"] = "DEFAULT";
        j["partialFill"] = "DEFAULT_FILL";
        j["positionFill"] = "DEFAULT";
        j["state"] = o.state;
        if (!o.client_id.empty()) j["clientExtensions"] = {{"id", o.client_id}};
        if (!o.take_profit.is_null()) j["takeProfitOnFill"] = o.take_profit;
        if (!o.stop_loss.is_null()) j["stopLossOnFill"] = o.stop_loss;
        return j;
    }
    th_fixed mark(const std::string& instrument, th_fixed fallback) const {
        auto q = quotes.find(instrument);
        if (q == quotes.end() || q->second.bid == 0 || q->second.ask == 0) return fallback;
        return (q->second.bid + q->second.ask) / 2;
    }
    th_fixed unrealized(const std::string& instrument, const Position& p) const {
        return fixed_mul(mark(instrument, p.avg) - p.avg, p.units);
    }
    th_fixed margin_used() const {
        th_fixed used = 0;
        for (const auto& [inst, p] : positions) used += fixed_mul(fixed_mul(abs_fixed(p.units), mark(inst, p.avg)), opt.margin_rate);
        return used;
    }
    th_fixed nav() const {
        th_fixed n = balance;
        for (const auto& [inst, p] : positions) n += unrealized(inst, p);
        return n;
    }

    /// An ORDER_FILL of `qty` (absolute) of order `o` at `px`; position, trades and balance.
    json fill_order(Order& o, th_fixed qty, th_fixed px, int64_t batch) {
        const th_fixed signed_units = o.units < 0 ? -qty : qty;
        json t = base_txn("ORDER_FILL", batch);
        const std::string fill_id = t["id"].get<std::string>();
        Position& pos = positions[o.instrument];
        th_fixed realized = 0;
        th_fixed remaining = signed_units;
        json closed = json::array();
        // Reduce opposite trades first, oldest first (FIFO, positionFill DEFAULT).
        for (Trade& tr : trades) {
            if (remaining == 0) break;
            if (tr.instrument != o.instrument || tr.current == 0 || (tr.current > 0) == (remaining > 0)) continue;
            const th_fixed take = std::min(abs_fixed(tr.current), abs_fixed(remaining));
            const th_fixed closed_units = tr.current > 0 ? -take : take;
            const th_fixed pl = fixed_mul(px - tr.price, tr.current > 0 ? take : -take);
            realized += pl;
            tr.current += closed_units;
            remaining -= closed_units;
            closed.push_back({{"tradeID", tr.id}, {"units", dec(closed_units)}, {"price", dec(px)},
                              {"realizedPL", dec(pl)}, {"financing", "0.0000"}});
        }
        trades.erase(std::remove_if(trades.begin(), trades.end(), [](const Trade& tr) { return tr.current == 0; }),
                     trades.end());
        if (remaining != 0) trades.push_back(Trade{fill_id, o.instrument, t["time"].get<std::string>(), px, remaining, remaining});
        // Net position with average price of what stays open.
        const th_fixed before = pos.units;
        pos.units += signed_units;
        if (before == 0 || (before > 0) != (pos.units > 0) || pos.units == 0) {
            pos.avg = pos.units == 0 ? 0 : px;
        } else if (abs_fixed(pos.units) > abs_fixed(before)) {
            pos.avg = fixed_div(fixed_mul(pos.avg, abs_fixed(before)) + fixed_mul(px, qty), abs_fixed(pos.units));
        }
        pos.pl += realized;
        balance += realized;
        o.filled += qty;
        if (o.filled >= abs_fixed(o.units)) o.state = "FILLED";

        t["orderID"] = o.id;
        if (!o.client_id.empty()) t["clientOrderID"] = o.client_id;
        t["instrument"] = o.instrument;
        t["units"] = dec(signed_units);
        t["price"] = dec(px);
        t["fullVWAP"] = dec(px);
        t["pl"] = dec(realized);
        t["financing"] = "0.0000";
        t["commission"] = "0.0000";
        t["guaranteedExecutionFee"] = "0.0000";
        t["accountBalance"] = dec(balance);
        t["reason"] = o.type == "MARKET" ? "MARKET_ORDER" : o.type + "_ORDER";
        if (remaining != 0) t["tradeOpened"] = {{"tradeID", fill_id}, {"units", dec(remaining)}, {"price", dec(px)}};
        if (!closed.empty()) t["tradesClosed"] = closed;
        record(t);
        return t;
    }
    json cancel_order(Order& o, const std::string& reason, int64_t batch) {
        o.state = "CANCELLED";
        json t = base_txn("ORDER_CANCEL", batch);
        t["orderID"] = o.id;
        if (!o.client_id.empty()) t["clientOrderID"] = o.client_id;
        t["reason"] = reason;
        return t;  // caller records (after adding replacedByOrderID when replacing)
    }

    // --- order creation ------------------------------------------------------------------
    /// Validates an OrderRequest; returns the rejectReason or "".
    std::string validate(const json& req, Order& o) {
        if (!req.is_object()) return "ORDER_REQUEST_INVALID";  // not documented as a reject reason body
        o.type = req.value("type", "");
        if (o.type != "MARKET" && o.type != "LIMIT" && o.type != "STOP" && o.type != "MARKET_IF_TOUCHED")
            return "TYPE_INVALID";
        o.instrument = req.value("instrument", "");
        if (o.instrument.empty()) return "INSTRUMENT_MISSING";
        if (!req.contains("units")) return "UNITS_MISSING";
        if (!fixed_of(req, "units", o.units) || o.units == 0) return "UNITS_INVALID";
        if (o.units % TH_FIXED_SCALE != 0) return "UNITS_PRECISION_EXCEEDED";
        o.tif = req.value("timeInForce", o.type == "MARKET" ? "FOK" : "GTC");
        if (o.type == "MARKET" && o.tif != "FOK" && o.tif != "IOC") return "TIME_IN_FORCE_INVALID";
        if (o.type != "MARKET") {
            if (!req.contains("price")) return "PRICE_MISSING";
            if (!fixed_of(req, "price", o.price) || o.price <= 0) return "PRICE_INVALID";
        }
        if (req.contains("clientExtensions") && req["clientExtensions"].is_object())
            o.client_id = req["clientExtensions"].value("id", "");
        if (!o.client_id.empty())
            for (const Order& other : orders)
                if (other.client_id == o.client_id && other.state == "PENDING") return "CLIENT_ORDER_ID_ALREADY_EXISTS";
        if (req.contains("takeProfitOnFill")) o.take_profit = req["takeProfitOnFill"];
        if (req.contains("stopLossOnFill")) o.stop_loss = req["stopLossOnFill"];
        return {};
    }

    static const char* reject_message(const std::string& reason) {
        if (reason == "UNITS_PRECISION_EXCEEDED") return "The units specified has more precision than is allowed";
        if (reason == "UNITS_INVALID") return "The units specified is invalid";
        if (reason == "UNITS_MISSING") return "The units field is missing";
        if (reason == "INSTRUMENT_MISSING") return "The instrument field is missing";
        if (reason == "PRICE_MISSING") return "The price field is missing";
        if (reason == "PRICE_INVALID") return "The price specified is invalid";
        if (reason == "TIME_IN_FORCE_INVALID") return "The time-in-force specified is invalid";
        if (reason == "CLIENT_ORDER_ID_ALREADY_EXISTS") return "The client Order ID specified is already assigned to another pending Order";
        return "The order request is invalid";
    }

    /// Creates (and for MARKET fills or cancels) an order; the 201/400 response.
    Response create(const json& req, const std::string& replaces, Order* replaced) {
        Order o;
        const std::string why = validate(req, o);
        const int64_t batch = last_id + 1;
        json body;
        if (!why.empty()) {
            json t = base_txn(o.type.empty() ? "MARKET_ORDER_REJECT" : o.type + "_ORDER_REJECT", batch);
            t["rejectReason"] = why;
            if (!o.instrument.empty()) t["instrument"] = o.instrument;
            if (req.is_object() && req.contains("units")) t["units"] = req["units"];
            if (!o.client_id.empty()) t["clientExtensions"] = {{"id", o.client_id}};
            record(t);
            body["orderRejectTransaction"] = t;
            body["relatedTransactionIDs"] = {t["id"]};
            body["lastTransactionID"] = last_id_text();
            body["errorCode"] = why;
            body["errorMessage"] = reject_message(why);
            return Response::json(400, body.dump());
        }
        json related = json::array();
        if (replaced) {
            json c = cancel_order(*replaced, "CLIENT_REQUEST_REPLACED", batch);
            c["replacedByOrderID"] = std::to_string(last_id + 1);
            record(c);
            body["orderCancelTransaction"] = c;
            related.push_back(c["id"]);
        }
        json t = base_txn(o.type == "MARKET" ? "MARKET_ORDER" : o.type + "_ORDER", batch);
        o.id = t["id"].get<std::string>();
        o.create_time = t["time"].get<std::string>();
        o.state = "PENDING";
        t["instrument"] = o.instrument;
        t["units"] = dec(o.units);
        if (o.type != "MARKET") t["price"] = dec(o.price);
        t["timeInForce"] = o.tif;
        t["triggerCondition"] = "DEFAULT";
        t["positionFill"] = "DEFAULT";
        t["reason"] = replaced ? "REPLACEMENT" : "CLIENT_ORDER";
        if (!replaces.empty()) t["replacesOrderID"] = replaces;
        if (!o.client_id.empty()) t["clientExtensions"] = {{"id", o.client_id}};
        if (!o.take_profit.is_null()) t["takeProfitOnFill"] = o.take_profit;
        if (!o.stop_loss.is_null()) t["stopLossOnFill"] = o.stop_loss;
        record(t);
        orders.push_back(o);
        Order& live = orders.back();
        body["orderCreateTransaction"] = t;
        related.push_back(t["id"]);
        if (live.type == "MARKET") {
            auto q = quotes.find(live.instrument);
            const bool buy = live.units > 0;
            const th_fixed px = q == quotes.end() ? 0 : (buy ? q->second.ask : q->second.bid);
            Position& pos = positions[live.instrument];
            const bool reduces = pos.units != 0 && (pos.units > 0) != buy && abs_fixed(live.units) <= abs_fixed(pos.units);
            std::string cancel_reason;
            if (px == 0) cancel_reason = "MARKET_HALTED";
            else if (!reduces && margin_used() + fixed_mul(fixed_mul(abs_fixed(live.units), px), opt.margin_rate) > nav())
                cancel_reason = "INSUFFICIENT_MARGIN";
            if (cancel_reason.empty()) {
                json f = fill_order(live, abs_fixed(live.units), px, batch);
                body["orderFillTransaction"] = f;
                related.push_back(f["id"]);
            } else {
                json c = cancel_order(live, cancel_reason, batch);
                record(c);
                body["orderCancelTransaction"] = c;
                related.push_back(c["id"]);
            }
        }
        body["relatedTransactionIDs"] = related;
        body["lastTransactionID"] = last_id_text();
        return Response::json(201, body.dump());
    }

    void routes();
    void heartbeat_loop();
    void heartbeat_now() {
        const std::string time = now_rfc3339();
        write_all(pricing, json{{"type", "HEARTBEAT"}, {"time", time}}.dump() + "\n");
        write_all(transactions,
                  json{{"type", "HEARTBEAT"}, {"lastTransactionID", last_id_text()}, {"time", time}}.dump() + "\n");
    }
    json price_line(const std::string& instrument, const Quote& q) const {
        json j;
        j["type"] = "PRICE";
        j["time"] = q.time;
        j["bids"] = json::array({json{{"price", dec(q.bid)}, {"liquidity", q.bid_liq}}});
        j["asks"] = json::array({json{{"price", dec(q.ask)}, {"liquidity", q.ask_liq}}});
        j["closeoutBid"] = dec(q.bid);
        j["closeoutAsk"] = dec(q.ask);
        j["status"] = "tradeable";
        j["tradeable"] = true;
        j["instrument"] = instrument;
        return j;
    }
};

void OandaDouble::Impl::routes() {
    server.route("GET", "/v3/accounts", [this](const Request& r) {
        std::lock_guard<std::mutex> lk(mu);
        if (auto e = check(r, false)) return *e;
        json body{{"accounts", json::array({json{{"id", opt.account_id}, {"tags", json::array()}}})}};
        return Response::json(200, body.dump());
    });
    server.route("GET", "/v3/accounts/*/summary", [this](const Request& r) {
        std::lock_guard<std::mutex> lk(mu);
        if (auto e = check(r)) return *e;
        th_fixed upl = 0;
        for (const auto& [inst, p] : positions) upl += unrealized(inst, p);
        const th_fixed used = margin_used();
        std::size_t open_positions = 0, pending = 0;
        for (const auto& kv : positions) open_positions += kv.second.units != 0;
        for (const Order& o : orders) pending += o.state == "PENDING";
        json a;
        a["id"] = opt.account_id;
        a["currency"] = opt.currency;
        a["balance"] = dec(balance);
        a["NAV"] = dec(balance + upl);
        a["unrealizedPL"] = dec(upl);
        a["marginRate"] = dec(opt.margin_rate);
        a["marginUsed"] = dec(used);
        a["marginAvailable"] = dec(balance + upl - used);
        a["openTradeCount"] = trades.size();
        a["openPositionCount"] = open_positions;
        a["pendingOrderCount"] = pending;
        a["lastTransactionID"] = last_id_text();
        return Response::json(200, json{{"account", a}, {"lastTransactionID", last_id_text()}}.dump());
    });
    server.route("POST", "/v3/accounts/*/orders", [this](const Request& r) {
        std::lock_guard<std::mutex> lk(mu);
        if (auto e = check(r)) return *e;
        json req = json::parse(r.body, nullptr, false);
        if (req.is_discarded() || !req.contains("order"))
            return Response::json(400, R"({"errorMessage":"Invalid value specified for 'order'"})");
        return create(req["order"], "", nullptr);
    });
    server.route("GET", "/v3/accounts/*/orders", [this](const Request& r) {
        std::lock_guard<std::mutex> lk(mu);
        if (auto e = check(r)) return *e;
        const std::string* st = r.param("state");
        const std::string state = st ? *st : "PENDING";
        json list = json::array();
        for (auto it = orders.rbegin(); it != orders.rend(); ++it)
            if (state == "ALL" || it->state == state) list.push_back(order_json(*it));
        return Response::json(200, json{{"orders", list}, {"lastTransactionID", last_id_text()}}.dump());
    });
    server.route("GET", "/v3/accounts/*/orders/*", [this](const Request& r) {
        std::lock_guard<std::mutex> lk(mu);
        if (auto e = check(r)) return *e;
        Order* o = find_order(percent_decode(r.segment(4)));
        if (!o) return Response::json(404, R"({"errorCode":"NO_SUCH_ORDER","errorMessage":"The order ID specified does not exist"})");
        return Response::json(200, json{{"order", order_json(*o)}, {"lastTransactionID", last_id_text()}}.dump());
    });
    server.route("PUT", "/v3/accounts/*/orders/*", [this](const Request& r) {
        std::lock_guard<std::mutex> lk(mu);
        if (auto e = check(r)) return *e;
        Order* o = find_order(percent_decode(r.segment(4)));
        if (!o || o->state != "PENDING")
            return Response::json(404, R"({"errorCode":"ORDER_DOESNT_EXIST","errorMessage":"The Order specified does not exist"})");
        json req = json::parse(r.body, nullptr, false);
        if (req.is_discarded() || !req.contains("order"))
            return Response::json(400, R"({"errorMessage":"Invalid value specified for 'order'"})");
        return create(req["order"], o->id, o);
    });
    server.route("PUT", "/v3/accounts/*/orders/*/cancel", [this](const Request& r) {
        std::lock_guard<std::mutex> lk(mu);
        if (auto e = check(r)) return *e;
        const std::string spec = percent_decode(r.segment(4));
        Order* o = find_order(spec);
        if (!o || o->state != "PENDING") {
            json t = base_txn("ORDER_CANCEL_REJECT", 0);
            t["orderID"] = o ? o->id : "";
            if (spec.size() > 1 && spec[0] == '@') t["clientOrderID"] = spec.substr(1);
            t["rejectReason"] = "ORDER_DOESNT_EXIST";
            record(t);
            json body{{"orderCancelRejectTransaction", t}, {"relatedTransactionIDs", {t["id"]}},
                      {"lastTransactionID", last_id_text()}, {"errorCode", "ORDER_DOESNT_EXIST"},
                      {"errorMessage", "The Order specified does not exist"}};
            return Response::json(404, body.dump());
        }
        json t = cancel_order(*o, "CLIENT_REQUEST", 0);
        record(t);
        json body{{"orderCancelTransaction", t}, {"relatedTransactionIDs", {t["id"]}},
                  {"lastTransactionID", last_id_text()}};
        return Response::json(200, body.dump());
    });
    server.route("GET", "/v3/accounts/*/openTrades", [this](const Request& r) {
        std::lock_guard<std::mutex> lk(mu);
        if (auto e = check(r)) return *e;
        json list = json::array();
        for (auto it = trades.rbegin(); it != trades.rend(); ++it) {
            const th_fixed upl = fixed_mul(mark(it->instrument, it->price) - it->price, it->current);
            list.push_back({{"id", it->id}, {"instrument", it->instrument}, {"price", dec(it->price)},
                            {"openTime", it->open_time}, {"initialUnits", dec(it->initial)},
                            {"currentUnits", dec(it->current)}, {"state", "OPEN"}, {"realizedPL", "0.0000"},
                            {"unrealizedPL", dec(upl)}, {"financing", "0.0000"}});
        }
        return Response::json(200, json{{"trades", list}, {"lastTransactionID", last_id_text()}}.dump());
    });
    server.route("GET", "/v3/accounts/*/openPositions", [this](const Request& r) {
        std::lock_guard<std::mutex> lk(mu);
        if (auto e = check(r)) return *e;
        json list = json::array();
        for (const auto& [inst, p] : positions) {
            if (p.units == 0) continue;
            const th_fixed upl = unrealized(inst, p);
            json open_side{{"units", dec(p.units)}, {"averagePrice", dec(p.avg)}, {"pl", dec(p.pl)},
                           {"unrealizedPL", dec(upl)}};
            json flat{{"units", "0"}, {"pl", "0.0000"}, {"unrealizedPL", "0.0000"}};
            list.push_back({{"instrument", inst}, {"long", p.units > 0 ? open_side : flat},
                            {"short", p.units < 0 ? open_side : flat}, {"pl", dec(p.pl)}, {"unrealizedPL", dec(upl)}});
        }
        return Response::json(200, json{{"positions", list}, {"lastTransactionID", last_id_text()}}.dump());
    });
    server.route("GET", "/v3/accounts/*/transactions/sinceid", [this](const Request& r) {
        std::lock_guard<std::mutex> lk(mu);
        if (auto e = check(r)) return *e;
        const std::string* id = r.param("id");
        if (!id || id->empty() || id->find_first_not_of("0123456789") != std::string::npos)
            return Response::json(400, R"({"errorMessage":"Invalid value specified for 'id'"})");
        const int64_t since = std::stoll(*id);
        json list = json::array();
        for (const json& t : log)
            if (std::stoll(t["id"].get<std::string>()) > since) list.push_back(t);
        return Response::json(200, json{{"transactions", list}, {"lastTransactionID", last_id_text()}}.dump());
    });
    server.stream("/v3/accounts/*/pricing/stream", [this](const Request& r, std::shared_ptr<ChunkStream> s) -> std::optional<Response> {
        std::lock_guard<std::mutex> lk(mu);
        if (auto e = check(r)) return e;
        const std::string* list = r.param("instruments");
        if (!list || list->empty())
            return Response::json(400, R"({"errorMessage":"Invalid value specified for 'instruments'"})");
        Stream st{s, {}};
        size_t start = 0;
        while (start <= list->size()) {
            size_t comma = list->find(',', start);
            if (comma == std::string::npos) comma = list->size();
            if (comma > start) st.instruments.push_back(list->substr(start, comma - start));
            start = comma + 1;
        }
        // A new pricing stream starts with the current price of each instrument.
        for (const std::string& inst : st.instruments) {
            auto q = quotes.find(inst);
            if (q != quotes.end()) s->write(price_line(inst, q->second).dump() + "\n");
        }
        pricing.push_back(std::move(st));
        if (opt.end_streams_at_once) s->end();
        return std::nullopt;
    });
    server.stream("/v3/accounts/*/transactions/stream", [this](const Request& r, std::shared_ptr<ChunkStream> s) -> std::optional<Response> {
        std::lock_guard<std::mutex> lk(mu);
        if (auto e = check(r)) return e;
        transactions.push_back(Stream{s, {}});
        if (opt.end_streams_at_once) s->end();
        return std::nullopt;
    });
}

void OandaDouble::Impl::heartbeat_loop() {
    std::unique_lock<std::mutex> lk(hb_mu);
    while (!hb_stop) {
        if (hb_cv.wait_for(lk, opt.heartbeat_interval, [this] { return hb_stop; })) break;
        std::lock_guard<std::mutex> g(mu);
        heartbeat_now();
    }
}

OandaDouble::OandaDouble(OandaDoubleOptions options) : options_(std::move(options)), impl_(std::make_unique<Impl>(options_)) {
    impl_->routes();
    if (options_.heartbeat_interval.count() > 0) impl_->hb_thread = std::thread([this] { impl_->heartbeat_loop(); });
}

OandaDouble::~OandaDouble() {
    {
        std::lock_guard<std::mutex> lk(impl_->hb_mu);
        impl_->hb_stop = true;
    }
    impl_->hb_cv.notify_all();
    if (impl_->hb_thread.joinable()) impl_->hb_thread.join();
}

std::string OandaDouble::rest_url() const { return impl_->server.http_url(); }
std::string OandaDouble::stream_url() const { return impl_->server.http_url(); }
LoopbackServer& OandaDouble::server() { return impl_->server; }

void OandaDouble::push_price(const std::string& instrument, const std::string& bid, const std::string& ask,
                             int64_t bid_liquidity, int64_t ask_liquidity) {
    std::lock_guard<std::mutex> lk(impl_->mu);
    Impl::Quote q;
    tradehost::parse_fixed(bid, q.bid);
    tradehost::parse_fixed(ask, q.ask);
    q.bid_liq = bid_liquidity;
    q.ask_liq = ask_liquidity;
    q.time = now_rfc3339();
    impl_->quotes[instrument] = q;
    const std::string line = impl_->price_line(instrument, q).dump() + "\n";
    for (Impl::Stream& s : impl_->pricing)
        if (std::find(s.instruments.begin(), s.instruments.end(), instrument) != s.instruments.end()) s.out->write(line);
}

bool OandaDouble::fill(const std::string& client_order_id, const std::string& units, const std::string& price) {
    std::lock_guard<std::mutex> lk(impl_->mu);
    Impl::Order* o = impl_->find_order("@" + client_order_id);
    th_fixed qty = 0, px = 0;
    if (!o || o->state != "PENDING" || !tradehost::parse_fixed(units, qty) || !tradehost::parse_fixed(price, px) || qty <= 0)
        return false;
    qty = std::min(qty, abs_fixed(o->units) - o->filled);
    impl_->fill_order(*o, qty, px, 0);
    return true;
}

bool OandaDouble::venue_cancel(const std::string& client_order_id, const std::string& reason) {
    std::lock_guard<std::mutex> lk(impl_->mu);
    Impl::Order* o = impl_->find_order("@" + client_order_id);
    if (!o || o->state != "PENDING") return false;
    impl_->record(impl_->cancel_order(*o, reason, 0));
    return true;
}

void OandaDouble::heartbeat() {
    std::lock_guard<std::mutex> lk(impl_->mu);
    impl_->heartbeat_now();
}

void OandaDouble::drop_streams() {
    std::lock_guard<std::mutex> lk(impl_->mu);
    impl_->server.drop_all_streams();
    impl_->pricing.clear();
    impl_->transactions.clear();
}

void OandaDouble::set_missed_fills(bool on) {
    std::lock_guard<std::mutex> lk(impl_->mu);
    impl_->missed_fills = on;
}

void OandaDouble::inject_429(int count, const std::string& retry_after, const std::string& method) {
    Response r = Response::json(429, R"({"errorMessage":"Too many requests: request rate limit exceeded"})");
    if (!retry_after.empty()) r.headers.emplace_back("Retry-After", retry_after);
    impl_->server.inject(std::move(r), count, method);
}

int64_t OandaDouble::last_transaction_id() const {
    std::lock_guard<std::mutex> lk(impl_->mu);
    return impl_->last_id;
}

std::vector<std::string> OandaDouble::transaction_types() const {
    std::lock_guard<std::mutex> lk(impl_->mu);
    std::vector<std::string> out;
    for (const json& t : impl_->log) out.push_back(t["type"].get<std::string>());
    return out;
}

std::size_t OandaDouble::orders_created() const {
    std::lock_guard<std::mutex> lk(impl_->mu);
    return impl_->orders.size();
}

std::size_t OandaDouble::open_streams(const std::string& kind) const {
    std::lock_guard<std::mutex> lk(impl_->mu);
    const auto& v = kind == "pricing" ? impl_->pricing : impl_->transactions;
    return static_cast<std::size_t>(std::count_if(v.begin(), v.end(), [](const Impl::Stream& s) { return s.out->open(); }));
}

std::vector<Request> OandaDouble::requests(std::string_view method, std::string_view path_pattern) const {
    return impl_->server.requests(method, path_pattern);
}

}  // namespace tradehost::doubles::oanda
