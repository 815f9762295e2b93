// The Polymarket CLOB double (see polymarket_double.hpp).
#include "polymarket/polymarket_double.hpp"

#include "crypto/clob_typed.hpp"
#include "crypto/eip712.hpp"
#include "crypto/wallet.hpp"
#include "orders/book_hash.hpp"
#include "orders/contracts.hpp"
#include "orders/rounding.hpp"

#include <tradehost/venue/encoding.hpp>
#include <tradehost/venue/sign.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <set>

namespace tradehost::doubles {
namespace {

using nlohmann::json;
namespace pm = tradehost::polymarket;
// Amounts times 1e8 overflow int64 for large orders.
__extension__ typedef __int128 i128;

int64_t now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string hdr(const Request& r, const char* name) {
    const std::string* v = r.header(name);
    return v ? *v : std::string();
}

// HMAC-SHA256 of timestamp+method+path+body under the base64url secret, base64url with padding.
std::string expected_l2(const std::string& secret, const std::string& ts, const std::string& method,
                        const std::string& path, const std::string& body) {
    std::string s = secret;
    for (char& c : s) c = c == '-' ? '+' : c == '_' ? '/' : c;
    auto key = venue::base64_decode(s);
    std::string sig = venue::base64_encode(venue::hmac_sha256(key ? *key : "", ts + method + path + body));
    for (char& c : sig) c = c == '+' ? '-' : c == '/' ? '_' : c;
    return sig;
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

}  // namespace

PolymarketDouble::PolymarketDouble(std::string wallet_address, uint64_t chain_id)
    : wallet_(std::move(wallet_address)), chain_id_(chain_id) {
    server_.route("GET", "/version", [this](const Request&) {
        std::lock_guard lk(mu_);
        return Response::json(200, json{{"version", version_}}.dump());
    });
    server_.route("GET", "/book", [this](const Request& r) {
        std::lock_guard lk(mu_);
        const std::string* token = r.param("token_id");
        if (!token) return refuse(400, "Invalid token id");
        auto it = markets_.find(*token);
        if (it == markets_.end()) return refuse(404, "No orderbook exists for the requested token id");
        // The summary with the hash the server computes over it (orders/book_hash.hpp).
        pm::BookSummary b;
        b.market = it->second.condition;
        b.asset_id = *token;
        b.timestamp = std::to_string(now_s() * 1000);
        json bids = json::array(), asks = json::array();
        auto lv = books_.find(*token);
        if (lv != books_.end()) {
            for (const auto& [px, sz] : lv->second.first) b.bids.push_back({px, sz}), bids.push_back({{"price", px}, {"size", sz}});
            for (const auto& [px, sz] : lv->second.second) b.asks.push_back({px, sz}), asks.push_back({{"price", px}, {"size", sz}});
        }
        b.min_order_size = it->second.min_size;
        b.tick_size = it->second.tick;
        b.neg_risk = it->second.neg_risk;
        b.last_trade_price = "0.5";
        json j = {{"market", b.market}, {"asset_id", b.asset_id}, {"timestamp", b.timestamp}, {"bids", bids},
                  {"asks", asks}, {"min_order_size", b.min_order_size}, {"tick_size", b.tick_size},
                  {"neg_risk", b.neg_risk}, {"hash", pm::book_summary_hash(b)}, {"last_trade_price", "0.5"}};
        return Response::json(200, j.dump());
    });
    auto creds = [] {
        return Response::json(200, json{{"apiKey", kApiKey}, {"secret", kApiSecret}, {"passphrase", kApiPassphrase}}.dump());
    };
    server_.route("POST", "/auth/api-key", [this, creds](const Request& r) {
        std::lock_guard lk(mu_);
        if (!l1_ok(r)) return refuse(401, "Invalid L1 Request headers");
        key_created_ = true;
        return creds();
    });
    server_.route("GET", "/auth/derive-api-key", [this, creds](const Request& r) {
        std::lock_guard lk(mu_);
        if (!l1_ok(r)) return refuse(401, "Invalid L1 Request headers");
        if (!key_created_) return refuse(400, "Could not derive api key!");
        return creds();
    });
    // The market channel: a subscription {"assets_ids": [...], "type": "market"} is answered
    // with one `book` per known token; the text "PING" with "PONG".
    WsHandlers market;
    market.on_message = [this](const std::shared_ptr<WsSession>& s, std::string_view text) {
        std::vector<std::string> books;
        {
            std::lock_guard lk(mu_);
            if (text == "PING") {
                ++pings_;
            } else {
                json j = json::parse(text, nullptr, false);
                if (!j.is_object() || j.value("type", "") != "market" || !j.contains("assets_ids")) return;
                auto& entry = market_sessions_[s->id()];
                entry.first = s;
                for (const auto& a : j["assets_ids"]) {
                    entry.second.push_back(a.get<std::string>());
                    if (markets_.count(a.get<std::string>())) books.push_back(book_message(a.get<std::string>()));
                }
            }
        }
        if (text == "PING") {
            s->send("PONG");
            return;
        }
        for (auto& b : books) s->send(std::move(b));
    };
    market.on_close = [this](const std::shared_ptr<WsSession>& s) {
        std::lock_guard lk(mu_);
        market_sessions_.erase(s->id());
    };
    server_.websocket("/ws/market", std::move(market));
    // The user channel: {"auth": {apiKey, secret, passphrase}, "markets": [...], "type": "user"}.
    WsHandlers user;
    user.on_message = [this](const std::shared_ptr<WsSession>& s, std::string_view text) {
        if (text == "PING") {
            {
                std::lock_guard lk(mu_);
                ++pings_;
            }
            s->send("PONG");
            return;
        }
        json j = json::parse(text, nullptr, false);
        const bool ok = j.is_object() && j.value("type", "") == "user" && j.contains("auth") && j["auth"].is_object() &&
                        j["auth"].value("apiKey", "") == kApiKey && j["auth"].value("secret", "") == kApiSecret &&
                        j["auth"].value("passphrase", "") == kApiPassphrase;
        if (!ok) {
            s->close();
            return;
        }
        std::lock_guard lk(mu_);
        user_sessions_[s->id()] = s;
    };
    user.on_close = [this](const std::shared_ptr<WsSession>& s) {
        std::lock_guard lk(mu_);
        user_sessions_.erase(s->id());
    };
    server_.websocket("/ws/user", std::move(user));
    server_.route("POST", "/order", [this](const Request& r) {
        std::lock_guard lk(mu_);
        if (!l2_ok(r)) return refuse(401, "Unauthorized/Invalid api key");
        return post_order(json::parse(r.body, nullptr, false));
    });
    // POST /orders (api-reference: post multiple orders): an array of up to 15 POST /order
    // bodies, each checked as POST /order checks it; the answer is one OrderResponse per
    // order, in the order sent, a refused order's carrying success false and its errorMsg.
    server_.route("POST", "/orders", [this](const Request& r) {
        std::lock_guard lk(mu_);
        if (!l2_ok(r)) return refuse(401, "Unauthorized/Invalid api key");
        json b = json::parse(r.body, nullptr, false);
        if (!b.is_array() || b.empty()) return refuse(400, "Invalid order payload");
        if (b.size() > 15) return refuse(400, "Too many orders in payload: max 15");
        batch_sizes_.push_back(static_cast<int>(b.size()));
        json ans = json::array();
        for (const json& entry : b) {
            Response one = post_order(entry);
            if (one.status == 200) {
                ans.push_back(json::parse(one.body));
            } else {
                json e = json::parse(one.body, nullptr, false);
                ans.push_back({{"success", false}, {"errorMsg", e.is_object() ? e.value("error", "") : one.body},
                               {"orderID", ""}, {"status", ""}, {"takingAmount", ""}, {"makingAmount", ""}});
            }
        }
        if (lose_batch_answer_) {  // processed, but the answer never arrives whole
            lose_batch_answer_ = false;
            return Response{503, {{"Content-Type", "text/html"}}, "<html>502 Bad Gateway</html>"};
        }
        return Response::json(200, ans.dump());
    });
    auto cancel_one = [this](const std::string& id, json& ans) {
        auto it = orders_.find(id);
        if (it == orders_.end())
            ans["not_canceled"][id] = "order not found";
        else if (it->second.status != "LIVE")
            ans["not_canceled"][id] = "order can't be found - already canceled or matched";
        else {
            it->second.status = "CANCELED";
            ans["canceled"].push_back(id);
        }
    };
    server_.route("DELETE", "/order", [this, cancel_one](const Request& r) {
        std::lock_guard lk(mu_);
        if (!l2_ok(r)) return refuse(401, "Unauthorized/Invalid api key");
        json b = json::parse(r.body, nullptr, false);
        if (!b.is_object() || !b.contains("orderID") || !b["orderID"].is_string())
            return refuse(400, "Invalid order payload");
        json ans = {{"canceled", json::array()}, {"not_canceled", json::object()}};
        cancel_one(b["orderID"].get<std::string>(), ans);
        return Response::json(200, ans.dump());
    });
    // DELETE /orders (api-reference: cancel multiple orders): an array of order ids (up to
    // 3,000; repeats ignored), answered as DELETE /order for each.
    server_.route("DELETE", "/orders", [this, cancel_one](const Request& r) {
        std::lock_guard lk(mu_);
        if (!l2_ok(r)) return refuse(401, "Unauthorized/Invalid api key");
        json b = json::parse(r.body, nullptr, false);
        if (!b.is_array() || b.size() > 3000) return refuse(400, "Invalid order payload");
        std::set<std::string> seen;
        json ans = {{"canceled", json::array()}, {"not_canceled", json::object()}};
        for (const json& id : b) {
            if (!id.is_string()) return refuse(400, "Invalid order payload");
            if (seen.insert(id.get<std::string>()).second) cancel_one(id.get<std::string>(), ans);
        }
        ++cancel_batches_;
        return Response::json(200, ans.dump());
    });
    // Mass cancels (api-reference/trade: cancel all orders, cancel orders from market): the
    // same answer as DELETE /order, for every live order (of the market).
    auto cancel_where = [this](const std::function<bool(const Order&)>& pick) {
        json ans = {{"canceled", json::array()}, {"not_canceled", json::object()}};
        for (auto& [id, o] : orders_)
            if (o.status == "LIVE" && pick(o)) {
                o.status = "CANCELED";
                ans["canceled"].push_back(id);
            }
        return Response::json(200, ans.dump());
    };
    server_.route("DELETE", "/cancel-all", [this, cancel_where](const Request& r) {
        std::lock_guard lk(mu_);
        if (!l2_ok(r)) return refuse(401, "Unauthorized/Invalid api key");
        ++mass_cancels_;
        return cancel_where([](const Order&) { return true; });
    });
    server_.route("DELETE", "/cancel-market-orders", [this, cancel_where](const Request& r) {
        std::lock_guard lk(mu_);
        if (!l2_ok(r)) return refuse(401, "Unauthorized/Invalid api key");
        json b = json::parse(r.body, nullptr, false);
        if (!b.is_object()) return refuse(400, "Invalid payload");
        const std::string market = b.value("market", ""), asset = b.value("asset_id", "");
        ++mass_cancels_;
        return cancel_where([&](const Order& o) {
            auto mk = markets_.find(o.token);
            return (market.empty() || (mk != markets_.end() && mk->second.condition == market)) &&
                   (asset.empty() || o.token == asset);
        });
    });
    server_.route("GET", "/data/order/*", [this](const Request& r) {
        std::lock_guard lk(mu_);
        if (!l2_ok(r)) return refuse(401, "Unauthorized/Invalid api key");
        auto it = orders_.find(r.segment(2));
        if (it == orders_.end()) return refuse(404, "order not found");
        return Response::json(200, order_json(it->second));
    });
    server_.route("GET", "/data/orders", [this](const Request& r) {
        std::lock_guard lk(mu_);
        if (!l2_ok(r)) return refuse(401, "Unauthorized/Invalid api key");
        json data = json::array();
        for (const auto& [id, o] : orders_)
            if (o.status == "LIVE") data.push_back(json::parse(order_json(o)));
        const auto n = data.size();
        return Response::json(200, json{{"data", std::move(data)}, {"next_cursor", "LTE="}, {"limit", 500}, {"count", n}}.dump());
    });
    server_.route("GET", "/data/trades", [this](const Request& r) {
        std::lock_guard lk(mu_);
        if (!l2_ok(r)) return refuse(401, "Unauthorized/Invalid api key");
        int64_t after = 0;
        if (const std::string* a = r.param("after")) after = std::stoll(*a);
        json data = json::array();
        for (const auto& t : trades_) {
            if (t.match_s < after) continue;
            const Order& o = orders_.at(t.order_id);
            json maker = {{"order_id", t.order_id}, {"owner", kApiKey}, {"maker_address", wallet_},
                          {"matched_amount", pm::format_fixed(t.size)}, {"price", pm::format_fixed(t.price)},
                          {"fee_rate_bps", "0"}, {"asset_id", o.token}, {"outcome", "Yes"}, {"side", o.side}};
            data.push_back({{"id", t.id}, {"taker_order_id", "0xtaker" + t.id}, {"market", markets_[o.token].condition},
                            {"asset_id", o.token}, {"side", o.side == "BUY" ? "SELL" : "BUY"},
                            {"size", pm::format_fixed(t.size)}, {"fee_rate_bps", "0"},
                            {"price", pm::format_fixed(t.price)}, {"status", t.status},
                            {"match_time", std::to_string(t.match_s)}, {"last_update", std::to_string(t.match_s)},
                            {"outcome", "Yes"}, {"bucket_index", 0}, {"owner", "someone-else"},
                            {"maker_address", "0x0000000000000000000000000000000000000001"},
                            {"maker_orders", json::array({maker})}, {"trader_side", "MAKER"}});
        }
        return Response::json(200, json{{"data", std::move(data)}, {"next_cursor", "LTE="}, {"limit", 500}, {"count", 0}}.dump());
    });
}

PolymarketDouble::~PolymarketDouble() = default;

std::string PolymarketDouble::book_message(const std::string& token) const {
    json bids = json::array(), asks = json::array();
    auto it = books_.find(token);
    if (it != books_.end()) {
        for (const auto& [px, sz] : it->second.first) bids.push_back({{"price", px}, {"size", sz}});
        for (const auto& [px, sz] : it->second.second) asks.push_back({{"price", px}, {"size", sz}});
    }
    auto mk = markets_.find(token);
    return json{{"event_type", "book"}, {"asset_id", token}, {"market", mk == markets_.end() ? "" : mk->second.condition},
                {"bids", bids}, {"asks", asks}, {"timestamp", std::to_string(now_s() * 1000)}, {"hash", "0x0"}}
        .dump();
}

void PolymarketDouble::set_book(const std::string& token, std::vector<std::pair<std::string, std::string>> bids,
                                std::vector<std::pair<std::string, std::string>> asks) {
    std::lock_guard lk(mu_);
    books_[token] = {std::move(bids), std::move(asks)};
}

void PolymarketDouble::push_market(const std::string& token, const std::string& text) {
    std::vector<std::shared_ptr<WsSession>> to;
    {
        std::lock_guard lk(mu_);
        for (const auto& [id, entry] : market_sessions_) {
            const auto& toks = entry.second;
            if (token.empty() || std::find(toks.begin(), toks.end(), token) != toks.end()) to.push_back(entry.first);
        }
    }
    for (auto& s : to) s->send(text);
}

std::vector<std::vector<std::string>> PolymarketDouble::market_subscriptions() const {
    std::lock_guard lk(mu_);
    std::vector<std::vector<std::string>> out;
    for (const auto& [id, entry] : market_sessions_)
        if (!entry.second.empty()) out.push_back(entry.second);
    return out;
}

std::string PolymarketDouble::trade_event(const Trade& t, const std::string& status) const {
    const Order& o = orders_.at(t.order_id);
    json maker = {{"order_id", t.order_id}, {"owner", kApiKey}, {"maker_address", wallet_},
                  {"matched_amount", pm::format_fixed(t.size)}, {"price", pm::format_fixed(t.price)},
                  {"asset_id", o.token}, {"outcome", "Yes"}};
    auto mk = markets_.find(o.token);
    return json{{"event_type", "trade"}, {"type", "TRADE"}, {"id", t.id}, {"taker_order_id", "0xtaker" + t.id},
                {"market", mk == markets_.end() ? "" : mk->second.condition}, {"asset_id", o.token},
                {"side", o.side == "BUY" ? "SELL" : "BUY"}, {"size", pm::format_fixed(t.size)},
                {"price", pm::format_fixed(t.price)}, {"status", status}, {"matchtime", std::to_string(t.match_s)},
                {"last_update", std::to_string(t.match_s)}, {"outcome", "Yes"}, {"owner", "someone-else"},
                {"trade_owner", "someone-else"}, {"maker_orders", json::array({maker})}, {"trader_side", "MAKER"},
                {"timestamp", std::to_string(t.match_s * 1000)}}
        .dump();
}

void PolymarketDouble::push_user(const std::string& text) {
    for (auto& [id, s] : user_sessions_) s->send(text);
}

std::size_t PolymarketDouble::user_sessions() const {
    std::lock_guard lk(mu_);
    return user_sessions_.size();
}

void PolymarketDouble::set_user_silent(bool on) {
    std::lock_guard lk(mu_);
    user_silent_ = on;
}

void PolymarketDouble::push_trade_status(const std::string& status) {
    std::lock_guard lk(mu_);
    for (auto& t : trades_) {
        t.status = status;
        push_user(trade_event(t, status));
    }
}

void PolymarketDouble::drop_streams() {
    {
        std::lock_guard lk(mu_);
        market_sessions_.clear();
        user_sessions_.clear();
    }
    server_.drop_all_streams();
}

int PolymarketDouble::pings() const {
    std::lock_guard lk(mu_);
    return pings_;
}

Response PolymarketDouble::refuse(int status, const std::string& error) {
    errors_.push_back(error);
    return Response::json(status, json{{"error", error}}.dump());
}

bool PolymarketDouble::l1_ok(const Request& r) {
    const std::string address = hdr(r, "POLY_ADDRESS"), sig = hdr(r, "POLY_SIGNATURE"), ts = hdr(r, "POLY_TIMESTAMP"),
                      nonce = hdr(r, "POLY_NONCE");
    if (address.empty() || sig.empty() || ts.empty() || nonce.empty()) return false;
    const pm::Hash32 digest = pm::clob_auth_digest(chain_id_, address, ts, std::stoull(nonce));
    auto signer = pm::recover_address(digest, sig);
    return signer && lower(*signer) == lower(wallet_) && lower(address) == lower(wallet_);
}

bool PolymarketDouble::l2_ok(const Request& r) {
    const std::string ts = hdr(r, "POLY_TIMESTAMP");
    const bool ok = lower(hdr(r, "POLY_ADDRESS")) == lower(wallet_) && hdr(r, "POLY_API_KEY") == kApiKey &&
                    hdr(r, "POLY_PASSPHRASE") == kApiPassphrase && !ts.empty() &&
                    hdr(r, "POLY_SIGNATURE") == expected_l2(kApiSecret, ts, r.method, r.path, r.body);
    if (!ok) ++l2_failures_;
    return ok;
}

Response PolymarketDouble::post_order(const json& b) {
    if (!b.is_object() || !b.contains("order") || !b["order"].is_object()) return refuse(400, "Invalid order payload");
    if (b.value("owner", "") != kApiKey) return refuse(400, "the order owner has to be the owner of the API KEY");
    const json& o = b["order"];
    // A V1 order (nonce, feeRateBps, taker signed; no timestamp) is refused as the V2 CLOB does.
    if (o.contains("nonce") || o.contains("feeRateBps") || !o.contains("timestamp"))
        return refuse(400, "order_version_mismatch");
    pm::OrderV2 v;
    try {
        v.salt = o.at("salt").is_number() ? std::to_string(o.at("salt").get<uint64_t>()) : o.at("salt").get<std::string>();
        v.maker = o.at("maker").get<std::string>();
        v.signer = o.at("signer").get<std::string>();
        v.token_id = o.at("tokenId").get<std::string>();
        v.maker_amount = o.at("makerAmount").get<std::string>();
        v.taker_amount = o.at("takerAmount").get<std::string>();
        v.side = o.at("side").get<std::string>() == "SELL" ? pm::OrderSide::sell : pm::OrderSide::buy;
        v.signature_type = o.at("signatureType").get<uint8_t>();
        v.timestamp = o.at("timestamp").get<std::string>();
        v.metadata = o.at("metadata").get<std::string>();
        v.builder = o.at("builder").get<std::string>();
    } catch (const std::exception&) {
        return refuse(400, "Invalid order payload");
    }
    const std::string sig = o.value("signature", "");
    // Order type, post-only and GTD's expiration (trading/orders/overview, place-orders and
    // resources/error-codes): post-only only on the resting types; an expiration less than
    // 3 minutes ahead is refused (the CLOB expires orders 60 s early, as a security threshold).
    const std::string order_type = b.value("orderType", "GTC");
    if (order_type != "GTC" && order_type != "GTD" && order_type != "FOK" && order_type != "FAK")
        return refuse(400, "Invalid order payload");
    const bool post_only = b.contains("postOnly") && b["postOnly"].is_boolean() && b["postOnly"].get<bool>();
    if (post_only && order_type != "GTC" && order_type != "GTD")
        return refuse(400, "invalid post-only order: only GTC and GTD order types are allowed");
    const std::string expiration = o.contains("expiration") && o["expiration"].is_string() ? o["expiration"].get<std::string>() : "0";
    if (order_type == "GTD") {
        int64_t e = 0;
        try { e = std::stoll(expiration); } catch (const std::exception&) { e = 0; }
        if (e < now_s() + 180) return refuse(400, "invalid expiration");
    } else if (expiration != "0") {
        return refuse(400, "invalid expiration");
    }
    auto mk = markets_.find(v.token_id);
    if (mk == markets_.end()) return refuse(400, "Invalid order payload");
    if (lower(v.signer) != lower(wallet_)) return refuse(400, "the order signer address has to be the address of the API KEY");

    pm::Hash32 sh;
    try {
        sh = pm::order_struct_hash(v);
    } catch (const std::exception&) {
        return refuse(400, "Invalid order payload");
    }
    auto digest_for = [&](int version) {
        auto ex = pm::exchange_contract(chain_id_, mk->second.neg_risk, version);
        if (version == 1) ex = mk->second.neg_risk ? "0xC5d563A36AE78145C45a50134d48A1215220f80a"
                                                   : "0x4bFb41d5B3570DeFd03C39a9A4D8dE6Bd8B8982E";
        return pm::eip712::typed_digest(pm::exchange_domain_separator(chain_id_, *ex, version), sh);
    };
    const pm::Hash32 digest = digest_for(version_);
    auto signer = pm::recover_address(digest, sig);
    if (!signer || lower(*signer) != lower(v.signer)) {
        for (int other : {1, 2, 3}) {
            if (other == version_) continue;
            auto s = pm::recover_address(digest_for(other), sig);
            if (s && lower(*s) == lower(v.signer)) return refuse(400, "order_version_mismatch");
        }
        return refuse(400, "invalid signature");
    }
    const std::string id = pm::to_hex0x(digest);
    if (orders_.count(id)) return refuse(400, "order " + id + " is invalid. Duplicated.");

    // Price and size from the amounts: BUY pays maker for taker tokens, SELL the reverse.
    const i128 maker = std::stoll(v.maker_amount), taker = std::stoll(v.taker_amount);
    const i128 num = v.side == pm::OrderSide::buy ? maker : taker, den = v.side == pm::OrderSide::buy ? taker : maker;
    if (den <= 0) return refuse(400, "Invalid order payload");
    const int64_t price = static_cast<int64_t>(num * pm::kFixedScale / den);
    const int64_t tick = *pm::parse_fixed(mk->second.tick), min = *pm::parse_fixed(mk->second.min_size);
    if (num * pm::kFixedScale % den != 0 || price % tick != 0)
        return refuse(400, "order " + id + " is invalid. Price (" + pm::format_fixed(price) +
                               ") breaks minimum tick size rule: " + mk->second.tick);
    const int64_t size = static_cast<int64_t>(den) * (pm::kFixedScale / 1000000);
    if (size < min)
        return refuse(400, "order " + id + " is invalid. Size (" + pm::format_fixed(size) +
                               ") lower than the minimum: " + mk->second.min_size);
    // What a BUY costs in pUSD against the scripted balance (open orders reserve none here).
    if (balance_ >= 0 && v.side == pm::OrderSide::buy && static_cast<int64_t>(maker) * (pm::kFixedScale / 1000000) > balance_)
        return refuse(400, "not enough balance / allowance");
    Order ord;
    ord.id = id;
    ord.token = v.token_id;
    ord.side = v.side == pm::OrderSide::buy ? "BUY" : "SELL";
    ord.price = price;
    ord.original_size = size;
    ord.created_s = now_s();
    ord.order_type = order_type;
    ord.expiration = expiration;
    ord.post_only = post_only;
    orders_[id] = ord;
    return Response::json(200, json{{"success", true}, {"errorMsg", ""}, {"orderID", id}, {"status", "live"},
                                    {"takingAmount", ""}, {"makingAmount", ""}}
                                   .dump());
}

std::string PolymarketDouble::order_json(const Order& o) const {
    auto mk = markets_.find(o.token);
    return json{{"id", o.id}, {"status", "ORDER_STATUS_" + o.status}, {"owner", kApiKey}, {"maker_address", wallet_},
                {"market", mk == markets_.end() ? "" : mk->second.condition}, {"asset_id", o.token}, {"side", o.side},
                {"original_size", pm::format_fixed(o.original_size)}, {"size_matched", pm::format_fixed(o.size_matched)},
                {"price", pm::format_fixed(o.price)}, {"outcome", "Yes"}, {"expiration", o.expiration}, {"order_type", o.order_type},
                {"associate_trades", json::array()}, {"created_at", o.created_s}}
        .dump();
}

void PolymarketDouble::add_market(const std::string& token_id, const std::string& condition_id, const std::string& tick,
                                  const std::string& min_size, bool neg_risk) {
    std::lock_guard lk(mu_);
    markets_[token_id] = {condition_id, tick, min_size, neg_risk};
}

void PolymarketDouble::set_version(int version) {
    std::lock_guard lk(mu_);
    version_ = version;
}

void PolymarketDouble::set_key_created(bool created) {
    std::lock_guard lk(mu_);
    key_created_ = created;
}

bool PolymarketDouble::fill(const std::string& order_id, const std::string& size) {
    std::lock_guard lk(mu_);
    auto it = orders_.find(order_id);
    auto qty = pm::parse_fixed(size);
    if (it == orders_.end() || it->second.status != "LIVE" || !qty) return false;
    Order& o = it->second;
    if (o.size_matched + *qty > o.original_size) return false;
    o.size_matched += *qty;
    if (o.size_matched == o.original_size) o.status = "MATCHED";
    trades_.push_back({"trade-" + std::to_string(++trade_seq_), order_id, "MATCHED", o.price, *qty, now_s()});
    if (!user_silent_) {
        push_user(trade_event(trades_.back(), "MATCHED"));
        push_user(json{{"event_type", "order"}, {"type", "UPDATE"}, {"id", o.id}, {"owner", kApiKey},
                       {"market", markets_[o.token].condition}, {"asset_id", o.token}, {"side", o.side},
                       {"original_size", pm::format_fixed(o.original_size)},
                       {"size_matched", pm::format_fixed(o.size_matched)}, {"price", pm::format_fixed(o.price)},
                       {"timestamp", std::to_string(now_s() * 1000)}}
                      .dump());
    }
    return true;
}

std::string PolymarketDouble::order_status(const std::string& order_id) const {
    std::lock_guard lk(mu_);
    auto it = orders_.find(order_id);
    return it == orders_.end() ? std::string() : it->second.status;
}

std::size_t PolymarketDouble::order_count() const {
    std::lock_guard lk(mu_);
    return orders_.size();
}

std::vector<std::string> PolymarketDouble::order_ids() const {
    std::lock_guard lk(mu_);
    std::vector<std::string> out;
    for (const auto& [id, o] : orders_) out.push_back(id);
    return out;
}

std::vector<std::string> PolymarketDouble::errors() const {
    std::lock_guard lk(mu_);
    return errors_;
}

int PolymarketDouble::l2_failures() const {
    std::lock_guard lk(mu_);
    return l2_failures_;
}

PolymarketDouble::Sent PolymarketDouble::sent(const std::string& order_id) const {
    std::lock_guard lk(mu_);
    auto it = orders_.find(order_id);
    if (it == orders_.end()) return {};
    return {it->second.order_type, it->second.post_only ? "true" : "false", it->second.expiration};
}

void PolymarketDouble::set_balance(const std::string& pusd) {
    std::lock_guard lk(mu_);
    balance_ = pusd.empty() ? -1 : *pm::parse_fixed(pusd);
}

void PolymarketDouble::lose_next_batch_answer() {
    std::lock_guard lk(mu_);
    lose_batch_answer_ = true;
}

std::vector<int> PolymarketDouble::batch_sizes() const {
    std::lock_guard lk(mu_);
    return batch_sizes_;
}

int PolymarketDouble::cancel_batches() const {
    std::lock_guard lk(mu_);
    return cancel_batches_;
}

int PolymarketDouble::mass_cancels() const {
    std::lock_guard lk(mu_);
    return mass_cancels_;
}

}  // namespace tradehost::doubles
