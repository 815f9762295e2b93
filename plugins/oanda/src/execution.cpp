// oanda: the execution worker: orders out, transactions in, reconciliation, persistence.
#include "execution.hpp"

#include "stream.hpp"

#include <tradehost/venue/sign.hpp>

#include <cstring>
#include <vector>

namespace tradehost::oanda {

namespace {

constexpr const char* kLedgerKey = "ledger";
constexpr const char* kWatermarkKey = "last_transaction_id";
constexpr const char* kWatermarkPrefix = "oanda-v1:";

th_fixed absolute(th_fixed v) { return v < 0 ? -v : v; }

}  // namespace

Execution::Execution(Host host, const OandaConfig& cfg, MarketData& data)
    : host_(host), cfg_(cfg), data_(data) {}

Execution::~Execution() {
    {
        std::lock_guard<std::mutex> lk(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (worker_.joinable()) worker_.join();
}

std::string Execution::id_of(const char (&field)[TH_ID_LEN]) {
    return std::string(field, strnlen(field, TH_ID_LEN));
}

// ---------------------------------------------------------------------------------------
// Executor thread
// ---------------------------------------------------------------------------------------

void Execution::start(std::string token) {
    token_ = std::move(token);
    std::string blob;
    if (host_.state_get(kLedgerKey, blob) && !ledger_.deserialize(blob))
        host_.warn("persisted ledger is not readable; starting with an empty one");
    if (host_.state_get(kWatermarkKey, blob) && blob.rfind(kWatermarkPrefix, 0) == 0)
        last_txn_ = txn_seq(std::string_view(blob).substr(std::strlen(kWatermarkPrefix)));
    {
        std::lock_guard<std::mutex> lk(mu_);
        stopping_ = false;
    }
    worker_ = std::thread([this] { run(); });
}

void Execution::stop() {
    {
        std::lock_guard<std::mutex> lk(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (worker_.joinable()) worker_.join();
    persist();
}

void Execution::submit(const th_order_request& req) {
    Job j;
    j.kind = Job::kOrder;
    j.req = req;
    push(std::move(j));
}

void Execution::push(Job job) {
    {
        std::lock_guard<std::mutex> lk(mu_);
        queue_.push_back(std::move(job));
    }
    cv_.notify_one();
}

// ---------------------------------------------------------------------------------------
// Worker
// ---------------------------------------------------------------------------------------

void Execution::run() {
    rest_ = std::make_unique<OandaRest>(cfg_, token_, [this] { host_.metric_add("rate_limited", 1); });
    venue::secure_clear(token_);
    ensure_ready();
    for (;;) {
        Job job;
        {
            std::unique_lock<std::mutex> lk(mu_);
            cv_.wait(lk, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) break;
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        try {
            handle(job);
        } catch (const std::exception& e) {
            host_.error(std::string("execution worker: ") + e.what());
        }
    }
    // The stream's handlers only queue jobs, so stopping it here cannot deadlock.
    if (txn_stream_) txn_stream_->stop();
    txn_stream_.reset();
    rest_.reset();
    ready_ = false;
}

bool Execution::ensure_ready() {
    if (ready_) return true;
    if (rest_->account().empty()) {
        venue::HttpResponse resp = rest_->send(rest_->get_accounts(), true);
        std::vector<std::string> ids;
        if (resp.ok()) ids = parse_account_ids(decoder_, resp.body);
        if (ids.empty()) {
            not_ready_reason_ = resp.ok() ? "no v20 account for this token" : error_text(resp);
            publish_status(host_, TH_VENUE_DISCONNECTED, "REST GET /v3/accounts: " + not_ready_reason_);
            return false;
        }
        rest_->set_account(ids.front());
        host_.info("using OANDA account " + ids.front());
    }
    if (last_txn_ == 0) {
        // First start: the account's history is not ours to replay; start from now.
        venue::HttpResponse resp = rest_->send(rest_->summary(), true);
        if (!resp.ok()) {
            not_ready_reason_ = error_text(resp);
            publish_status(host_, TH_VENUE_DISCONNECTED, "REST account summary: " + not_ready_reason_);
            return false;
        }
        last_txn_ = parse_account_summary(decoder_, resp.body).last_transaction_id;
        persist();
    }
    venue::LineStream::Handlers h;
    h.on_open = [this] { push(Job{Job::kStreamOpen, {}, {}}); };
    h.on_line = [this](std::string_view line) { push(Job{Job::kTxnLine, {}, std::string(line)}); };
    h.on_close = [this](std::string_view reason, bool) { push(Job{Job::kStreamClosed, {}, std::string(reason)}); };
    txn_stream_ = std::make_unique<venue::LineStream>(
        stream_options(cfg_, rest_->transaction_stream_url(), rest_->headers()), std::move(h));
    txn_stream_->start();
    data_.start(rest_->pricing_stream_url(cfg_.symbols), rest_->headers());
    ready_ = true;
    not_ready_reason_.clear();
    return true;
}

void Execution::handle(Job& job) {
    if (!ready_ && !ensure_ready()) {
        if (job.kind == Job::kOrder)
            reject_request(job.req, id_of(job.req.client_order_id), not_ready_reason_);
        return;
    }
    switch (job.kind) {
    case Job::kOrder:
        switch (job.req.action) {
        case TH_ORDER_NEW: on_new(job.req); break;
        case TH_ORDER_CANCEL: on_cancel(job.req); break;
        case TH_ORDER_REPLACE: on_replace(job.req); break;
        default:
            reject_request(job.req, id_of(job.req.client_order_id),
                           "invalid action " + std::to_string(job.req.action));
        }
        break;
    case Job::kTxnLine: on_txn_line(job.text); break;
    case Job::kStreamOpen: on_stream_open(); break;
    case Job::kStreamClosed:
        publish_status(host_, TH_VENUE_DISCONNECTED, "transaction stream: " + job.text);
        break;
    }
}

// ---------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------

void Execution::on_new(const th_order_request& req) {
    const std::string cid = id_of(req.client_order_id);
    if (cid.empty()) return reject_request(req, cid, "missing client_order_id");
    if (ledger_.order(cid)) return reject_request(req, cid, "duplicate client_order_id " + cid);
    venue::LedgerOrder lo;
    lo.client_order_id = cid;
    lo.instrument = req.instrument;
    lo.side = req.side;
    lo.order_qty = req.qty;
    lo.status = TH_STATUS_PENDING_NEW;
    ledger_.add_order(lo);  // known from here on: the id is never sent twice

    std::string why;
    OrderSpec spec;
    if (host_.kill_switch_engaged()) {
        why = "kill switch engaged";
    } else {
        const std::string symbol = host_.symbol(req.instrument);
        th_fixed ref = 0;
        if (req.order_type == TH_ORDER_MARKET) {
            Price p = data_.last(symbol);
            ref = req.side == TH_SIDE_SELL ? p.bid_px : p.ask_px;
        }
        why = build_order_spec(req, req.side, symbol, cfg_, ref, spec);
    }
    if (!why.empty()) {
        venue::LedgerOrder* o = ledger_.order(cid);
        o->status = TH_STATUS_REJECTED;
        report(*o, TH_EXEC_REJECTED, host_.now(), 0, 0, why);
        host_.metric_add("orders_rejected", 1);
        persist();
        return;
    }
    persist();  // a crash after the POST is reconciled by client id

    host_.metric_add("orders_sent", 1);
    venue::HttpResponse resp = rest_->send(rest_->create_order(spec), false);
    // 429 or no response: the venue may or may not hold the order. Ask for it by client id
    // and send again only when OANDA says it does not exist.
    for (int tries = 0; (resp.status == 429 || resp.status == 0) && tries <= cfg_.max_rate_limit_retries; ++tries) {
        venue::HttpResponse found = rest_->send(rest_->get_order(cid), true);
        if (found.ok()) {
            PendingOrder po = parse_order(decoder_, found.body);
            if (po.state == "PENDING") {
                venue::LedgerOrder* o = ledger_.order(cid);
                ledger_.set_venue_id(cid, po.id);
                o->status = TH_STATUS_NEW;
                report(*o, TH_EXEC_NEW, host_.now(), 0, 0, "");
                persist();
            } else {
                reconcile("order lookup after a lost response");
            }
            return;
        }
        if (found.status != 404) {
            resp = found;
            break;
        }
        resp = rest_->send(rest_->create_order(spec), false);
    }
    if (resp.status == 200 || resp.status == 201) {
        apply_order_response(parse_order_response(decoder_, resp.body), cid);
        return;
    }
    const std::string reason = error_text(resp);
    venue::LedgerOrder* o = ledger_.order(cid);
    if (o && !o->terminal()) {
        o->status = TH_STATUS_REJECTED;
        report(*o, TH_EXEC_REJECTED, host_.now(), 0, 0, reason);
        host_.metric_add("orders_rejected", 1);
        persist();
    }
    if (resp.status == 401 || resp.status == 403)
        publish_status(host_, TH_VENUE_DISCONNECTED, "REST order: " + reason);
}

void Execution::on_cancel(const th_order_request& req) {
    const std::string orig = id_of(req.orig_client_order_id);
    const std::string own = id_of(req.client_order_id);
    const std::string who = own.empty() ? orig : own;
    venue::LedgerOrder* o = orig.empty() ? nullptr : ledger_.order(orig);
    if (!o) return reject_request(req, who, "unknown order " + orig);
    if (o->terminal()) return reject_request(req, who, "order " + orig + " is already closed");
    venue::HttpResponse resp = rest_->send(rest_->cancel_order(orig), true);
    if (resp.ok()) {
        OrderResponse r = parse_order_response(decoder_, resp.body);
        if (r.cancel.present()) apply_cancel(r.cancel, false);
        return;
    }
    reject_request(req, who, error_text(resp));
}

void Execution::on_replace(const th_order_request& req) {
    const std::string orig = id_of(req.orig_client_order_id);
    const std::string nid = id_of(req.client_order_id);
    if (nid.empty()) return reject_request(req, orig, "missing client_order_id");
    venue::LedgerOrder* o = orig.empty() ? nullptr : ledger_.order(orig);
    if (!o) return reject_request(req, nid, "unknown order " + orig);
    if (o->terminal()) return reject_request(req, nid, "order " + orig + " is already closed");
    if (ledger_.order(nid)) return reject_request(req, nid, "duplicate client_order_id " + nid);
    if (host_.kill_switch_engaged()) return reject_request(req, nid, "kill switch engaged");

    th_order_request next = req;
    next.instrument = o->instrument;
    if (next.order_type == 0) next.order_type = req.stop_px > 0 ? TH_ORDER_STOP : TH_ORDER_LIMIT;
    OrderSpec spec;
    std::string why = build_order_spec(next, o->side, host_.symbol(o->instrument), cfg_, 0, spec);
    if (!why.empty()) return reject_request(req, nid, why);

    venue::LedgerOrder lo;
    lo.client_order_id = nid;
    lo.instrument = o->instrument;
    lo.side = o->side;
    lo.order_qty = req.qty;
    ledger_.add_order(lo);
    persist();
    host_.metric_add("orders_sent", 1);
    venue::HttpResponse resp = rest_->send(rest_->replace_order(orig, spec), false);
    venue::LedgerOrder* n = ledger_.order(nid);
    if (resp.status == 200 || resp.status == 201) {
        OrderResponse r = parse_order_response(decoder_, resp.body);
        if (venue::LedgerOrder* old = ledger_.order(orig); old && r.cancel.present())
            old->status = TH_STATUS_CANCELED;  // reported as REPLACED under the new id
        if (r.create.present()) {
            ledger_.set_venue_id(nid, r.create.id);
            n->status = TH_STATUS_NEW;
            report(*n, TH_EXEC_REPLACED, r.create.time_ns, 0, 0, "");
        }
        if (r.fill.present()) apply_fill(r.fill);
        persist();
        return;
    }
    n->status = TH_STATUS_REJECTED;
    report(*n, TH_EXEC_REJECTED, host_.now(), 0, 0, error_text(resp));
    host_.metric_add("orders_rejected", 1);
    persist();
}

// ---------------------------------------------------------------------------------------
// Transactions
// ---------------------------------------------------------------------------------------

void Execution::apply_order_response(const OrderResponse& r, const std::string& client_id) {
    const bool filled = r.fill.present();
    const bool cancelled = r.cancel.present();
    // Created and cancelled at once without a fill (INSUFFICIENT_MARGIN, FOK not met, ...):
    // the venue refused the order, so it is REJECTED with OANDA's reason and never NEW.
    if (r.create.present() && !(cancelled && !filled)) apply(r.create);
    if (r.reject.present()) apply(r.reject);
    if (filled && apply_fill(r.fill)) refresh_account();
    if (cancelled) apply_cancel(r.cancel, true);
    venue::LedgerOrder* o = ledger_.order(client_id);
    if (o && o->status == TH_STATUS_PENDING_NEW && !r.create.present()) {
        o->status = TH_STATUS_REJECTED;
        report(*o, TH_EXEC_REJECTED, host_.now(), 0, 0,
               r.error_message.empty() ? "no order in OANDA's response" : r.error_message);
        persist();
    }
}

bool Execution::apply(const Transaction& t) {
    if (t.type == "ORDER_FILL") return apply_fill(t);
    if (t.type == "ORDER_CANCEL") {
        apply_cancel(t, false);
        return false;
    }
    if (t.is_order_create() || t.is_order_reject()) {
        venue::LedgerOrder* o = t.client_order_id.empty() ? nullptr : ledger_.order(t.client_order_id);
        if (!o || o->status != TH_STATUS_PENDING_NEW) return false;
        if (t.is_order_create()) {
            ledger_.set_venue_id(o->client_order_id, t.id);
            o->status = TH_STATUS_NEW;
            report(*o, TH_EXEC_NEW, t.time_ns, 0, 0, "");
        } else {
            o->status = TH_STATUS_REJECTED;
            report(*o, TH_EXEC_REJECTED, t.time_ns, 0, 0, t.reject_reason);
            host_.metric_add("orders_rejected", 1);
        }
        persist();
    }
    return false;
}

bool Execution::apply_fill(const Transaction& t) {
    if (t.id.empty() || ledger_.has_fill(t.id, t.time_ns)) return false;
    venue::LedgerOrder* o = nullptr;
    if (!t.client_order_id.empty()) o = ledger_.order(t.client_order_id);
    if (!o && !t.order_id.empty()) o = ledger_.order_by_venue_id(t.order_id);
    // Fills of orders we did not send (take-profit/stop-loss on fill, orders placed elsewhere)
    // change the position too: they are published without a client order id.
    const std::string cid = o ? o->client_order_id : std::string();
    const th_fixed qty = absolute(t.units);
    if (!ledger_.record_fill(t.id, t.time_ns, cid, t.price, qty)) return false;
    if (o) {
        if (o->venue_order_id.empty() && !t.order_id.empty()) ledger_.set_venue_id(cid, t.order_id);
        const bool done = o->cum_qty >= o->order_qty;
        o->status = done ? TH_STATUS_FILLED : TH_STATUS_PARTIALLY_FILLED;
        report(*o, done ? TH_EXEC_FILL : TH_EXEC_PARTIAL_FILL, t.time_ns, t.price, qty, "");
    }
    th_fill f = to_fill(t, instrument(t.instrument), cid);
    host_.try_publish(kPortFills, f.hdr);
    host_.metric_add("fills", 1);
    persist();
    return true;
}

void Execution::apply_cancel(const Transaction& t, bool immediate) {
    venue::LedgerOrder* o = nullptr;
    if (!t.client_order_id.empty()) o = ledger_.order(t.client_order_id);
    if (!o && !t.order_id.empty()) o = ledger_.order_by_venue_id(t.order_id);
    if (!o || o->terminal()) return;
    if (t.reason == "CLIENT_REQUEST_REPLACED") {
        o->status = TH_STATUS_CANCELED;  // its replacement carries on under the new id
        persist();
        return;
    }
    th_exec_type type = TH_EXEC_CANCELED;
    uint8_t status = TH_STATUS_CANCELED;
    if ((immediate && o->cum_qty == 0) || o->status == TH_STATUS_PENDING_NEW) {
        type = TH_EXEC_REJECTED;
        status = TH_STATUS_REJECTED;
        host_.metric_add("orders_rejected", 1);
    } else if (t.reason == "TIME_IN_FORCE_EXPIRED") {
        type = TH_EXEC_EXPIRED;
        status = TH_STATUS_EXPIRED;
    }
    o->status = status;
    report(*o, type, t.time_ns, 0, 0, t.reason == "CLIENT_REQUEST" ? "" : t.reason);
    persist();
}

void Execution::advance_watermark(int64_t id) {
    if (id > last_txn_) last_txn_ = id;
}

void Execution::on_txn_line(const std::string& line) {
    StreamLine msg;
    try {
        msg = parse_stream_line(decoder_, line);
    } catch (const std::exception& e) {
        host_.warn(std::string("transaction stream: undecodable line: ") + e.what());
        return;
    }
    if (msg.kind == StreamLine::kHeartbeat) {
        if (msg.last_transaction_id > last_txn_) {
            publish_status(host_, TH_VENUE_GAP,
                           "transaction stream: heartbeat at " + std::to_string(msg.last_transaction_id) +
                               ", applied up to " + std::to_string(last_txn_));
            reconcile("heartbeat gap");
        }
        return;
    }
    if (msg.kind != StreamLine::kTransaction || msg.txn.seq <= last_txn_) return;
    if (msg.txn.seq > last_txn_ + 1) {
        // Transaction ids of an account are consecutive: one is missing, fetch the range.
        publish_status(host_, TH_VENUE_GAP, "transaction stream: ids " + std::to_string(last_txn_ + 1) +
                                                ".." + std::to_string(msg.txn.seq - 1) + " missed");
        reconcile("transaction id gap");
        return;
    }
    const bool filled = apply(msg.txn);
    advance_watermark(msg.txn.seq);
    persist();
    if (filled) refresh_account();
}

void Execution::on_stream_open() {
    if (stream_opens_++ == 0) {
        publish_status(host_, TH_VENUE_CONNECTED, "transaction stream connected");
    } else {
        publish_status(host_, TH_VENUE_CONNECTED, "transaction stream reconnected");
        host_.metric_add("reconnects", 1);
    }
    reconcile(stream_opens_ == 1 ? "start" : "reconnect");
}

void Execution::reconcile(const char* why) {
    // 1. Every transaction after the watermark, in order (sinceid pages up to 1000).
    bool filled = false;
    for (int page = 0; page < 100; ++page) {
        venue::HttpResponse resp = rest_->send(rest_->transactions_since(last_txn_), true);
        if (!resp.ok()) {
            publish_status(host_, TH_VENUE_DISCONNECTED, "reconciliation failed: " + error_text(resp));
            return;
        }
        TransactionPage p = parse_transactions(decoder_, resp.body);
        const int64_t before = last_txn_;
        for (const Transaction& t : p.transactions) {
            if (t.seq <= last_txn_) continue;
            filled = apply(t) || filled;
            advance_watermark(t.seq);
        }
        if (p.transactions.empty() || last_txn_ == before || last_txn_ >= p.last_transaction_id) {
            advance_watermark(p.last_transaction_id);
            break;
        }
    }
    // 2. Orders still open in the ledger: the venue's pending list, then one lookup for any
    //    the venue no longer lists (never acknowledged, or closed without a transaction seen).
    std::map<std::string, PendingOrder> pending;
    venue::HttpResponse resp = rest_->send(rest_->pending_orders(), true);
    if (resp.ok())
        for (PendingOrder& po : parse_orders(decoder_, resp.body))
            if (!po.client_order_id.empty()) pending.emplace(po.client_order_id, std::move(po));
    std::vector<std::string> open;
    for (const venue::LedgerOrder* o : ledger_.open_orders()) open.push_back(o->client_order_id);
    for (const std::string& cid : open) {
        venue::LedgerOrder* o = ledger_.order(cid);
        if (!o || o->terminal()) continue;
        auto it = pending.find(cid);
        if (it != pending.end()) {
            if (o->status == TH_STATUS_PENDING_NEW) {
                ledger_.set_venue_id(cid, it->second.id);
                o->status = TH_STATUS_NEW;
                report(*o, TH_EXEC_NEW, host_.now(), 0, 0, "");
            }
            continue;
        }
        if (!resp.ok()) continue;
        venue::HttpResponse one = rest_->send(rest_->get_order(cid), true);
        if (one.status == 404 && o->status == TH_STATUS_PENDING_NEW) {
            o->status = TH_STATUS_REJECTED;
            report(*o, TH_EXEC_REJECTED, host_.now(), 0, 0, "order never reached OANDA");
        } else if (one.ok()) {
            PendingOrder po = parse_order(decoder_, one.body);
            if (po.state == "CANCELLED") {
                o->status = TH_STATUS_CANCELED;
                report(*o, TH_EXEC_CANCELED, host_.now(), 0, 0, "cancelled while disconnected");
            }
        }
    }
    persist();
    (void)filled;
    refresh_account();
    publish_status(host_, TH_VENUE_RECONCILED,
                   std::string("reconciled (") + why + "), last transaction " + std::to_string(last_txn_));
}

void Execution::refresh_account() {
    const th_time_ns now = host_.now();
    venue::HttpResponse resp = rest_->send(rest_->open_positions(), true);
    if (resp.ok()) {
        std::set<std::string> still_open;
        for (const VenuePosition& p : parse_positions(decoder_, resp.body)) {
            th_position e = to_position(p, instrument(p.instrument), now);
            host_.try_publish(kPortPositions, e.hdr);
            if (p.units != 0) still_open.insert(p.instrument);
        }
        for (const std::string& gone : open_positions_) {
            if (still_open.count(gone)) continue;
            th_position e = to_position(VenuePosition{gone, 0, 0, 0, 0}, instrument(gone), now);
            host_.try_publish(kPortPositions, e.hdr);
        }
        open_positions_ = std::move(still_open);
    } else {
        host_.warn("openPositions: " + error_text(resp));
    }
    resp = rest_->send(rest_->summary(), true);
    if (resp.ok()) {
        th_balance b = to_balance(parse_account_summary(decoder_, resp.body), now);
        host_.try_publish(kPortBalances, b.hdr);
    } else {
        host_.warn("account summary: " + error_text(resp));
    }
}

// ---------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------

void Execution::report(const venue::LedgerOrder& o, th_exec_type type, th_time_ns ts, th_fixed last_px,
                       th_fixed last_qty, std::string_view reason) {
    th_execution_report r = make_event<th_execution_report>(ts != 0 ? ts : host_.now());
    r.instrument = o.instrument;
    r.exec_type = static_cast<uint8_t>(type);
    r.status = o.status;
    r.side = o.side;
    r.order_qty = o.order_qty;
    r.cum_qty = o.cum_qty;
    r.leaves_qty = o.terminal() ? 0 : o.order_qty - o.cum_qty;
    r.avg_px = o.cum_qty > 0 ? fixed_div(o.notional, o.cum_qty) : 0;
    r.last_px = last_px;
    r.last_qty = last_qty;
    copy_str(r.client_order_id, o.client_order_id);
    copy_str(r.venue_order_id, o.venue_order_id);
    copy_str(r.reason, reason);
    host_.try_publish(kPortExecReports, r.hdr);
}

void Execution::reject_request(const th_order_request& req, std::string_view client_id, std::string_view reason) {
    th_execution_report r = rejection_of(req, client_id, reason, host_.now());
    host_.try_publish(kPortExecReports, r.hdr);
    host_.metric_add("orders_rejected", 1);
}

void Execution::persist() {
    // The host's state store is a locked SQLite table (host/journal), so the worker writes it
    // directly after every change, as the adapter contract asks (see README, "Persistence").
    try {
        ledger_.prune_terminal(10000);
        host_.state_put(kLedgerKey, ledger_.serialize());
        host_.state_put(kWatermarkKey, kWatermarkPrefix + std::to_string(last_txn_));
    } catch (const std::exception& e) {
        host_.warn(std::string("persisting the ledger failed: ") + e.what());
    }
}

th_instrument Execution::instrument(const std::string& symbol) {
    if (symbol.empty()) return 0;
    auto it = ids_.find(symbol);
    if (it == ids_.end()) it = ids_.emplace(symbol, host_.intern(symbol)).first;
    return it->second;
}

}  // namespace tradehost::oanda
