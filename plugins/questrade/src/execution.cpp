// questrade: the order/fill worker (see execution.hpp for the rules it keeps).
#include "execution.hpp"

#include <tradehost/venue/encoding.hpp>
#include <tradehost/venue/json.hpp>

#include <algorithm>

namespace tradehost::questrade {

namespace venue = tradehost::venue;
namespace json = tradehost::venue::json;

namespace {

std::string id_text(const char (&s)[TH_ID_LEN]) { return std::string(s, strnlen(s, TH_ID_LEN)); }

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

bool terminal(uint8_t status) {
    return status == TH_STATUS_FILLED || status == TH_STATUS_CANCELED || status == TH_STATUS_REJECTED ||
           status == TH_STATUS_EXPIRED;
}

}  // namespace

ExecutionWorker::ExecutionWorker(Shared& shared, const std::string& ledger_blob) : sh_(shared) {
    if (!ledger_blob.empty() && !ledger_.deserialize(ledger_blob))
        sh_.host.error("questrade: the saved ledger is unreadable; starting without it (fills may repeat)");
    // Orders that were sent but never answered before a restart: find them by listing.
    for (const venue::LedgerOrder* o : ledger_.open_orders())
        if (o->venue_order_id.empty()) pending_[o->client_order_id] = Pending{0, 0, 0};
}

void ExecutionWorker::start() {
    if (thread_.joinable()) return;
    {
        std::lock_guard<std::mutex> lk(mu_);
        stopping_ = false;
    }
    thread_ = std::thread([this] { run(); });
}

void ExecutionWorker::stop() {
    {
        std::lock_guard<std::mutex> lk(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
        persist();
    }
}

void ExecutionWorker::enqueue(const th_order_request& req) {
    {
        std::lock_guard<std::mutex> lk(mu_);
        queue_.push_back(req);
    }
    cv_.notify_all();
}

bool ExecutionWorker::wait_for_work(int64_t ns) {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait_for(lk, std::chrono::nanoseconds(ns), [this] { return stopping_ || !queue_.empty(); });
    return !stopping_;
}

void ExecutionWorker::persist() {
    // state_put is documented for callbacks; the host's implementation is serialised by the
    // journal's own lock, and only this thread writes "ledger".
    try {
        sh_.host.state_put("ledger", ledger_.serialize());
    } catch (const std::exception& e) {
        if (!persist_failed_) sh_.host.error(std::string("questrade: cannot save the ledger: ") + e.what());
        persist_failed_ = true;
    }
}

void ExecutionWorker::report(const venue::LedgerOrder& o, th_exec_type type, th_fixed last_px, th_fixed last_qty,
                             const std::string& reason) {
    th_execution_report r = tradehost::make_event<th_execution_report>(wall_ns());
    r.instrument = o.instrument;
    r.exec_type = static_cast<uint8_t>(type);
    r.status = o.status;
    r.side = o.side;
    r.order_qty = o.order_qty;
    r.cum_qty = o.cum_qty;
    r.leaves_qty = terminal(o.status) ? 0 : std::max<th_fixed>(0, o.order_qty - o.cum_qty);
    r.avg_px = o.cum_qty > 0 ? tradehost::fixed_div(o.notional, o.cum_qty) : 0;
    r.last_px = last_px;
    r.last_qty = last_qty;
    tradehost::copy_str(r.client_order_id, o.client_order_id);
    tradehost::copy_str(r.venue_order_id, o.venue_order_id);
    tradehost::copy_str(r.reason, reason);
    if (type == TH_EXEC_REJECTED) sh_.host.metric_add("orders_rejected", 1);
    sh_.host.try_publish(kPortExecReports, r.hdr);
}

void ExecutionWorker::reject_request(const th_order_request& req, const std::string& reason) {
    venue::LedgerOrder o;
    o.client_order_id = id_text(req.client_order_id);
    o.instrument = req.instrument;
    o.side = req.side;
    o.order_qty = req.qty;
    o.status = TH_STATUS_REJECTED;
    sh_.host.warn("questrade: order " + o.client_order_id + " rejected: " + reason);
    report(o, TH_EXEC_REJECTED, 0, 0, reason);
}

// ---------------------------------------------------------------------------------------
// Worker loop

void ExecutionWorker::run() {
    Rest rest(sh_.session, sh_.limiter, sh_.http_options(), sh_.rest_hooks());
    int64_t backoff = sh_.cfg.reconnect_min_ns;
    int64_t next_poll_ns = 0;
    for (;;) {
        {
            std::lock_guard<std::mutex> lk(mu_);
            if (stopping_) return;
        }
        if (!connected_ && auth_failure_.empty()) {
            if (connect(rest)) {
                backoff = sh_.cfg.reconnect_min_ns;
                next_poll_ns = wall_ns() + sh_.cfg.poll_interval_ns;
            } else if (auth_failure_.empty()) {
                drain(rest);  // rejects: not connected
                if (!wait_for_work(backoff)) return;
                backoff = std::min(backoff * 2, sh_.cfg.reconnect_max_ns);
                continue;
            }
        }
        drain(rest);
        if (connected_ && wall_ns() >= next_poll_ns) {
            reconcile(rest);
            next_poll_ns = wall_ns() + (poll_failed_ ? backoff : sh_.cfg.poll_interval_ns);
            backoff = poll_failed_ ? std::min(backoff * 2, sh_.cfg.reconnect_max_ns) : sh_.cfg.reconnect_min_ns;
        }
        const int64_t wait = connected_ ? std::max<int64_t>(0, next_poll_ns - wall_ns()) : sh_.cfg.reconnect_max_ns;
        if (!wait_for_work(wait)) return;
    }
}

bool ExecutionWorker::connect(Rest& rest) {
    try {
        // GET v1/accounts (rest-operations/account-calls/accounts). The first call logs in.
        RestReply r = rest.get("v1/accounts", Category::kAccount);
        if (!r.ok()) {
            sh_.status(TH_VENUE_DISCONNECTED, "questrade: accounts: " + r.describe());
            return false;
        }
        const std::vector<Account> accounts = parse_accounts(r.body);
        std::string chosen;
        for (const auto& a : accounts) {
            if (!sh_.cfg.account.empty() ? a.number == sh_.cfg.account : a.is_primary) chosen = a.number;
        }
        if (chosen.empty() && sh_.cfg.account.empty() && !accounts.empty()) chosen = accounts.front().number;
        if (chosen.empty()) {
            auth_failure_ = "account " + (sh_.cfg.account.empty() ? std::string("(primary)") : sh_.cfg.account) +
                            " is not among this login's accounts";
            sh_.status(TH_VENUE_DISCONNECTED, "questrade: " + auth_failure_);
            return false;
        }
        account_ = chosen;
        connected_ = true;
        sh_.status(TH_VENUE_CONNECTED, "questrade: logged in, account " + account_);
        reconcile(rest);
        if (!poll_failed_) {
            publish_account(rest);
            sh_.status(TH_VENUE_RECONCILED, "questrade: orders and executions reconciled");
        }
        return true;
    } catch (const AuthError& e) {
        if (e.final()) {
            auth_failure_ = e.what();
            sh_.host.error(std::string("questrade: ") + e.what());
        }
        sh_.status(TH_VENUE_DISCONNECTED, std::string("questrade login: ") + e.what());
        return false;
    } catch (const std::exception& e) {
        sh_.status(TH_VENUE_DISCONNECTED, std::string("questrade: ") + e.what());
        return false;
    }
}

void ExecutionWorker::drain(Rest& rest) {
    for (;;) {
        th_order_request req;
        {
            std::lock_guard<std::mutex> lk(mu_);
            if (queue_.empty()) return;
            req = queue_.front();
            queue_.pop_front();
        }
        try {
            handle(rest, req);
        } catch (const std::exception& e) {
            // Should not happen (handle catches what it expects); never lose the request silently.
            reject_request(req, std::string("internal error: ") + e.what());
        }
    }
}

void ExecutionWorker::reconcile(Rest& rest) {
    bool ok = true;
    try {
        ok = poll_executions(rest) && poll_orders(rest);
        if (ok && fills_since_account_) {
            publish_account(rest);
            fills_since_account_ = false;
        }
    } catch (const AuthError& e) {
        ok = false;
        if (e.final()) {
            auth_failure_ = e.what();
            connected_ = false;
        }
        if (!poll_failed_) sh_.status(TH_VENUE_DISCONNECTED, std::string("questrade: ") + e.what());
        poll_failed_ = true;
        return;
    } catch (const std::exception& e) {
        ok = false;
        if (!poll_failed_) sh_.status(TH_VENUE_DISCONNECTED, std::string("questrade poll: ") + e.what());
        poll_failed_ = true;
        return;
    }
    if (ok && poll_failed_) {
        // This successful poll covered everything since the watermark: the gap is closed.
        poll_failed_ = false;
        sh_.host.metric_add("reconnects", 1);
        sh_.status(TH_VENUE_RECONCILED, "questrade: polls resumed; executions since the last fill reconciled");
    }
}

// ---------------------------------------------------------------------------------------
// Requests

void ExecutionWorker::handle(Rest& rest, const th_order_request& req) {
    switch (req.action) {
    case TH_ORDER_NEW: return handle_new(rest, req);
    case TH_ORDER_CANCEL: return handle_cancel(rest, req);
    case TH_ORDER_REPLACE: return handle_replace(rest, req);
    default: return reject_request(req, "invalid action " + std::to_string(req.action));
    }
}

std::string ExecutionWorker::validate(const th_order_request& req, int64_t* symbol_id, Rest& rest) {
    if (id_text(req.client_order_id).empty()) return "missing client_order_id";
    if (req.side != TH_SIDE_BUY && req.side != TH_SIDE_SELL) return "invalid side " + std::to_string(req.side);
    if (!order_type_name(req.order_type)) return "unsupported order_type " + std::to_string(req.order_type);
    if (!tif_name(req.tif)) return "unsupported tif " + std::to_string(req.tif);
    // Questrade quantities are whole shares (OrderRequest.quantity is an Integer).
    if (req.qty <= 0 || req.qty % TH_FIXED_SCALE != 0) return "quantity must be a positive whole number of shares";
    if (has_limit(req.order_type) && req.limit_px <= 0) return "missing limit price";
    if (has_stop(req.order_type) && req.stop_px <= 0) return "missing stop price";
    if (sh_.host.kill_switch_engaged()) return "kill switch engaged";
    if (!auth_failure_.empty()) return "not logged in: " + auth_failure_;
    if (!connected_) return "not connected to Questrade";
    const std::string symbol = sh_.host.symbol(req.instrument);
    if (symbol.empty()) return "unknown instrument " + std::to_string(req.instrument);
    const auto ids = sh_.symbols.resolve(rest, {symbol});
    auto it = ids.find(symbol);
    if (it == ids.end()) return "unknown Questrade symbol " + symbol;
    *symbol_id = it->second;
    return {};
}

std::string ExecutionWorker::order_body(const th_order_request& req, int64_t symbol_id) const {
    // POST v1/accounts/:id/orders (rest-operations/order-calls/accounts-id-orders).
    std::string b = "{\"accountNumber\":" + json::quote(account_) + ",\"symbolId\":" + std::to_string(symbol_id) +
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

void ExecutionWorker::handle_new(Rest& rest, const th_order_request& req) {
    const std::string cid = id_text(req.client_order_id);
    int64_t symbol_id = 0;
    std::string why;
    try {
        why = validate(req, &symbol_id, rest);
    } catch (const std::exception& e) {
        why = std::string("symbol lookup failed: ") + e.what();
    }
    if (!why.empty()) return reject_request(req, why);

    venue::LedgerOrder o;
    o.client_order_id = cid;
    o.instrument = req.instrument;
    o.side = req.side;
    o.order_qty = req.qty;
    o.status = TH_STATUS_PENDING_NEW;
    if (!ledger_.add_order(o)) return reject_request(req, "duplicate client_order_id " + cid + ": not sent again");
    persist();  // before sending: a crash now leaves a PENDING_NEW entry that the next start resolves

    const int64_t sent_ns = wall_ns();
    RestReply r;
    try {
        r = rest.post("v1/accounts/" + account_ + "/orders", order_body(req, symbol_id), Category::kOrder);
    } catch (const AuthError& e) {
        venue::LedgerOrder* lo = ledger_.order(cid);
        lo->status = TH_STATUS_REJECTED;
        persist();
        return report(*lo, TH_EXEC_REJECTED, 0, 0, std::string("not sent: ") + e.what());
    }
    sh_.host.metric_add("orders_sent", 1);
    venue::LedgerOrder* lo = ledger_.order(cid);

    if (!r.transport_error.empty() || r.status >= 500) {
        // Unknown outcome: never resend (no client order id to dedupe); find it by listing.
        pending_[cid] = Pending{symbol_id, sent_ns, 0};
        sh_.host.warn("questrade: order " + cid + " got " + r.describe() + "; reconciling by listing orders");
        return;
    }
    if (!r.ok()) {
        lo->status = TH_STATUS_REJECTED;
        persist();
        std::string reason = r.error && !r.error->message.empty() ? r.error->message : r.describe();
        if (r.status == 429) reason = "rate limited (429): not sent";
        if (r.status == 401) reason = "access token refused (401): not sent";
        return report(*lo, TH_EXEC_REJECTED, 0, 0, reason);
    }
    OrderResponse resp;
    try {
        resp = parse_order_response(r.body);
    } catch (const ParseError& e) {
        pending_[cid] = Pending{symbol_id, sent_ns, 0};
        sh_.host.warn(std::string("questrade: order answer unreadable (") + e.what() + "); reconciling by listing");
        return;
    }
    if (resp.order_id != 0) ledger_.set_venue_id(cid, std::to_string(resp.order_id));
    for (const VenueOrder& vo : resp.orders)
        if (vo.id == resp.order_id && vo.creation_ns) created_ns_[cid] = vo.creation_ns;
    if (resp.error) {
        // Order-processing error: the order exists at Questrade, rejected (error-handling page).
        lo->status = TH_STATUS_REJECTED;
        persist();
        return report(*lo, TH_EXEC_REJECTED, 0, 0, resp.error->message);
    }
    lo->status = TH_STATUS_NEW;
    persist();  // the mapping is durable before anyone hears of the order
    report(*lo, TH_EXEC_NEW, 0, 0, "");
    for (const VenueOrder& vo : resp.orders)
        if (vo.id == resp.order_id) apply_venue_order(vo);
}

void ExecutionWorker::handle_cancel(Rest& rest, const th_order_request& req) {
    const std::string orig = id_text(req.orig_client_order_id);
    venue::LedgerOrder* o = ledger_.order(orig);
    auto refuse = [&](const std::string& reason) {
        if (!o) return reject_request(req, "cancel: " + reason);
        sh_.host.warn("questrade: cancel of " + orig + " refused: " + reason);
        report(*o, TH_EXEC_REJECTED, 0, 0, "cancel: " + reason);
    };
    if (!o) return refuse("unknown order " + orig);
    if (o->terminal()) return refuse("order already final");
    if (o->venue_order_id.empty()) return refuse("order not yet acknowledged by Questrade");
    if (!auth_failure_.empty()) return refuse("not logged in: " + auth_failure_);
    RestReply r;
    try {
        // DELETE v1/accounts/:id/orders/:orderId (rest-operations/order-calls/accounts-id-orders-orderid).
        r = rest.del("v1/accounts/" + account_ + "/orders/" + o->venue_order_id, Category::kOrder);
    } catch (const AuthError& e) {
        return refuse(e.what());
    }
    if (!r.ok()) return refuse(r.error && !r.error->message.empty() ? r.error->message : r.describe());
    // The cancel is asynchronous at Questrade: read the order's state now, polls finish the job.
    try {
        RestReply s = rest.get("v1/accounts/" + account_ + "/orders/" + o->venue_order_id, Category::kAccount);
        if (s.ok())
            for (const VenueOrder& vo : parse_orders(s.body)) apply_venue_order(vo);
    } catch (const std::exception& e) {
        sh_.host.warn(std::string("questrade: order state after cancel unknown: ") + e.what());
    }
}

void ExecutionWorker::handle_replace(Rest& rest, const th_order_request& req) {
    const std::string orig = id_text(req.orig_client_order_id);
    const std::string cid = id_text(req.client_order_id);
    venue::LedgerOrder* o = ledger_.order(orig);
    if (!o) return reject_request(req, "replace: unknown order " + orig);
    if (o->terminal()) return reject_request(req, "replace: order already final");
    if (o->venue_order_id.empty()) return reject_request(req, "replace: order not yet acknowledged");
    int64_t symbol_id = 0;
    std::string why;
    try {
        why = validate(req, &symbol_id, rest);
    } catch (const std::exception& e) {
        why = std::string("symbol lookup failed: ") + e.what();
    }
    if (!why.empty()) return reject_request(req, "replace: " + why);
    if (ledger_.order(cid)) return reject_request(req, "replace: duplicate client_order_id " + cid);

    RestReply r;
    try {
        // POST v1/accounts/:id/orders/:orderId replaces; the answer names the new order in the chain.
        r = rest.post("v1/accounts/" + account_ + "/orders/" + o->venue_order_id, order_body(req, symbol_id),
                      Category::kOrder);
    } catch (const AuthError& e) {
        return reject_request(req, std::string("replace not sent: ") + e.what());
    }
    sh_.host.metric_add("orders_sent", 1);
    if (!r.ok()) {
        const std::string reason = r.error && !r.error->message.empty() ? r.error->message : r.describe();
        return reject_request(req, "replace: " + reason + (r.transport_error.empty() ? "" : " (state reconciled by polls)"));
    }
    OrderResponse resp;
    try {
        resp = parse_order_response(r.body);
    } catch (const ParseError& e) {
        return reject_request(req, std::string("replace answer unreadable: ") + e.what());
    }
    if (resp.error) return reject_request(req, "replace: " + resp.error->message);

    venue::LedgerOrder n;
    n.client_order_id = cid;
    n.instrument = o->instrument;
    n.side = o->side;
    n.order_qty = req.qty;
    n.cum_qty = o->cum_qty;  // the chain keeps what already filled
    n.notional = o->notional;
    n.status = o->cum_qty > 0 ? TH_STATUS_PARTIALLY_FILLED : TH_STATUS_NEW;
    o->status = TH_STATUS_CANCELED;  // superseded: no report, the REPLACED one says it
    ledger_.add_order(n);
    ledger_.set_venue_id(cid, std::to_string(resp.order_id));
    persist();
    report(*ledger_.order(cid), TH_EXEC_REPLACED, 0, 0, "");
}

// ---------------------------------------------------------------------------------------
// Polls

bool ExecutionWorker::poll_executions(Rest& rest) {
    const int64_t now = wall_ns();
    int64_t since = ledger_.fill_watermark_ns() > 0 ? ledger_.fill_watermark_ns() - kOverlapNs
                                                    : now - sh_.cfg.order_lookback_ns;
    for (const auto& [cid, p] : pending_)
        since = std::min(since, (p.sent_ns ? p.sent_ns : now - sh_.cfg.order_lookback_ns) - kOverlapNs);
    // GET v1/accounts/:id/executions?startTime= (rest-operations/account-calls/accounts-id-executions).
    RestReply r = rest.get("v1/accounts/" + account_ + "/executions?startTime=" + venue::url_encode(format_time(since)),
                           Category::kAccount);
    if (!r.ok()) throw std::runtime_error("executions: " + r.describe());
    std::vector<VenueExecution> execs = parse_executions(r.body);
    std::sort(execs.begin(), execs.end(), [](const VenueExecution& a, const VenueExecution& b) {
        return a.ts_ns != b.ts_ns ? a.ts_ns < b.ts_ns : a.id < b.id;
    });
    for (const VenueExecution& x : execs) {
        venue::LedgerOrder* o = ledger_.order_by_venue_id(std::to_string(x.order_id));
        if (!o || x.id == 0 || x.qty <= 0) continue;  // not ours (manual trading) or malformed
        const std::string fill_id = std::to_string(x.id);
        if (!ledger_.record_fill(fill_id, x.ts_ns, o->client_order_id, x.price, x.qty)) continue;
        o->status = o->cum_qty >= o->order_qty ? TH_STATUS_FILLED : TH_STATUS_PARTIALLY_FILLED;
        persist();  // before publishing: a restart must not publish this fill again

        th_fill f = tradehost::make_event<th_fill>(x.ts_ns);
        f.instrument = o->instrument;
        f.side = o->side;
        f.liquidity = TH_LIQ_UNKNOWN;
        f.px = x.price;
        f.qty = x.qty;
        f.fee = x.fees;
        tradehost::copy_str(f.client_order_id, o->client_order_id);
        tradehost::copy_str(f.venue_order_id, o->venue_order_id);
        tradehost::copy_str(f.fill_id, fill_id);
        sh_.host.metric_add("fills", 1);
        sh_.host.try_publish(kPortFills, f.hdr);
        report(*o, o->status == TH_STATUS_FILLED ? TH_EXEC_FILL : TH_EXEC_PARTIAL_FILL, x.price, x.qty, "");
        fills_since_account_ = true;
    }
    return true;
}

bool ExecutionWorker::poll_orders(Rest& rest) {
    const auto open = ledger_.open_orders();
    if (open.empty() && pending_.empty()) return true;
    const int64_t now = wall_ns();
    int64_t since = now;
    for (const venue::LedgerOrder* o : open) {
        auto it = created_ns_.find(o->client_order_id);
        since = std::min(since, it != created_ns_.end() ? it->second : now - sh_.cfg.order_lookback_ns);
    }
    for (const auto& [cid, p] : pending_) since = std::min(since, p.sent_ns ? p.sent_ns : now - sh_.cfg.order_lookback_ns);
    since -= kOverlapNs;
    // GET v1/accounts/:id/orders?stateFilter=All&startTime= (rest-operations/account-calls/accounts-id-orders).
    RestReply r = rest.get("v1/accounts/" + account_ + "/orders?stateFilter=All&startTime=" +
                               venue::url_encode(format_time(since)),
                           Category::kAccount);
    if (!r.ok()) throw std::runtime_error("orders: " + r.describe());
    const std::vector<VenueOrder> orders = parse_orders(r.body);

    // Unanswered POSTs: adopt the venue order that matches and belongs to no one else.
    for (auto it = pending_.begin(); it != pending_.end();) {
        venue::LedgerOrder* o = ledger_.order(it->first);
        if (!o || !o->venue_order_id.empty()) {
            it = pending_.erase(it);
            continue;
        }
        const std::string symbol = sh_.host.symbol(o->instrument);
        const VenueOrder* match = nullptr;
        for (const VenueOrder& vo : orders) {
            if (ledger_.order_by_venue_id(std::to_string(vo.id))) continue;
            const bool same_symbol = it->second.symbol_id ? vo.symbol_id == it->second.symbol_id : vo.symbol == symbol;
            const bool after = it->second.sent_ns == 0 || vo.creation_ns == 0 || vo.creation_ns >= it->second.sent_ns - kOverlapNs;
            if (same_symbol && map_side(vo.side) == o->side && vo.total_qty == o->order_qty && after) {
                match = &vo;
                break;
            }
        }
        if (match) {
            ledger_.set_venue_id(o->client_order_id, std::to_string(match->id));
            if (match->creation_ns) created_ns_[o->client_order_id] = match->creation_ns;
            o->status = TH_STATUS_NEW;
            persist();
            sh_.host.info("questrade: order " + o->client_order_id + " found at Questrade as " + std::to_string(match->id));
            report(*o, TH_EXEC_NEW, 0, 0, "");
            it = pending_.erase(it);
        } else if (++it->second.polls >= kUnknownOutcomePolls) {
            o->status = TH_STATUS_REJECTED;
            persist();
            report(*o, TH_EXEC_REJECTED, 0, 0, "no answer to the order request and no matching order listed");
            it = pending_.erase(it);
        } else {
            ++it;
        }
    }
    for (const VenueOrder& vo : orders) apply_venue_order(vo);
    return true;
}

void ExecutionWorker::apply_venue_order(const VenueOrder& vo) {
    venue::LedgerOrder* o = ledger_.order_by_venue_id(std::to_string(vo.id));
    if (!o || o->terminal()) return;
    if (vo.creation_ns) created_ns_[o->client_order_id] = vo.creation_ns;
    const th_order_status st = map_order_state(vo.state);
    // Fills (and FILLED) come from executions, so cum_qty always matches the fills published.
    if (st == TH_STATUS_CANCELED || st == TH_STATUS_EXPIRED || st == TH_STATUS_REJECTED) {
        if (vo.filled_qty > o->cum_qty) return;  // executions not seen yet: finish after the next poll
        o->status = static_cast<uint8_t>(st);
        persist();
        const th_exec_type t = st == TH_STATUS_CANCELED ? TH_EXEC_CANCELED
                               : st == TH_STATUS_EXPIRED ? TH_EXEC_EXPIRED
                                                         : TH_EXEC_REJECTED;
        report(*o, t, 0, 0, vo.reject_reason);
    }
}

void ExecutionWorker::publish_account(Rest& rest) {
    const int64_t now = wall_ns();
    // GET v1/accounts/:id/positions and /balances (rest-operations/account-calls).
    RestReply p = rest.get("v1/accounts/" + account_ + "/positions", Category::kAccount);
    if (p.ok()) {
        for (const VenuePosition& vp : parse_positions(p.body)) {
            if (vp.symbol.empty()) continue;
            th_position e = to_position(vp, sh_.host.intern(vp.symbol), now);
            sh_.host.try_publish(kPortPositions, e.hdr);
        }
    } else {
        sh_.host.warn("questrade: positions: " + p.describe());
    }
    RestReply b = rest.get("v1/accounts/" + account_ + "/balances", Category::kAccount);
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
