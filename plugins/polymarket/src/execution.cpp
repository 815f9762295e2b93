// polymarket: the order path's dialect (see execution.hpp). Order states from
// docs.polymarket.com api-reference/trade (get single order, get open orders) and the
// trades listing's statuses (trading/orders/overview "Trade statuses"), read 2026-12-02.
#include "execution.hpp"

#include "orders/amounts.hpp"
#include "orders/contracts.hpp"
#include "orders/order_builder.hpp"

#include <nlohmann/json.hpp>

#include <tradehost/venue/sign.hpp>

#include <algorithm>
#include <chrono>

namespace tradehost::polymarket {

const std::vector<venue::ErrorRule>& error_table() {
    using K = venue::ErrorKind;
    static const std::vector<venue::ErrorRule> table = {
        {0, "", "not enough balance / allowance", K::insufficient_funds},
        {0, "", "breaks minimum tick size rule", K::invalid_request},
        {0, "", "lower than the minimum", K::invalid_request},
        {0, "", "is invalid. Duplicated.", K::duplicate_order},
        {0, "", "order crosses book", K::invalid_request},
        {0, "", "invalid expiration", K::invalid_request},
        {0, "", "order_version_mismatch", K::invalid_request},
        {0, "", "the market is not yet ready to process new orders", K::invalid_request},
        {0, "", "address banned", K::auth},
        {0, "", "closed only mode", K::invalid_request},
        {0, "", "Invalid L1 Request headers", K::auth},
        {0, "", "Unauthorized/Invalid api key", K::auth},
        {0, "", "the order signer address has to be the address of the API KEY", K::auth},
        {0, "", "the order owner has to be the owner of the API KEY", K::auth},
        {0, "", "invalid signature", K::auth},
        // 503 here means the exchange refused the request outright (not an unknown outcome).
        {503, "", "Trading is currently disabled", K::invalid_request},
        {503, "", "Trading is currently cancel-only", K::invalid_request},
        {0, "", "Invalid orderID", K::unknown_order},
        {0, "", "not found", K::unknown_order},
    };
    return table;
}

namespace {

venue::WorkerOptions worker_options(const PolymarketConfig& cfg) {
    venue::WorkerOptions o;
    o.venue = "polymarket";
    o.stream_label = "user channel";
    o.poll_interval = cfg.poll_interval;
    return o;
}

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// An order's state as th_order_status (LIVE, MATCHED, CANCELED, CANCELED_MARKET_RESOLVED,
// INVALID, UNMATCHED, DELAYED).
uint8_t status_of(const VenueOrder& o) {
    if (o.status == "LIVE" || o.status == "DELAYED" || o.status == "UNMATCHED")
        return o.size_matched > 0 ? TH_STATUS_PARTIALLY_FILLED : TH_STATUS_NEW;
    if (o.status == "MATCHED") return TH_STATUS_FILLED;
    if (o.status.rfind("CANCELED", 0) == 0) return TH_STATUS_CANCELED;
    if (o.status == "INVALID") return TH_STATUS_REJECTED;
    return TH_STATUS_NEW;
}

venue::OrderUpdate update_of(const VenueOrder& o) {
    venue::OrderUpdate u;
    u.venue_order_id = o.id;
    u.status = status_of(o);
    u.executed_qty = o.size_matched;
    if (u.status == TH_STATUS_REJECTED) u.reason = "invalid at the exchange";
    if (o.status == "CANCELED_MARKET_RESOLVED") u.reason = "market resolved";
    return u;
}

// One trade of ours as the worker's fill. MATCHED, MINED, CONFIRMED and RETRYING are one fill
// under one id (the ledger keeps it once). FAILED never settled: a reversal, which undoes the
// fill if it was counted while MATCHED and does nothing if it never was (docs/venue-kit.md,
// "Reversed fills"); the same trade seen FAILED again, on the stream or over REST, is
// reversed once.
venue::FillUpdate fill_update_of(const TradeFill& t) {
    venue::FillUpdate f;
    f.fill_id = fill_id_of(t.trade_id, t.order_id);
    f.venue_order_id = t.order_id;
    f.px = t.price;
    f.qty = t.size;
    f.ts_ns = t.match_time_s * 1000000000;
    f.reversal = t.status == "FAILED";
    return f;
}

const char* order_type_of(uint8_t tif) {
    switch (tif) {
    case TH_TIF_GTC: return "GTC";
    case TH_TIF_IOC: return "FAK";  // fill what can be filled, kill the rest
    case TH_TIF_FOK: return "FOK";
    case TH_TIF_GTD: return "GTD";  // ABI 1.2: with `expiration`
    default: return nullptr;
    }
}

// GTD (docs.polymarket.com trading/orders/overview and trading/place-orders, read 2026-12-02):
// the CLOB expires an order one minute before its `expiration` (a security threshold), so an
// order meant to live until T is sent with expiration T + 60 s; and it refuses an expiration
// less than 3 minutes ahead, so the shortest lifetime it takes is 2 minutes.
constexpr int64_t kGtdThresholdS = 60;
constexpr int64_t kGtdMinAheadS = 180;

// Unix seconds of `expire_time_ns`, rounded up: the order never expires before asked.
int64_t expire_seconds(th_time_ns expire_time_ns) { return (expire_time_ns + 999999999) / 1000000000; }

int64_t now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

Execution::Execution(Host host, const PolymarketConfig& cfg, const Wallet& wallet, ApiCreds env_creds)
    : host_(host), cfg_(cfg), wallet_(wallet), env_creds_(std::move(env_creds)), worker_(host, *this, worker_options(cfg)) {
    RestOptions ro;
    ro.base_url = cfg.rest_url;
    ro.chain_id = cfg.chain_id;
    ro.verify_tls = cfg.verify_tls;
    ro.timeout = cfg.http_timeout;
    ro.backoff_fallback = cfg.rate_limit_backoff;
    rest_ = std::make_unique<ClobRest>(std::move(ro), wallet_, [this](std::chrono::milliseconds wait) {
        host_.metric_add("rate_limited", 1);
        host_.warn("polymarket answered 429: backing off " + std::to_string(wait.count()) + " ms");
    });
    std::string saved;
    if (host_.state_get("order_hashes", saved) && !saved.empty()) {
        auto j = nlohmann::json::parse(saved, nullptr, false);
        if (j.is_object())
            for (auto it = j.begin(); it != j.end(); ++it)
                if (it.value().is_string()) hashes_[it.key()] = it.value().get<std::string>();
    }
}

Execution::~Execution() { worker_.stop(); }

bool Execution::open_stream(venue::ExecutionWorker& worker) {
    if (cfg_.user_ws_url.empty()) return false;
    // {"auth": {...}, "markets": [condition ids], "type": "user"} (user-channel docs).
    nlohmann::json markets = nlohmann::json::array();
    for (const auto& [token, m] : markets_)
        if (std::find(markets.begin(), markets.end(), m.market) == markets.end()) markets.push_back(m.market);
    const ApiCreds& c = rest_->creds();
    user_subscription_ = nlohmann::json{{"auth", {{"apiKey", c.key}, {"secret", c.secret}, {"passphrase", c.passphrase}}},
                                        {"markets", markets},
                                        {"type", "user"}}
                             .dump();
    venue::WsOptions wo;
    wo.url = cfg_.user_ws_url;
    wo.verify_tls = cfg_.verify_tls;
    wo.ping_interval = std::chrono::milliseconds(0);  // the venue's heartbeat is a text "PING"
    wo.idle_timeout = cfg_.ping_interval * 3;
    wo.reconnect_min = cfg_.reconnect_min;
    wo.reconnect_max = cfg_.reconnect_max;
    venue::WsClient::Handlers h;
    h.on_open = [this, &worker](venue::WsClient& ws) {
        ws.send(user_subscription_);
        worker.stream_up();
    };
    h.on_message = [&worker](std::string_view text) {
        if (text != "PONG") worker.stream_message(std::string(text));
    };
    h.on_close = [&worker](std::string_view reason, bool will_retry) {
        if (will_retry) worker.stream_down("user channel: " + std::string(reason));
    };
    user_ws_ = std::make_unique<venue::WsClient>(std::move(wo), std::move(h));
    user_ws_->start();
    hb_ = std::thread([this] { heartbeat(); });
    return true;
}

void Execution::heartbeat() {
    std::unique_lock lk(hb_mu_);
    while (!hb_cv_.wait_for(lk, cfg_.ping_interval, [&] { return hb_stop_; }))
        if (user_ws_->connected()) user_ws_->send("PING");
}

void Execution::close_stream() {
    {
        std::lock_guard lk(hb_mu_);
        hb_stop_ = true;
    }
    hb_cv_.notify_all();
    if (hb_.joinable()) hb_.join();
    if (user_ws_) user_ws_->stop();
    venue::secure_clear(user_subscription_);
}

venue::StreamOutcome Execution::on_stream_message(std::string_view text) {
    venue::StreamOutcome out;
    std::vector<UserEvent> events;
    try {
        events = parse_user_frame(std::string(text), rest_->creds().key);
    } catch (const std::exception& e) {
        host_.metric_add("user_messages_skipped", 1);
        host_.warn(std::string("polymarket user channel: message skipped: ") + e.what());
        return out;
    }
    for (const auto& ev : events) {
        if (ev.is_order) {
            out.updates.orders.push_back(update_of(ev.order));
            continue;
        }
        for (const auto& t : ev.fills) {
            if (t.status == "FAILED") {
                host_.warn("polymarket: trade " + t.trade_id + " of order " + t.order_id + " FAILED on chain");
                host_.metric_add("trades_failed", 1);
            }
            out.updates.fills.push_back(fill_update_of(t));
        }
    }
    return out;
}

venue::VenueError Execution::error_of(const venue::HttpResponse& r) const {
    if (r.status == 0) return venue::venue_error(error_table(), 0, "", "no response: " + r.error);
    return venue::venue_error(error_table(), static_cast<int>(r.status), std::to_string(r.status),
                              error_message(r.body));
}

// Credentials: from the environment when configured; otherwise derived from the wallet
// under `api_nonce` (GET /auth/derive-api-key), or created (POST /auth/api-key) the first
// time. Only the key id and nonce are saved (state "api_creds"): the secret and passphrase
// are derived again at each start, so they never reach the journal or a log.
bool Execution::load_credentials(std::string& why) {
    if (!env_creds_.empty()) {
        rest_->set_creds(env_creds_);
        return true;
    }
    venue::HttpResponse r = rest_->derive_api_key(cfg_.api_nonce);
    if (!r.ok()) {
        host_.info("polymarket: no API key to derive under nonce " + std::to_string(cfg_.api_nonce) + " (" +
                   error_message(r.body) + "): creating one");
        r = rest_->create_api_key(cfg_.api_nonce);
    }
    if (!r.ok()) {
        why = "API credentials: " + worker_.describe(error_of(r));
        return false;
    }
    ApiCreds creds = parse_creds(r.body);
    std::string saved;
    if (host_.state_get("api_creds", saved) && !saved.empty()) {
        auto j = nlohmann::json::parse(saved, nullptr, false);
        if (j.is_object() && j.value("key", "") != creds.key)
            host_.warn("polymarket: the API key derived for nonce " + std::to_string(cfg_.api_nonce) +
                       " differs from the one saved: credentials were rotated");
    }
    nlohmann::json keep = {{"key", creds.key}, {"nonce", cfg_.api_nonce}, {"address", wallet_.address()}};
    host_.state_put("api_creds", keep.dump());
    host_.info("polymarket: API key " + creds.key + " for " + wallet_.address());
    rest_->set_creds(std::move(creds));
    return true;
}

bool Execution::connect(std::string& why) {
    rest_->resume();  // a stop() before this connect woke and ended its waits
    try {
        if (rest_->creds().empty() && !load_credentials(why)) return false;
        venue::HttpResponse v = rest_->version();
        if (!v.ok()) {
            why = "GET /version: " + worker_.describe(error_of(v));
            return false;
        }
        const int version = parse_version(v.body);
        if (!order_version_supported(version)) {
            why = "the exchange announces order version " + std::to_string(version) +
                  ", which this adapter does not sign (it signs 2 and 3)";
            return false;
        }
        if (version != version_) host_.info("polymarket: signing order version " + std::to_string(version));
        version_ = version;
        for (const auto& token : cfg_.tokens) {
            venue::HttpResponse b = rest_->book(token);
            if (!b.ok()) {
                why = "GET /book " + token + ": " + worker_.describe(error_of(b));
                return false;
            }
            MarketMeta m = parse_book_meta(b.body);
            if (m.hash_given && m.hash_ok) host_.metric_add("book_hashes_verified", 1);
            if (m.hash_given && !m.hash_ok) {
                host_.metric_add("book_hash_mismatches", 1);
                host_.warn("polymarket: GET /book " + token + ": the answer's hash does not match its contents");
            }
            th_instrument_info info{};
            info.size = sizeof info;
            info.asset_class = TH_ASSET_PREDICTION_OUTCOME;
            info.tick_size = m.tick;
            info.lot_size = TH_FIXED_SCALE / 100;  // sizes are rounded down to 2 decimals
            info.min_qty = m.min_size;
            info.min_price = m.tick;
            info.max_price = TH_FIXED_SCALE - m.tick;
            copy_str(info.currency, "pUSD");
            copy_str(info.venue, "polymarket");
            copy_str(info.group, m.market);
            host_.set_instrument_info(host_.intern(token), info);
            markets_[token] = std::move(m);
        }
        return true;
    } catch (const std::exception& e) {
        why = std::string("unreadable answer: ") + e.what();
        return false;
    }
}

void Execution::set_tick(const std::string& token, th_fixed tick) {
    worker_.post([this, token, tick] {
        auto it = markets_.find(token);
        if (it != markets_.end()) it->second.tick = tick;
    });
}

std::optional<std::string> Execution::check_new(const th_order_request& req) {
    const std::string token = host_.symbol(req.instrument);
    auto it = markets_.find(token);
    if (it == markets_.end()) return "unknown token " + token + ": not in `tokens`";
    if (req.order_type != TH_ORDER_LIMIT) return std::string("only limit orders (GTC, FAK, FOK) are supported");
    if (!order_type_of(req.tif)) return std::string("time in force must be GTC, GTD, IOC (FAK) or FOK");
    const uint32_t flags = req.flags;
    if (flags & TH_ORDER_FLAG_REDUCE_ONLY) return std::string("Polymarket has no reduce-only orders");
    if (flags & TH_ORDER_FLAG_PERSIST) return std::string("Polymarket has no persist flag (a betting exchange's)");
    if (flags & ~static_cast<uint32_t>(TH_ORDER_FLAG_POST_ONLY | TH_ORDER_FLAG_REDUCE_ONLY | TH_ORDER_FLAG_PERSIST))
        return "unknown order flags " + std::to_string(flags);
    // Post-only rests or is refused: only for the resting types (the CLOB's own wording).
    if ((flags & TH_ORDER_FLAG_POST_ONLY) && (req.tif == TH_TIF_IOC || req.tif == TH_TIF_FOK))
        return std::string("rejected locally: invalid post-only order: only GTC and GTD order types are allowed");
    if (req.tif == TH_TIF_GTD) {
        if (req.expire_time_ns <= 0) return std::string("GTD needs expire_time_ns");
        const int64_t expiration = expire_seconds(req.expire_time_ns) + kGtdThresholdS;
        if (expiration < now_s() + kGtdMinAheadS)
            return "rejected locally: invalid expiration: " + std::to_string(expiration) +
                   " (the expiry plus Polymarket's 60 s threshold) must be at least 3 minutes ahead";
    } else if (req.expire_time_ns != 0) {
        return std::string("expire_time_ns is only for GTD orders");
    }
    if (auto bad = check_limit_order(venue::id_of(req.client_order_id), req.limit_px, req.qty, it->second.tick,
                                     it->second.min_size))
        return "rejected locally: " + *bad;
    return std::nullopt;
}

void Execution::save_hashes() {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [coid, hash] : hashes_) j[coid] = hash;
    host_.state_put("order_hashes", j.dump());
}

std::string Execution::hash_of(const venue::LedgerOrder& order) const {
    if (!order.venue_order_id.empty()) return order.venue_order_id;
    auto it = hashes_.find(order.client_order_id);
    return it == hashes_.end() ? std::string() : it->second;
}

std::string Execution::signed_body(const th_order_request& req, const venue::LedgerOrder& order, std::string& hash) {
    const std::string token = host_.symbol(req.instrument);
    const MarketMeta& m = markets_.at(token);
    OrderRequest o;
    o.token_id = token;
    o.side = req.side == TH_SIDE_SELL ? OrderSide::sell : OrderSide::buy;
    Amounts a = limit_order_amounts(o.side, req.limit_px, req.qty, *round_config(m.tick));
    o.maker_amount = a.maker;
    o.taker_amount = a.taker;
    o.salt = random_salt();
    o.timestamp_ms = std::to_string(now_ms());
    if (req.tif == TH_TIF_GTD) o.expiration = std::to_string(expire_seconds(req.expire_time_ns) + kGtdThresholdS);
    SignedOrder s = sign_order(wallet_, cfg_.account, cfg_.chain_id, m.neg_risk, version_, o);
    hash = to_hex0x(s.digest);
    hashes_[order.client_order_id] = hash;  // the caller saves it before sending
    return order_body(s, rest_->creds().key, order_type_of(req.tif), (req.flags & TH_ORDER_FLAG_POST_ONLY) != 0);
}

// The exchange moved to another order version (ORDER_VERSION_MISMATCH_ERROR): ask again, as
// the official client does. True when it now announces another version this adapter signs.
bool Execution::refresh_version() {
    venue::HttpResponse v = rest_->version();
    if (!v.ok()) return false;
    const int version = parse_version(v.body);
    if (!order_version_supported(version) || version == version_) return false;
    host_.warn("polymarket: order version changed from " + std::to_string(version_) + " to " + std::to_string(version) +
               ": signing again");
    version_ = version;
    return true;
}

venue::Outcome Execution::accepted(const venue::LedgerOrder& order, const PostAnswer& ans, const std::string& hash) {
    venue::Outcome out;
    venue::OrderUpdate u;
    u.client_order_id = order.client_order_id;
    u.venue_order_id = ans.order_id.empty() ? hash : ans.order_id;
    u.status = TH_STATUS_NEW;
    out.orders.push_back(std::move(u));
    // A marketable order matched at once: its trades arrive by reconciliation.
    if (ans.status == "matched") worker_.request_reconcile("order matched on entry");
    return out;
}

venue::Outcome Execution::place(const th_order_request& req, const venue::LedgerOrder& order) {
    venue::Outcome out;
    for (int attempt = 0;; ++attempt) {
        std::string hash;
        const std::string body = signed_body(req, order, hash);
        // Saved before sending: a lost answer or a crash still finds the order by its hash.
        save_hashes();
        venue::HttpResponse r = rest_->post_order(body);
        if (r.ok()) {
            PostAnswer ans = parse_post_answer(r.body);
            if (!ans.success) {
                out.error = venue::venue_error(error_table(), static_cast<int>(r.status), "", ans.error_msg);
                return out;
            }
            return accepted(order, ans, hash);
        }
        out.error = error_of(r);
        if (attempt == 0 && error_message(r.body).find("order_version_mismatch") != std::string::npos &&
            refresh_version()) {
            out = {};
            continue;
        }
        return out;
    }
}

namespace {
// What happened to an order of a batch is not known (the answer is unreadable or lacks it):
// the worker looks it up by its hash.
venue::VenueError unknown_outcome(std::string why) {
    venue::VenueError e;
    e.kind = venue::ErrorKind::server;
    e.message = std::move(why);
    return e;
}
}  // namespace

// POST /orders: every order signed as place signs it, every hash saved before the request,
// one answer entry per order (OrderResponse: success, errorMsg, orderID, status). Entries are
// matched to orders by orderID (the order's hash); an entry without one stands for the order
// at its place in the array (the CLOB answers in the order sent). A request that fails as a
// whole fails every order with its error; an order the answer does not cover is unknown.
std::vector<venue::Outcome> Execution::place_batch(const std::vector<const th_order_request*>& reqs,
                                                   const std::vector<const venue::LedgerOrder*>& orders) {
    const std::size_t n = std::min(reqs.size(), orders.size());
    std::vector<venue::Outcome> out(n);
    std::vector<std::string> hashes(n);
    std::string body = "[";
    for (std::size_t i = 0; i < n; ++i) {
        if (i) body += ',';
        body += signed_body(*reqs[i], *orders[i], hashes[i]);
    }
    body += ']';
    save_hashes();
    venue::HttpResponse r = rest_->post_orders(body, static_cast<uint32_t>(n));
    if (!r.ok()) {
        const venue::VenueError e = error_of(r);
        for (auto& o : out) o.error = e;
        return out;
    }
    std::vector<PostAnswer> answers;
    try {
        answers = parse_post_answers(r.body);
    } catch (const std::exception& e) {
        for (auto& o : out) o.error = unknown_outcome(std::string("unreadable POST /orders answer: ") + e.what());
        return out;
    }
    std::vector<bool> answered(n, false);
    std::vector<std::size_t> version_refused;
    for (std::size_t k = 0; k < answers.size(); ++k) {
        const PostAnswer& a = answers[k];
        std::size_t i = n;
        if (!a.order_id.empty()) i = std::find(hashes.begin(), hashes.end(), a.order_id) - hashes.begin();
        else if (k < n) i = k;
        if (i >= n || answered[i]) continue;
        answered[i] = true;
        if (a.success) {
            out[i] = accepted(*orders[i], a, hashes[i]);
            continue;
        }
        out[i].error = venue::venue_error(error_table(), static_cast<int>(r.status), "", a.error_msg);
        if (a.error_msg.find("order_version_mismatch") != std::string::npos) version_refused.push_back(i);
    }
    for (std::size_t i = 0; i < n; ++i)
        if (!answered[i]) out[i].error = unknown_outcome("order " + hashes[i] + " missing from the POST /orders answer");
    // Refused for the version only: signed again for the new one, each on its own.
    if (!version_refused.empty() && refresh_version())
        for (std::size_t i : version_refused) out[i] = place(*reqs[i], *orders[i]);
    return out;
}

venue::Outcome Execution::cancel_outcome(const venue::LedgerOrder& order, const std::string& hash,
                                         const CancelAnswer& a, int http_status) const {
    venue::Outcome out;
    for (const auto& id : a.canceled) {
        if (id != hash) continue;
        venue::OrderUpdate u;
        u.client_order_id = order.client_order_id;
        u.venue_order_id = hash;
        u.status = TH_STATUS_CANCELED;
        out.orders.push_back(std::move(u));
        return out;
    }
    for (const auto& [id, reason] : a.not_canceled)
        if (id == hash) {
            out.error = venue::venue_error(error_table(), http_status, "", reason);
            return out;
        }
    out.error = venue::venue_error(error_table(), http_status, "", "order not in the cancel answer");
    return out;
}

venue::Outcome Execution::cancel(const venue::LedgerOrder& order) {
    venue::Outcome out;
    const std::string hash = hash_of(order);
    venue::HttpResponse r = rest_->cancel_order(hash);
    if (!r.ok()) {
        out.error = error_of(r);
        return out;
    }
    return cancel_outcome(order, hash, parse_cancel_answer(r.body), static_cast<int>(r.status));
}

// DELETE /orders with the orders' hashes; the answer ({"canceled": [...], "not_canceled":
// {hash: reason}}) read for each order as DELETE /order's is.
std::vector<venue::Outcome> Execution::cancel_batch(const std::vector<const venue::LedgerOrder*>& orders) {
    std::vector<venue::Outcome> out(orders.size());
    nlohmann::json ids = nlohmann::json::array();
    for (const auto* o : orders) ids.push_back(hash_of(*o));
    venue::HttpResponse r = rest_->cancel_orders(ids.dump(), static_cast<uint32_t>(orders.size()));
    if (!r.ok()) {
        const venue::VenueError e = error_of(r);
        for (auto& o : out) o.error = e;
        return out;
    }
    CancelAnswer a;
    try {
        a = parse_cancel_answer(r.body);
    } catch (const std::exception& e) {
        for (auto& o : out) o.error = unknown_outcome(std::string("unreadable DELETE /orders answer: ") + e.what());
        return out;
    }
    for (std::size_t i = 0; i < orders.size(); ++i)
        out[i] = cancel_outcome(*orders[i], ids[i].get<std::string>(), a, static_cast<int>(r.status));
    return out;
}

std::optional<venue::Outcome> Execution::cancel_all(std::string_view market) {
    venue::Outcome out;
    if (!market.empty()) {
        const bool ours = std::any_of(markets_.begin(), markets_.end(),
                                      [&](const auto& kv) { return kv.second.market == market; });
        if (!ours) {
            out.error = venue::venue_error(error_table(), 0, "",
                                           "market " + std::string(market) + " is not a market of `tokens`");
            return out;
        }
    }
    venue::HttpResponse r = market.empty() ? rest_->cancel_all() : rest_->cancel_market_orders(std::string(market), "");
    if (!r.ok()) {
        out.error = error_of(r);
        return out;
    }
    // {"canceled": [order hashes], "not_canceled": {hash: reason}}: the ledger's orders among
    // the canceled end; the rest were another client's or already done.
    for (const auto& id : parse_cancel_answer(r.body).canceled) {
        venue::OrderUpdate u;
        u.venue_order_id = id;
        u.status = TH_STATUS_CANCELED;
        out.orders.push_back(std::move(u));
    }
    return out;
}

venue::Lookup Execution::query_order(const venue::LedgerOrder& order) {
    venue::Lookup l;
    const std::string hash = hash_of(order);
    if (hash.empty()) {
        l.found = venue::Lookup::Found::no;  // never signed, so never sent
        return l;
    }
    venue::HttpResponse r = rest_->order(hash);
    // The CLOB answers an order it does not know with 404 or a null body.
    if (r.status == 404 || (r.ok() && (r.body == "null" || r.body.empty()))) {
        l.found = venue::Lookup::Found::no;
        l.error = error_of(r);
        return l;
    }
    if (!r.ok()) {
        l.error = error_of(r);
        return l;
    }
    l.order = update_of(parse_order(r.body));
    l.order.client_order_id = order.client_order_id;
    l.found = venue::Lookup::Found::yes;
    return l;
}

std::optional<venue::Outcome> Execution::query_open_orders() {
    venue::Outcome out;
    std::string cursor;
    for (int page = 0; page < 1000; ++page) {
        venue::HttpResponse r = rest_->open_orders(cursor);
        if (!r.ok()) {
            out.error = error_of(r);
            return out;
        }
        OrdersPage p = parse_orders_page(r.body);
        for (const auto& o : p.orders) out.orders.push_back(update_of(o));
        if (p.next_cursor.empty() || p.next_cursor == kEndCursor || p.next_cursor == cursor) break;
        cursor = p.next_cursor;
    }
    return out;
}

venue::Outcome Execution::query_fills_since(int64_t since_ns, const std::vector<const venue::LedgerOrder*>&) {
    venue::Outcome out;
    std::string cursor;
    const int64_t after_s = since_ns > 0 ? since_ns / 1000000000 : 0;
    for (int page = 0; page < 1000; ++page) {
        venue::HttpResponse r = rest_->trades(after_s, cursor);
        if (!r.ok()) {
            out.error = error_of(r);
            return out;
        }
        TradesPage p = parse_trades_page(r.body, rest_->creds().key);
        for (const auto& t : p.fills) out.fills.push_back(fill_update_of(t));
        if (p.next_cursor.empty() || p.next_cursor == kEndCursor || p.next_cursor == cursor) break;
        cursor = p.next_cursor;
    }
    return out;
}

}  // namespace tradehost::polymarket
