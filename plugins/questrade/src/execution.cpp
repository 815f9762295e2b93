// questrade: the order path's dialect for the kit's execution worker (see execution.hpp).
#include "execution.hpp"

#include <tradehost/venue/encoding.hpp>
#include <tradehost/venue/json.hpp>

#include <algorithm>

namespace tradehost::questrade {

namespace venue = tradehost::venue;
namespace json = tradehost::venue::json;

namespace {

// Enumerations from rest-operations/enumerations (OrderType, OrderTimeInForce, OrderAction).
const char* order_type_name(uint8_t t) {
    switch (t) {
    case TH_ORDER_MARKET: return "Market";
    case TH_ORDER_LIMIT: return "Limit";
    case TH_ORDER_STOP: return "Stop";
    case TH_ORDER_STOP_LIMIT: return "StopLimit";
    default: return nullptr;
    }
}

const char* tif_name(uint8_t t) {
    switch (t) {
    case TH_TIF_DAY: return "Day";
    case TH_TIF_GTC: return "GoodTillCanceled";
    case TH_TIF_IOC: return "ImmediateOrCancel";
    case TH_TIF_FOK: return "FillOrKill";
    default: return nullptr;
    }
}

bool has_limit(uint8_t t) { return t == TH_ORDER_LIMIT || t == TH_ORDER_STOP_LIMIT; }
bool has_stop(uint8_t t) { return t == TH_ORDER_STOP || t == TH_ORDER_STOP_LIMIT; }

venue::WorkerOptions worker_options(const QuestradeConfig& cfg) {
    venue::WorkerOptions o;
    o.venue = "questrade";
    o.fill_overlap = std::chrono::nanoseconds(Execution::kOverlapNs);
    o.connect_retry_min = std::chrono::milliseconds(cfg.reconnect_min_ns / 1000000);
    o.connect_retry_max = std::chrono::milliseconds(cfg.reconnect_max_ns / 1000000);
    // No order stream: every poll is a reconciliation, so the poll interval is its rate limit.
    o.poll_interval = std::chrono::milliseconds(cfg.poll_interval_ns / 1000000);
    o.min_reconcile_interval = o.poll_interval;
    return o;
}

venue::VenueError auth_error(const AuthError& e) {
    venue::VenueError v;
    v.kind = venue::ErrorKind::auth;
    v.message = std::string("not sent: ") + e.what();
    return v;
}

}  // namespace

Execution::Execution(Shared& shared) : sh_(shared), worker_(shared.host, *this, worker_options(shared.cfg)) {}

Execution::~Execution() { worker_.stop(); }

venue::VenueError Execution::error_of(const RestReply& r) const {
    venue::VenueError e;
    e.http_status = static_cast<int>(r.status);
    if (!r.transport_error.empty()) {
        e.kind = venue::ErrorKind::transport;
        e.message = r.transport_error;
        return e;
    }
    e.kind = venue::classify({}, e.http_status, "", "");
    if (r.error) {
        if (r.error->code != 0) e.code = std::to_string(r.error->code);
        e.message = r.error->message;
    }
    if (e.message.empty()) e.message = r.describe();
    if (r.status == 429) e.message = "rate limited (429): not sent";
    if (r.status == 401) e.message = "access token refused (401): not sent";
    return e;
}

bool Execution::connect(std::string& why) {
    if (!rest_) rest_ = std::make_unique<Rest>(sh_.session, sh_.limiter, sh_.http_options(), sh_.rest_hooks());
    if (!auth_failure_.empty()) {
        why = auth_failure_;  // final until a new refresh token: no hammering of the login server
        return false;
    }
    try {
        // GET v1/accounts (rest-operations/account-calls/accounts). The first call logs in.
        RestReply r = rest_->get("v1/accounts", Category::kAccount);
        if (!r.ok()) {
            why = "accounts: " + r.describe();
            sh_.status(TH_VENUE_DISCONNECTED, "questrade: " + why);
            return false;
        }
        const std::vector<Account> accounts = parse_accounts(r.body);
        std::string chosen;
        for (const auto& a : accounts)
            if (!sh_.cfg.account.empty() ? a.number == sh_.cfg.account : a.is_primary) chosen = a.number;
        if (chosen.empty() && sh_.cfg.account.empty() && !accounts.empty()) chosen = accounts.front().number;
        if (chosen.empty()) {
            why = "account " + (sh_.cfg.account.empty() ? std::string("(primary)") : sh_.cfg.account) +
                  " is not among this login's accounts";
            sh_.status(TH_VENUE_DISCONNECTED, "questrade: " + why);
            return false;
        }
        account_ = chosen;
    } catch (const AuthError& e) {
        why = std::string("not logged in: ") + e.what();
        if (e.final()) {
            auth_failure_ = why;
            sh_.host.error(std::string("questrade: ") + e.what());
        }
        sh_.status(TH_VENUE_DISCONNECTED, std::string("questrade login: ") + e.what());
        return false;
    }
    // Orders sent but never answered before a restart: find them by listing.
    for (const venue::LedgerOrder* o : worker_.ledger().open_orders())
        if (o->venue_order_id.empty()) pending_.emplace(o->client_order_id, Pending{});
    sh_.status(TH_VENUE_CONNECTED, "questrade: logged in, account " + account_);
    return true;
}

int64_t Execution::symbol_id(const th_order_request& req) {
    const std::string symbol = sh_.host.symbol(req.instrument);
    const auto ids = sh_.symbols.resolve(*rest_, {symbol});
    auto it = ids.find(symbol);
    return it == ids.end() ? 0 : it->second;
}

std::optional<std::string> Execution::check_new(const th_order_request& req) {
    if (!order_type_name(req.order_type)) return "unsupported order_type " + std::to_string(req.order_type);
    if (!tif_name(req.tif)) return "unsupported tif " + std::to_string(req.tif);
    // Questrade quantities are whole shares (OrderRequest.quantity is an Integer).
    if (req.qty % TH_FIXED_SCALE != 0) return std::string("quantity must be a positive whole number of shares");
    if (has_limit(req.order_type) && req.limit_px <= 0) return std::string("missing limit price");
    if (has_stop(req.order_type) && req.stop_px <= 0) return std::string("missing stop price");
    try {
        if (symbol_id(req) == 0) return "unknown symbol " + sh_.host.symbol(req.instrument) + " at Questrade";
    } catch (const std::exception& e) {
        return std::string("symbol lookup failed: ") + e.what();
    }
    return std::nullopt;
}

std::string Execution::order_body(const th_order_request& req, int64_t symbol_id) const {
    // OrderRequest (rest-operations/order-calls/accounts-id-orders).
    std::string b = "{\"accountNumber\":\"" + account_ + "\",\"symbolId\":" + std::to_string(symbol_id) +
                    ",\"quantity\":" + std::to_string(req.qty / TH_FIXED_SCALE);
    if (has_limit(req.order_type)) b += ",\"limitPrice\":" + json::fixed_to_text(req.limit_px);
    if (has_stop(req.order_type)) b += ",\"stopPrice\":" + json::fixed_to_text(req.stop_px);
    b += ",\"isAllOrNone\":false,\"isAnonymous\":false,\"orderType\":\"";
    b += order_type_name(req.order_type);
    b += "\",\"timeInForce\":\"";
    b += tif_name(req.tif);
    b += "\",\"action\":\"";
    b += req.side == TH_SIDE_BUY ? "Buy" : "Sell";
    b += "\",\"primaryRoute\":\"AUTO\",\"secondaryRoute\":\"AUTO\"}";
    return b;
}

venue::OrderUpdate Execution::to_update(const VenueOrder& vo) {
    venue::OrderUpdate u;
    u.venue_order_id = std::to_string(vo.id);
    u.status = static_cast<uint8_t>(map_order_state(vo.state));
    u.executed_qty = vo.filled_qty;
    u.ts_ns = wall_ns();
    u.reason = vo.reject_reason;
    if (const venue::LedgerOrder* o = worker_.ledger().order_by_venue_id(u.venue_order_id)) {
        u.client_order_id = o->client_order_id;
        if (vo.creation_ns) created_ns_[o->client_order_id] = vo.creation_ns;
    }
    return u;
}

venue::Outcome Execution::place(const th_order_request& req, const venue::LedgerOrder& order) {
    venue::Outcome out;
    const std::string cid = order.client_order_id;
    const int64_t sid = symbol_id(req);
    const int64_t sent_ns = wall_ns();
    RestReply r;
    try {
        r = rest_->post("v1/accounts/" + account_ + "/orders", order_body(req, sid), Category::kOrder);
    } catch (const AuthError& e) {
        out.error = auth_error(e);
        return out;
    }
    if (!r.transport_error.empty() || r.status >= 500) {
        // Unknown outcome: never resend (no client order id to dedupe); query_order lists.
        pending_[cid] = Pending{sid, sent_ns, 0};
        out.error = error_of(r);
        return out;
    }
    if (!r.ok()) {
        out.error = error_of(r);
        return out;
    }
    OrderResponse resp;
    try {
        resp = parse_order_response(r.body);
    } catch (const ParseError& e) {
        pending_[cid] = Pending{sid, sent_ns, 0};
        out.error.kind = venue::ErrorKind::transport;
        out.error.message = std::string("order answer unreadable: ") + e.what();
        return out;
    }
    venue::OrderUpdate u;
    u.client_order_id = cid;
    if (resp.order_id != 0) u.venue_order_id = std::to_string(resp.order_id);
    for (const VenueOrder& vo : resp.orders)
        if (vo.id == resp.order_id && vo.creation_ns) created_ns_[cid] = vo.creation_ns;
    if (resp.error) {
        // Order-processing error: the order exists at Questrade, rejected (error-handling page).
        u.status = TH_STATUS_REJECTED;
        u.reason = resp.error->message;
    }
    out.orders.push_back(std::move(u));
    return out;
}

venue::Outcome Execution::cancel(const venue::LedgerOrder& order) {
    venue::Outcome out;
    RestReply r;
    try {
        // DELETE v1/accounts/:id/orders/:orderId (rest-operations/order-calls/accounts-id-orders-orderid).
        r = rest_->del("v1/accounts/" + account_ + "/orders/" + order.venue_order_id, Category::kOrder);
    } catch (const AuthError& e) {
        out.error = auth_error(e);
        return out;
    }
    if (!r.ok()) {
        out.error = error_of(r);
        return out;
    }
    // The cancel is asynchronous at Questrade: read the order's state now, polls finish the job.
    try {
        RestReply s = rest_->get("v1/accounts/" + account_ + "/orders/" + order.venue_order_id, Category::kAccount);
        if (s.ok())
            for (const VenueOrder& vo : parse_orders(s.body)) out.orders.push_back(to_update(vo));
    } catch (const std::exception& e) {
        sh_.host.warn(std::string("questrade: order state after cancel unknown: ") + e.what());
    }
    return out;
}

venue::Outcome Execution::replace(const th_order_request& req, const venue::LedgerOrder& old,
                                  const venue::LedgerOrder& next) {
    venue::Outcome out;
    th_order_request full = req;
    full.instrument = old.instrument;
    full.side = old.side;
    if (auto why = check_new(full)) {
        out.error.kind = venue::ErrorKind::invalid_request;
        out.error.message = *why;
        return out;
    }
    RestReply r;
    try {
        // POST v1/accounts/:id/orders/:orderId replaces; the answer names the new order in the chain.
        r = rest_->post("v1/accounts/" + account_ + "/orders/" + old.venue_order_id,
                        order_body(full, symbol_id(full)), Category::kOrder);
    } catch (const AuthError& e) {
        out.error = auth_error(e);
        return out;
    }
    if (!r.ok()) {
        out.error = error_of(r);
        return out;
    }
    OrderResponse resp;
    try {
        resp = parse_order_response(r.body);
    } catch (const ParseError& e) {
        out.error.kind = venue::ErrorKind::other;
        out.error.message = std::string("replace answer unreadable: ") + e.what();
        return out;
    }
    if (resp.error) {
        out.error.kind = venue::ErrorKind::invalid_request;
        out.error.message = resp.error->message;
        return out;
    }
    venue::OrderUpdate u;
    u.client_order_id = next.client_order_id;
    u.venue_order_id = std::to_string(resp.order_id);
    out.orders.push_back(std::move(u));
    return out;
}

venue::Lookup Execution::query_order(const venue::LedgerOrder& order) {
    venue::Lookup out;
    const std::string cid = order.client_order_id;
    if (!order.venue_order_id.empty()) {
        RestReply s = rest_->get("v1/accounts/" + account_ + "/orders/" + order.venue_order_id, Category::kAccount);
        if (!s.ok()) {
            out.error = error_of(s);
            return out;
        }
        for (const VenueOrder& vo : parse_orders(s.body)) {
            out.order = to_update(vo);
            out.found = venue::Lookup::Found::yes;
        }
        if (out.found != venue::Lookup::Found::yes) out.found = venue::Lookup::Found::no;
        return out;
    }
    // No answer to the POST: adopt the listed order that matches and belongs to no one else.
    Pending& p = pending_[cid];
    const int64_t now = wall_ns();
    const int64_t since = (p.sent_ns ? p.sent_ns : now - sh_.cfg.order_lookback_ns) - kOverlapNs;
    RestReply r = rest_->get("v1/accounts/" + account_ + "/orders?stateFilter=All&startTime=" +
                                 venue::url_encode(format_time(since)),
                             Category::kAccount);
    if (!r.ok()) {
        out.error = error_of(r);
        return out;
    }
    const std::string symbol = sh_.host.symbol(order.instrument);
    for (const VenueOrder& vo : parse_orders(r.body)) {
        if (worker_.ledger().order_by_venue_id(std::to_string(vo.id))) continue;
        const bool same_symbol = p.symbol_id ? vo.symbol_id == p.symbol_id : vo.symbol == symbol;
        const bool after = p.sent_ns == 0 || vo.creation_ns == 0 || vo.creation_ns >= p.sent_ns - kOverlapNs;
        if (same_symbol && static_cast<uint8_t>(map_side(vo.side)) == order.side && vo.total_qty == order.order_qty &&
            after) {
            sh_.host.info("questrade: order " + cid + " found at Questrade as " + std::to_string(vo.id));
            if (vo.creation_ns) created_ns_[cid] = vo.creation_ns;
            out.order = to_update(vo);
            out.order.client_order_id = cid;
            out.found = venue::Lookup::Found::yes;
            pending_.erase(cid);
            return out;
        }
    }
    if (++p.lookups >= kUnknownOutcomePolls) {
        pending_.erase(cid);
        out.found = venue::Lookup::Found::no;  // the worker rejects it: never reached Questrade
        return out;
    }
    out.error.kind = venue::ErrorKind::other;
    out.error.message = "not listed yet";
    return out;
}

std::optional<venue::Outcome> Execution::query_open_orders() {
    venue::Outcome out;
    const auto open = worker_.ledger().open_orders();
    if (open.empty()) return out;
    const int64_t now = wall_ns();
    int64_t since = now;
    for (const venue::LedgerOrder* o : open) {
        auto it = created_ns_.find(o->client_order_id);
        since = std::min(since, it != created_ns_.end() ? it->second : now - sh_.cfg.order_lookback_ns);
    }
    since -= kOverlapNs;
    // GET v1/accounts/:id/orders?stateFilter=All&startTime= (rest-operations/account-calls/accounts-id-orders).
    RestReply r = rest_->get("v1/accounts/" + account_ + "/orders?stateFilter=All&startTime=" +
                                 venue::url_encode(format_time(since)),
                             Category::kAccount);
    if (!r.ok()) {
        out.error = error_of(r);
        return out;
    }
    for (const VenueOrder& vo : parse_orders(r.body)) out.orders.push_back(to_update(vo));
    return out;
}

venue::Outcome Execution::query_fills_since(int64_t since_ns, const std::vector<const venue::LedgerOrder*>&) {
    venue::Outcome out;
    const int64_t now = wall_ns();
    int64_t since = since_ns > 0 ? since_ns : now - sh_.cfg.order_lookback_ns;
    for (const auto& [cid, p] : pending_)
        since = std::min(since, (p.sent_ns ? p.sent_ns : now - sh_.cfg.order_lookback_ns) - kOverlapNs);
    // GET v1/accounts/:id/executions?startTime= (rest-operations/account-calls/accounts-id-executions).
    RestReply r = rest_->get("v1/accounts/" + account_ + "/executions?startTime=" + venue::url_encode(format_time(since)),
                             Category::kAccount);
    if (!r.ok()) {
        out.error = error_of(r);
        return out;
    }
    for (const VenueExecution& x : parse_executions(r.body)) {
        if (x.id == 0 || x.qty <= 0) continue;  // malformed
        venue::FillUpdate f;
        f.fill_id = std::to_string(x.id);
        f.venue_order_id = std::to_string(x.order_id);
        f.px = x.price;
        f.qty = x.qty;
        f.fee = x.fees;
        f.ts_ns = x.ts_ns;
        out.fills.push_back(std::move(f));
    }
    return out;
}

void Execution::refresh_account() {
    const int64_t now = wall_ns();
    // GET v1/accounts/:id/positions and /balances (rest-operations/account-calls).
    RestReply p = rest_->get("v1/accounts/" + account_ + "/positions", Category::kAccount);
    if (p.ok()) {
        for (const VenuePosition& vp : parse_positions(p.body)) {
            if (vp.symbol.empty()) continue;
            th_position e = to_position(vp, sh_.host.intern(vp.symbol), now);
            sh_.host.try_publish(kPortPositions, e.hdr);
        }
    } else {
        sh_.host.warn("questrade: positions: " + p.describe());
    }
    RestReply b = rest_->get("v1/accounts/" + account_ + "/balances", Category::kAccount);
    if (b.ok()) {
        for (const VenueBalance& vb : parse_balances(b.body)) {
            th_balance e = to_balance(vb, now);
            sh_.host.try_publish(kPortBalances, e.hdr);
        }
    } else {
        sh_.host.warn("questrade: balances: " + b.describe());
    }
}

}  // namespace tradehost::questrade
