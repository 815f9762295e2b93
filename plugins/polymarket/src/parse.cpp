#include "parse.hpp"

#include "orders/book_hash.hpp"
#include "orders/rounding.hpp"

#include <tradehost/venue/encoding.hpp>
#include <tradehost/venue/sign.hpp>

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace tradehost::polymarket {
namespace {

using nlohmann::json;

const json& need(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) throw std::runtime_error(std::string("missing field '") + key + "'");
    return *it;
}

std::string str(const json& j, const char* key) {
    const json& v = need(j, key);
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
    throw std::runtime_error(std::string("field '") + key + "' is not a string");
}

std::string opt_str(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t fixed(const json& j, const char* key) {
    const json& v = need(j, key);
    std::string text = v.is_string() ? v.get<std::string>() : v.dump();
    auto f = parse_fixed(text);
    if (!f) throw std::runtime_error(std::string("field '") + key + "' is not a decimal: '" + text + "'");
    return *f;
}

std::string upper_status(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    const std::string prefix = "ORDER_STATUS_";
    if (s.rfind(prefix, 0) == 0) s = s.substr(prefix.size());
    return s;
}

VenueOrder order_of(const json& o) {
    VenueOrder v;
    v.id = str(o, "id");
    v.status = upper_status(str(o, "status"));
    v.asset_id = str(o, "asset_id");
    v.side = str(o, "side");
    v.original_size = fixed(o, "original_size");
    v.size_matched = fixed(o, "size_matched");
    v.price = fixed(o, "price");
    return v;
}

}  // namespace

int parse_version(const std::string& body) {
    json j = json::parse(body);
    auto it = j.find("version");
    if (it == j.end() || it->is_null()) return 2;
    if (!it->is_number_integer()) throw std::runtime_error("field 'version' is not an integer");
    return it->get<int>();
}

ApiCreds parse_creds(const std::string& body) {
    json j = json::parse(body);
    return {str(j, "apiKey"), str(j, "secret"), str(j, "passphrase")};
}

MarketMeta parse_book_meta(const std::string& body) {
    json j = json::parse(body);
    MarketMeta m;
    m.market = str(j, "market");
    m.token_id = str(j, "asset_id");
    m.tick = fixed(j, "tick_size");
    m.min_size = fixed(j, "min_order_size");
    const json& nr = need(j, "neg_risk");
    if (!nr.is_boolean()) throw std::runtime_error("field 'neg_risk' is not a boolean");
    m.neg_risk = nr.get<bool>();
    const std::string given = opt_str(j, "hash");
    if (!given.empty()) {
        BookSummary b;
        b.market = m.market;
        b.asset_id = m.token_id;
        b.timestamp = opt_str(j, "timestamp");
        for (const char* side : {"bids", "asks"}) {
            auto it = j.find(side);
            if (it == j.end() || !it->is_array()) continue;
            auto& out = std::string(side) == "bids" ? b.bids : b.asks;
            for (const auto& l : *it) out.push_back({str(l, "price"), str(l, "size")});
        }
        b.min_order_size = str(j, "min_order_size");
        b.tick_size = str(j, "tick_size");
        b.neg_risk = m.neg_risk;
        b.last_trade_price = opt_str(j, "last_trade_price");
        m.hash_given = true;
        m.hash_ok = book_summary_hash(b) == given;
    }
    return m;
}

std::string error_message(const std::string& body) {
    json j = json::parse(body, nullptr, false);
    if (j.is_object()) {
        auto it = j.find("error");
        if (it != j.end()) return it->is_string() ? it->get<std::string>() : it->dump();
        auto em = j.find("errorMsg");
        if (em != j.end() && em->is_string() && !em->get<std::string>().empty()) return em->get<std::string>();
    }
    return body.substr(0, 200);
}

namespace {
PostAnswer post_answer_of(const json& j) {
    PostAnswer a;
    const json& s = need(j, "success");
    a.success = s.is_boolean() && s.get<bool>();
    a.error_msg = opt_str(j, "errorMsg");
    a.order_id = opt_str(j, "orderID");
    a.status = opt_str(j, "status");
    return a;
}
}  // namespace

PostAnswer parse_post_answer(const std::string& body) { return post_answer_of(json::parse(body)); }

std::vector<PostAnswer> parse_post_answers(const std::string& body) {
    json j = json::parse(body);
    if (!j.is_array()) throw std::runtime_error("POST /orders: the answer is not an array");
    std::vector<PostAnswer> out;
    for (const auto& e : j) out.push_back(post_answer_of(e));
    return out;
}

VenueOrder parse_order(const std::string& body) { return order_of(json::parse(body)); }

OrdersPage parse_orders_page(const std::string& body) {
    json j = json::parse(body);
    OrdersPage p;
    const json& data = j.is_array() ? j : need(j, "data");
    for (const auto& o : data) p.orders.push_back(order_of(o));
    if (j.is_object()) p.next_cursor = opt_str(j, "next_cursor");
    return p;
}

namespace {

void trade_fills(const json& t, const std::string& owner, std::vector<TradeFill>& out) {
    const std::string id = str(t, "id");
    const std::string status = upper_status(str(t, "status"));
    // /data/trades says match_time, the user channel matchtime.
    const char* time_key = t.contains("match_time") ? "match_time" : "matchtime";
    const int64_t match_s = std::stoll(str(t, time_key));
    const std::string side = str(t, "trader_side");
    if (side == "TAKER") {
        out.push_back({id, str(t, "taker_order_id"), status, fixed(t, "price"), fixed(t, "size"), match_s});
        return;
    }
    for (const auto& m : need(t, "maker_orders")) {
        if (str(m, "owner") != owner) continue;
        out.push_back({id, str(m, "order_id"), status, fixed(m, "price"), fixed(m, "matched_amount"), match_s});
    }
}

}  // namespace

std::vector<UserEvent> parse_user_frame(const std::string& body, const std::string& owner) {
    json j = json::parse(body);
    std::vector<UserEvent> out;
    auto one = [&](const json& e) {
        const std::string type = str(e, "event_type");
        UserEvent ev;
        if (type == "order") {
            ev.is_order = true;
            ev.order.id = str(e, "id");
            const std::string kind = upper_status(str(e, "type"));
            ev.order.status = kind == "CANCELLATION" ? "CANCELED" : "LIVE";
            ev.order.asset_id = str(e, "asset_id");
            ev.order.side = str(e, "side");
            ev.order.original_size = fixed(e, "original_size");
            ev.order.size_matched = fixed(e, "size_matched");
            ev.order.price = fixed(e, "price");
            out.push_back(std::move(ev));
        } else if (type == "trade") {
            trade_fills(e, owner, ev.fills);
            out.push_back(std::move(ev));
        }
    };
    if (j.is_array())
        for (const auto& e : j) one(e);
    else
        one(j);
    return out;
}

TradesPage parse_trades_page(const std::string& body, const std::string& owner) {
    json j = json::parse(body);
    TradesPage p;
    const json& data = j.is_array() ? j : need(j, "data");
    for (const auto& t : data) {
        const std::string id = str(t, "id");
        const std::string status = upper_status(str(t, "status"));
        const int64_t match_s = std::stoll(str(t, "match_time"));
        const std::string side = str(t, "trader_side");
        if (side == "TAKER") {
            p.fills.push_back({id, str(t, "taker_order_id"), status, fixed(t, "price"), fixed(t, "size"), match_s});
        } else {
            for (const auto& m : need(t, "maker_orders")) {
                if (str(m, "owner") != owner) continue;
                p.fills.push_back(
                    {id, str(m, "order_id"), status, fixed(m, "price"), fixed(m, "matched_amount"), match_s});
            }
        }
    }
    if (j.is_object()) p.next_cursor = opt_str(j, "next_cursor");
    return p;
}

std::string fill_id_of(const std::string& trade_id, const std::string& order_id) {
    std::string full = trade_id + ":" + order_id;
    if (full.size() <= 39) return full;
    return "pm-" + venue::hex_encode(venue::sha256(full)).substr(0, 36);
}

CancelAnswer parse_cancel_answer(const std::string& body) {
    json j = json::parse(body);
    CancelAnswer a;
    for (const auto& id : need(j, "canceled")) a.canceled.push_back(id.get<std::string>());
    auto nc = j.find("not_canceled");
    if (nc != j.end() && nc->is_object())
        for (auto it = nc->begin(); it != nc->end(); ++it)
            a.not_canceled.emplace_back(it.key(), it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
    return a;
}

}  // namespace tradehost::polymarket
