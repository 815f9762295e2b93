// alpaca: order flow, trade_updates handling and reconciliation (see execution.hpp).
// Event semantics: https://docs.alpaca.markets/docs/websocket-streaming (trade_updates events),
// https://docs.alpaca.markets/docs/orders-at-alpaca (statuses, replace), /docs/account-activities.
#include "execution.hpp"

#include "ports.hpp"

#include <cstring>
#include <set>
#include <vector>

namespace tradehost::alpaca {

namespace {

std::string id_text(const char (&id)[TH_ID_LEN]) { return std::string(id, strnlen(id, TH_ID_LEN)); }

constexpr int64_t kFillOverlapNs = 2LL * 1000000000LL;  // re-ask a little before the watermark

bool is_terminal(uint8_t s) {
    return s == TH_STATUS_FILLED || s == TH_STATUS_CANCELED || s == TH_STATUS_REJECTED || s == TH_STATUS_EXPIRED;
}

}  // namespace

Execution::Execution(Host host, const AlpacaConfig& cfg, const std::string& key_id, const std::string& secret)
    : host_(host), cfg_(cfg) {
    RestOptions ro;
    ro.base_url = cfg.rest_url;
    ro.key_id = key_id;
    ro.secret = secret;
    ro.verify_tls = cfg.verify_tls;
    ro.requests_per_minute = cfg.requests_per_minute;
    ro.backoff_fallback = cfg.rate_limit_backoff;
    ro.timeout = cfg.http_timeout;
    rest_ = std::make_unique<AlpacaRest>(std::move(ro), [this](std::chrono::milliseconds wait) {
        host_.metric_add("rate_limited", 1);
        host_.warn("alpaca answered 429: backing off " + std::to_string(wait.count()) + " ms");
    });

    StreamOptions so;
    so.url = cfg.stream_url;
    so.key_id = key_id;
    so.secret = secret;
    so.verify_tls = cfg.verify_tls;
    so.reconnect_min = cfg.reconnect_min;
    so.reconnect_max = cfg.reconnect_max;
    TradeStream::Handlers h;
    h.on_ready = [this] {
        publish_status(host_, TH_VENUE_CONNECTED, "trade_updates: listening");
        Work w;
        w.kind = Work::Kind::reconcile;  // whatever happened while we were away
        push(std::move(w));
    };
    h.on_update = [this](TradeUpdate u) {
        Work w;
        w.kind = Work::Kind::update;
        w.update = std::move(u);
        push(std::move(w));
    };
    h.on_down = [this](std::string reason) {
        host_.metric_add("reconnects", 1);
        host_.warn("trade_updates stream down: " + reason);
        publish_status(host_, TH_VENUE_DISCONNECTED, "trade_updates: " + reason);
    };
    h.on_auth_failed = [this](std::string reason) {
        host_.error(reason + "; check the credentials named by key_env/secret_env");
        publish_status(host_, TH_VENUE_DISCONNECTED, reason);
    };
    stream_ = std::make_unique<TradeStream>(std::move(so), std::move(h));
}

Execution::~Execution() { stop(); }

void Execution::start() {
    std::string blob;
    if (host_.state_get("ledger", blob) && !ledger_.deserialize(blob))
        host_.warn("persisted ledger is unreadable; starting empty and reconciling with the venue");
    {
        std::lock_guard<std::mutex> lk(mu_);
        running_ = true;
        queue_.clear();
        Work w;
        w.kind = Work::Kind::reconcile;
        queue_.push_back(std::move(w));
    }
    worker_ = std::thread([this] { run(); });
    stream_->start();
}

void Execution::stop() {
    if (!worker_.joinable()) return;
    stream_->stop();
    Work w;
    w.kind = Work::Kind::stop;
    push(std::move(w));
    worker_.join();
    persist();
}

void Execution::push(Work w) {
    {
        std::lock_guard<std::mutex> lk(mu_);
        if (!running_) return;
        queue_.push_back(std::move(w));
    }
    cv_.notify_one();
}

void Execution::submit(const th_order_request& req) {
    const bool opens = req.action == TH_ORDER_NEW || req.action == TH_ORDER_REPLACE;
    const std::string coid = id_text(req.client_order_id);
    if (opens && host_.kill_switch_engaged()) return reject(req, coid, "kill switch engaged");
    if (req.action == TH_ORDER_NEW) {
        if (coid.empty()) return reject(req, coid, "missing client_order_id");
        if (host_.symbol(req.instrument).empty())
            return reject(req, coid, "unknown instrument " + std::to_string(req.instrument));
        if (req.side != TH_SIDE_BUY && req.side != TH_SIDE_SELL) return reject(req, coid, "invalid side");
        if (!order_type_text(req.order_type)) return reject(req, coid, "unsupported order type");
        if (!tif_text(req.tif)) return reject(req, coid, "unsupported time in force");
        if (req.qty <= 0) return reject(req, coid, "qty must be > 0");
    } else if (req.action != TH_ORDER_CANCEL && req.action != TH_ORDER_REPLACE) {
        return reject(req, coid, "invalid action " + std::to_string(req.action));
    }
    Work w;
    w.kind = Work::Kind::request;
    w.req = req;
    push(std::move(w));
}

void Execution::run() {
    for (;;) {
        Work w;
        {
            std::unique_lock<std::mutex> lk(mu_);
            cv_.wait(lk, [this] { return !queue_.empty(); });
            w = std::move(queue_.front());
            queue_.pop_front();
            if (w.kind == Work::Kind::stop) {
                running_ = false;
                queue_.clear();
                return;
            }
        }
        try {
            handle(w);
        } catch (const std::exception& e) {
            host_.error(std::string("alpaca worker: ") + e.what());
        }
        bool idle = false;
        {
            std::lock_guard<std::mutex> lk(mu_);
            idle = queue_.empty();
        }
        // Positions and balances once per burst of fills, not once per fill (rate limit).
        if (idle && account_dirty_) {
            try {
                refresh_account();
            } catch (const std::exception& e) {
                host_.error(std::string("alpaca account refresh: ") + e.what());
            }
        }
    }
}

void Execution::handle(Work& w) {
    switch (w.kind) {
    case Work::Kind::request:
        switch (w.req.action) {
        case TH_ORDER_NEW: handle_new(w.req); break;
        case TH_ORDER_CANCEL: handle_cancel(w.req); break;
        case TH_ORDER_REPLACE: handle_replace(w.req); break;
        default: break;
        }
        break;
    case Work::Kind::update: handle_update(w.update); break;
    case Work::Kind::reconcile: reconcile(); break;
    case Work::Kind::stop: break;
    }
}

// ---------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------

void Execution::handle_new(const th_order_request& req) {
    const std::string coid = id_text(req.client_order_id);
    venue::LedgerOrder lo;
    lo.client_order_id = coid;
    lo.instrument = req.instrument;
    lo.side = req.side;
    lo.order_qty = req.qty;
    lo.status = TH_STATUS_PENDING_NEW;
    // Never send a client order id twice: the ledger remembers every id we ever sent.
    if (!ledger_.add_order(lo)) return reject(req, coid, "duplicate client_order_id " + coid);
    persist();

    NewOrder o;
    o.symbol = host_.symbol(req.instrument);
    o.client_order_id = coid;
    o.side = req.side;
    o.order_type = req.order_type;
    o.tif = req.tif;
    o.qty = req.qty;
    o.limit_px = req.limit_px;
    o.stop_px = req.stop_px;
    venue::HttpResponse r = rest_->submit_order(o);
    host_.metric_add("orders_sent", 1);
    if (r.ok()) return accept(parse_order(dec_, r.body));
    if (r.status == 0 || r.status >= 500) return resolve_unknown(coid, o);
    venue::LedgerOrder* l = ledger_.order(coid);
    if (l) finish(*l, TH_EXEC_REJECTED, TH_STATUS_REJECTED, venue_reason(r));
    host_.metric_add("orders_rejected", 1);
}

void Execution::resolve_unknown(const std::string& coid, const NewOrder& o) {
    // The POST may or may not have reached Alpaca. Ask by our client order id rather than
    // resend blindly; only an order Alpaca does not know is sent again (Alpaca refuses a
    // second order with the same client_order_id, so even a late first copy is harmless).
    host_.warn("order " + coid + ": no answer from Alpaca; asking by client_order_id");
    venue::HttpResponse q = rest_->order_by_client_id(coid);
    if (q.ok()) return accept(parse_order(dec_, q.body));
    if (q.status == 404) {
        venue::HttpResponse r = rest_->submit_order(o);
        if (r.ok()) return accept(parse_order(dec_, r.body));
        if (r.status != 0 && r.status < 500) {
            if (venue::LedgerOrder* l = ledger_.order(coid)) finish(*l, TH_EXEC_REJECTED, TH_STATUS_REJECTED, venue_reason(r));
            host_.metric_add("orders_rejected", 1);
            return;
        }
    }
    host_.warn("order " + coid + ": outcome unknown; the next reconciliation settles it");
}

void Execution::accept(const Order& o) {
    venue::LedgerOrder* l = ledger_.order(o.client_order_id);
    if (!l) return;
    if (l->venue_order_id.empty() && !o.id.empty()) ledger_.set_venue_id(o.client_order_id, o.id);
    if (l->status == TH_STATUS_PENDING_NEW) {
        l->status = TH_STATUS_NEW;
        report(*l, TH_EXEC_NEW, host_.now(), 0, 0, "");
    }
    persist();
}

void Execution::handle_cancel(const th_order_request& req) {
    const std::string orig = id_text(req.orig_client_order_id);
    const std::string own = id_text(req.client_order_id);
    const std::string who = own.empty() ? orig : own;
    venue::LedgerOrder* l = orig.empty() ? nullptr : ledger_.order(orig);
    if (!l) return reject(req, who, "unknown order " + orig);
    if (l->terminal()) return reject(req, who, "order " + orig + " is already done");
    if (l->venue_order_id.empty()) return reject(req, who, "order " + orig + " not acknowledged by Alpaca yet");
    venue::HttpResponse r = rest_->cancel_order(l->venue_order_id);
    // 204: the cancel is accepted; the `canceled` trade update (or reconciliation) reports it.
    if (!r.ok()) reject(req, who, "cancel refused: " + venue_reason(r));
}

void Execution::handle_replace(const th_order_request& req) {
    const std::string orig = id_text(req.orig_client_order_id);
    const std::string nid = id_text(req.client_order_id);
    venue::LedgerOrder* old = orig.empty() ? nullptr : ledger_.order(orig);
    if (nid.empty()) return reject(req, orig, "missing client_order_id");
    if (!old) return reject(req, nid, "unknown order " + orig);
    if (old->terminal()) return reject(req, nid, "order " + orig + " is already done");
    if (old->venue_order_id.empty()) return reject(req, nid, "order " + orig + " not acknowledged by Alpaca yet");
    if (req.qty <= 0) return reject(req, nid, "qty must be > 0");
    const std::string old_venue_id = old->venue_order_id;
    venue::LedgerOrder next;
    next.client_order_id = nid;
    next.instrument = old->instrument;
    next.side = old->side;
    next.order_qty = req.qty;
    next.status = TH_STATUS_PENDING_NEW;
    if (!ledger_.add_order(next)) return reject(req, nid, "duplicate client_order_id " + nid);
    persist();

    venue::HttpResponse r = rest_->replace_order(old_venue_id, replace_body(req.qty, req.limit_px, req.stop_px, nid));
    host_.metric_add("orders_sent", 1);
    venue::LedgerOrder* n = ledger_.order(nid);
    if (!r.ok()) {
        if (n) finish(*n, TH_EXEC_REJECTED, TH_STATUS_REJECTED, "replace refused: " + venue_reason(r));
        host_.metric_add("orders_rejected", 1);
        return;
    }
    const Order o = parse_order(dec_, r.body);
    // Alpaca's replace is a new order that `replaces` the old one: the old one is done.
    if (venue::LedgerOrder* oldp = ledger_.order(orig)) oldp->status = TH_STATUS_CANCELED;
    if (n) {
        ledger_.set_venue_id(nid, o.id);
        n->status = TH_STATUS_NEW;
        report(*n, TH_EXEC_REPLACED, host_.now(), 0, 0, "");
    }
    persist();
}

// ---------------------------------------------------------------------------------------
// trade_updates
// ---------------------------------------------------------------------------------------

void Execution::handle_update(const TradeUpdate& u) {
    venue::LedgerOrder* l = ledger_.order(u.order.client_order_id);
    if (!l && !u.order.id.empty()) l = ledger_.order_by_venue_id(u.order.id);
    if (!l) return;  // not an order of this instance (another client of the account)
    const std::string coid = l->client_order_id;
    if (l->venue_order_id.empty() && !u.order.id.empty()) ledger_.set_venue_id(coid, u.order.id);
    const std::string& ev = u.event;
    if ((ev == "fill" || ev == "partial_fill") && u.has_fill) {
        // Fills are named by Alpaca's execution_id; the ledger drops one it has already seen.
        apply_fill(coid, u.execution_id, u.ts_ns ? u.ts_ns : host_.now(), u.price, u.qty);
    } else if (ev == "new" || ev == "accepted" || ev == "pending_new") {
        if (l->status == TH_STATUS_PENDING_NEW) {
            l->status = TH_STATUS_NEW;
            report(*l, TH_EXEC_NEW, u.ts_ns ? u.ts_ns : host_.now(), 0, 0, "");
            persist();
        }
    } else if (ev == "canceled") {
        if (!l->terminal()) finish(*l, TH_EXEC_CANCELED, TH_STATUS_CANCELED, "");
    } else if (ev == "expired") {
        if (!l->terminal()) finish(*l, TH_EXEC_EXPIRED, TH_STATUS_EXPIRED, "");
    } else if (ev == "rejected") {
        if (!l->terminal()) finish(*l, TH_EXEC_REJECTED, TH_STATUS_REJECTED, "rejected by Alpaca");
    } else if (ev == "order_cancel_rejected" || ev == "order_replace_rejected") {
        host_.warn("order " + coid + ": " + ev);
    }
    // replaced, done_for_day, pending_cancel, pending_replace, calculated, ...: no state change
    // that our execution reports carry (the replace itself was reported when PATCH answered).
}

bool Execution::apply_fill(const std::string& coid, const std::string& fill_id, int64_t ts, th_fixed px,
                           th_fixed qty) {
    if (fill_id.empty() || !ledger_.record_fill(fill_id, ts, coid, px, qty)) return false;
    venue::LedgerOrder* l = ledger_.order(coid);
    if (!l) return false;
    l->status = l->cum_qty >= l->order_qty ? TH_STATUS_FILLED : TH_STATUS_PARTIALLY_FILLED;
    persist();  // before publishing: a crash in between re-publishes nothing

    th_fill f = make_event<th_fill>(ts);
    f.instrument = l->instrument;
    f.side = l->side;
    f.liquidity = TH_LIQ_UNKNOWN;  // Alpaca does not say
    f.px = px;
    f.qty = qty;
    f.fee = 0;  // commission-free equities; regulatory fees arrive later as activities
    copy_str(f.client_order_id, coid);
    copy_str(f.venue_order_id, l->venue_order_id);
    copy_str(f.fill_id, fill_id);
    host_.try_publish(kPortFills, f.hdr);
    host_.metric_add("fills", 1);
    report(*l, l->status == TH_STATUS_FILLED ? TH_EXEC_FILL : TH_EXEC_PARTIAL_FILL, ts, px, qty, "");
    account_dirty_ = true;
    return true;
}

// ---------------------------------------------------------------------------------------
// Reconciliation
// ---------------------------------------------------------------------------------------

void Execution::reconcile() {
    venue::HttpResponse r = rest_->open_orders();
    if (!r.ok()) {
        host_.warn("reconciliation: GET /v2/orders failed: " + venue_reason(r));
        return;  // the next reconnect (or start) tries again
    }
    std::set<std::string> open_at_venue;
    for (const Order& o : parse_orders(dec_, r.body)) {
        venue::LedgerOrder* l = ledger_.order(o.client_order_id);
        if (!l) continue;
        open_at_venue.insert(o.client_order_id);
        if (l->venue_order_id.empty()) ledger_.set_venue_id(o.client_order_id, o.id);
        if (l->status == TH_STATUS_PENDING_NEW) {
            l->status = TH_STATUS_NEW;
            report(*l, TH_EXEC_NEW, host_.now(), 0, 0, "");
        }
    }

    reconcile_fills();

    // Orders we think open that Alpaca no longer lists as open: ask for each.
    std::vector<std::string> ask;
    for (const venue::LedgerOrder* l : ledger_.open_orders())
        if (!open_at_venue.count(l->client_order_id)) ask.push_back(l->client_order_id);
    for (const std::string& coid : ask) {
        venue::HttpResponse q = rest_->order_by_client_id(coid);
        venue::LedgerOrder* l = ledger_.order(coid);
        if (!l) continue;
        if (q.ok()) {
            const Order o = parse_order(dec_, q.body);
            if (l->venue_order_id.empty()) ledger_.set_venue_id(coid, o.id);
            const uint8_t st = map_status(o.status);
            if (st == TH_STATUS_CANCELED && o.status != "replaced") finish(*l, TH_EXEC_CANCELED, st, "");
            else if (st == TH_STATUS_CANCELED) l->status = TH_STATUS_CANCELED;  // replaced elsewhere
            else if (st == TH_STATUS_EXPIRED) finish(*l, TH_EXEC_EXPIRED, st, "");
            else if (st == TH_STATUS_REJECTED) finish(*l, TH_EXEC_REJECTED, st, "rejected by Alpaca");
            else if (st == TH_STATUS_FILLED && l->cum_qty < o.filled_qty)
                host_.warn("order " + coid + " is filled at Alpaca but fills are missing from its activities");
            else if (st == TH_STATUS_NEW && l->status == TH_STATUS_PENDING_NEW) {
                l->status = TH_STATUS_NEW;
                report(*l, TH_EXEC_NEW, host_.now(), 0, 0, "");
            }
        } else if (q.status == 404 && l->status == TH_STATUS_PENDING_NEW) {
            // No request is in flight during reconciliation (one worker), so it never arrived.
            finish(*l, TH_EXEC_REJECTED, TH_STATUS_REJECTED, "order unknown to Alpaca");
        }
    }
    persist();
    refresh_account();
    publish_status(host_, TH_VENUE_RECONCILED, "orders and fills reconciled");
}

void Execution::reconcile_fills() {
    if (ledger_.open_orders().empty() && ledger_.fill_watermark_ns() == 0) return;  // nothing of ours
    const int64_t wm = ledger_.fill_watermark_ns();
    const int64_t after = wm > kFillOverlapNs ? wm - kFillOverlapNs : 0;
    std::string page;
    for (int pages = 0; pages < 100; ++pages) {
        venue::HttpResponse r = rest_->fill_activities(after, page);
        if (!r.ok()) {
            host_.warn("reconciliation: GET /v2/account/activities/FILL failed: " + venue_reason(r));
            return;
        }
        const std::vector<FillActivity> acts = parse_fill_activities(dec_, r.body);
        for (const FillActivity& a : acts) {
            venue::LedgerOrder* l = ledger_.order_by_venue_id(a.order_id);
            if (!l) continue;
            const std::string fid = a.execution_id();
            if (ledger_.has_fill(fid, a.ts_ns)) continue;
            // cum_qty says how much of the order this activity completes: if the ledger already
            // has that much, the fill came over the stream under an id we cannot match.
            if (l->cum_qty >= a.cum_qty) continue;
            apply_fill(l->client_order_id, fid, a.ts_ns, a.price, a.qty);
        }
        if (acts.size() < 100) return;
        page = acts.back().id;
    }
}

void Execution::refresh_account() {
    account_dirty_ = false;
    venue::HttpResponse p = rest_->positions();
    if (p.ok()) {
        std::map<std::string, th_fixed> now;
        for (const Position& pos : parse_positions(dec_, p.body)) {
            th_position ev = make_event<th_position>(host_.now());
            ev.instrument = host_.intern(pos.symbol);
            ev.qty = pos.qty;
            ev.avg_px = pos.avg_entry_price;
            ev.unrealized_pnl = pos.unrealized_pl;
            host_.try_publish(kPortPositions, ev.hdr);
            now[pos.symbol] = pos.qty;
        }
        for (const auto& [sym, qty] : published_positions_) {
            if (qty == 0 || now.count(sym)) continue;
            th_position ev = make_event<th_position>(host_.now());  // closed since we last said
            ev.instrument = host_.intern(sym);
            host_.try_publish(kPortPositions, ev.hdr);
        }
        published_positions_ = std::move(now);
    } else {
        host_.warn("GET /v2/positions failed: " + venue_reason(p));
    }
    venue::HttpResponse a = rest_->account();
    if (a.ok()) {
        const Account acct = parse_account(dec_, a.body);
        th_balance b = make_event<th_balance>(host_.now());
        copy_str(b.currency, acct.currency.empty() ? "USD" : acct.currency);
        b.total = acct.cash;
        b.available = acct.buying_power;
        host_.try_publish(kPortBalances, b.hdr);
    } else {
        host_.warn("GET /v2/account failed: " + venue_reason(a));
    }
}

// ---------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------

void Execution::finish(venue::LedgerOrder& o, uint8_t exec_type, uint8_t status, const std::string& reason) {
    o.status = status;
    persist();
    report(o, exec_type, host_.now(), 0, 0, reason);
}

void Execution::report(const venue::LedgerOrder& o, uint8_t exec_type, th_time_ns ts, th_fixed last_px,
                       th_fixed last_qty, const std::string& reason) {
    th_execution_report r = make_event<th_execution_report>(ts);
    r.instrument = o.instrument;
    r.exec_type = exec_type;
    r.status = o.status;
    r.side = o.side;
    r.order_qty = o.order_qty;
    r.cum_qty = o.cum_qty;
    r.leaves_qty = is_terminal(o.status) ? 0 : o.order_qty - o.cum_qty;
    r.avg_px = o.cum_qty > 0 ? fixed_div(o.notional, o.cum_qty) : 0;
    r.last_px = last_px;
    r.last_qty = last_qty;
    copy_str(r.client_order_id, o.client_order_id);
    copy_str(r.venue_order_id, o.venue_order_id);
    copy_str(r.reason, reason);
    host_.try_publish(kPortExecReports, r.hdr);
}

void Execution::reject(const th_order_request& req, const std::string& coid, const std::string& reason) {
    host_.metric_add("orders_rejected", 1);
    th_execution_report r = rejection_of(req, coid, reason, host_.now());
    host_.try_publish(kPortExecReports, r.hdr);
}

std::string Execution::venue_reason(const venue::HttpResponse& r) {
    if (r.status == 0) return "no response: " + r.error;
    if (auto e = parse_error(dec_, r.body))
        return e->message + " (HTTP " + std::to_string(r.status) + ", code " + std::to_string(e->code) + ")";
    return "HTTP " + std::to_string(r.status);
}

void Execution::persist() { host_.state_put("ledger", ledger_.serialize()); }

}  // namespace tradehost::alpaca
