#include "engine.hpp"

#include <algorithm>
#include <cstring>

namespace tradehost::exec_algos {

namespace {

template <size_t N> std::string text(const char (&field)[N]) {
    const void* nul = std::memchr(field, '\0', N);
    return std::string(field, nul ? static_cast<size_t>(static_cast<const char*>(nul) - field) : N);
}

__extension__ typedef __int128 i128;

constexpr size_t kFinishedKept = 4096;  // ids remembered to refuse a duplicate parent

th_fixed signed_qty(uint8_t side, th_fixed q) { return side == TH_SIDE_SELL ? -q : q; }

}  // namespace

Engine::Engine(Settings s, VolumeProfile profile, bool learn_profile)
    : s_(std::move(s)), profile_(std::move(profile)), learn_profile_(learn_profile) {}

const InstrumentMarket* Engine::market(th_instrument id) const {
    auto it = market_.find(id);
    return it == market_.end() ? nullptr : &it->second;
}

th_instrument_info Engine::info_of(th_instrument id) const {
    if (env_.info)
        if (auto i = env_.info(id)) return *i;
    th_instrument_info none;
    std::memset(&none, 0, sizeof none);
    return none;
}

std::string Engine::symbol(th_instrument id) const {
    std::string s = env_.symbol ? env_.symbol(id) : "";
    return s.empty() ? "#" + std::to_string(id) : s;
}

std::string Engine::next_id(char kind, uint64_t& counter) const {
    return s_.id_prefix + "-" + std::to_string(env_.session) + "-" + kind + std::to_string(counter++);
}

bool Engine::known_id(const std::string& id) const {
    return parents_.count(id) || children_.count(id) || std::find(finished_.begin(), finished_.end(), id) != finished_.end();
}

// ---- parents in --------------------------------------------------------------------

void Engine::reject_parent(const th_order_request& req, const std::string& why, Outbox& out) {
    out.reports.push_back(rejection_of(req, text(req.client_order_id), why, req.hdr.ts));
}

void Engine::on_order(const th_order_request& req, Outbox& out) {
    const std::string id = text(req.client_order_id);
    if (req.action == TH_ORDER_CANCEL) {
        auto it = parents_.find(text(req.orig_client_order_id));
        if (it == parents_.end()) return reject_parent(req, "unknown parent order " + text(req.orig_client_order_id), out);
        return cancel_parent(it->second, "", req.hdr.ts, out);
    }
    if (req.action == TH_ORDER_REPLACE) return replace_parent(req, out);
    if (req.action != TH_ORDER_NEW) return reject_parent(req, "unknown action " + std::to_string(req.action), out);
    if (id.empty()) return reject_parent(req, "missing client_order_id", out);
    if (known_id(id)) return reject_parent(req, "duplicate client_order_id " + id, out);
    if (req.qty <= 0) return reject_parent(req, "invalid qty " + format_fixed(req.qty) + ": must be > 0", out);
    if (req.side != TH_SIDE_BUY && req.side != TH_SIDE_SELL) return reject_parent(req, "invalid side", out);
    if (req.order_type != TH_ORDER_MARKET && req.order_type != TH_ORDER_LIMIT)
        return reject_parent(req, "parent orders are market or limit", out);
    const Algo algo = algo_tag(id).value_or(s_.default_algo);
    if ((algo == Algo::Iceberg || algo == Algo::Sniper) && req.order_type != TH_ORDER_LIMIT)
        return reject_parent(req, std::string(algo_name(algo)) + " needs a limit order (its price)", out);
    const th_instrument_info info = info_of(req.instrument);
    const auto breach = check_instrument_rules(info, req.order_type, req.qty, req.limit_px, 0, symbol(req.instrument));
    if (breach) return reject_parent(req, breach.reason, out);
    Parent p;
    p.id = id;
    p.instrument = req.instrument;
    p.side = req.side;
    p.algo = algo;
    p.qty = req.qty;
    p.limit_px = req.order_type == TH_ORDER_LIMIT ? req.limit_px : 0;
    p.duration_ns = s_.duration_ns;
    p.cause = req.decision_id;
    accept(std::move(p), req.hdr.ts, out);
}

void Engine::on_target(const th_target& t, Outbox& out) {
    const std::string who = text(t.strategy);
    InstrumentMarket& m = market_[t.instrument];
    th_fixed want = 0;
    if (t.kind == TH_TARGET_QTY) {
        want = t.value;
    } else if (t.kind == TH_TARGET_NOTIONAL && m.mid() > 0) {
        want = fixed_div(t.value, m.mid());
    } else {
        // A weight needs the portfolio's value, which an execution plugin does not keep.
        out.changed = true;
        return;
    }
    // The newest target replaces what older ones still work on this instrument.
    std::vector<std::string> older;
    for (const auto& [pid, p] : parents_)
        if (p.from_target && p.instrument == t.instrument && !p.canceling) older.push_back(pid);
    for (const std::string& pid : older)  // cancelling may finish (erase) a parent: look each up again
        if (auto it = parents_.find(pid); it != parents_.end()) cancel_parent(it->second, "replaced by a newer target", t.hdr.ts, out);
    th_fixed pending = 0;  // children still live of the parents being cancelled
    for (const auto& [pid, p] : parents_) {
        if (p.instrument != t.instrument) continue;
        for (const std::string& cid : p.children) {
            const Child& c = children_.at(cid);
            if (!c.done) pending += signed_qty(p.side, c.qty - std::max(c.cum_fills, c.cum_reported));
        }
    }
    const th_instrument_info info = info_of(t.instrument);
    const th_fixed diff = want - positions_[t.instrument] - pending;
    const th_fixed qty = floor_lot(diff < 0 ? -diff : diff, info.lot_size);
    if (qty <= 0 || (info.min_qty > 0 && qty < info.min_qty)) return;
    Parent p;
    p.id = next_id('p', next_parent_);
    p.instrument = t.instrument;
    p.side = diff > 0 ? TH_SIDE_BUY : TH_SIDE_SELL;
    p.algo = algo_tag(who).value_or(s_.default_algo);
    if (p.algo == Algo::Iceberg || p.algo == Algo::Sniper) p.algo = Algo::Twap;  // they need a price; a target has none
    p.qty = qty;
    p.from_target = true;
    p.duration_ns = t.horizon_ns > 0 ? t.horizon_ns : s_.duration_ns;
    p.cause = t.decision_id;
    accept(std::move(p), t.hdr.ts, out);
}

void Engine::accept(Parent p, th_time_ns ts, Outbox& out) {
    InstrumentMarket& m = market_[p.instrument];
    p.start = ts;
    p.arrival_mid = m.mid();
    p.volume_at_start = m.volume;
    const th_fixed lot = info_of(p.instrument).lot_size;
    if (p.algo == Algo::Twap) {
        p.plan = twap_plan(p.qty, s_.slices, lot);
    } else if (p.algo == Algo::Vwap) {
        p.plan = plan_from_weights(p.qty, profile_.slice_weights(ts, p.duration_ns, s_.slices), lot);
    } else if (p.algo == Algo::Is) {
        p.plan = ac_plan(p.qty, s_.ac, static_cast<double>(p.duration_ns) / 1e9, s_.slices, lot);
    }
    const std::string id = p.id;
    auto [it, _] = parents_.emplace(id, std::move(p));
    out.reports.push_back(report_of(it->second, TH_EXEC_NEW, TH_STATUS_NEW, ts));
    out.changed = true;
    sending_ = true;  // the market as the parent arrives is a fresh view
    work(it->second, ts, out);
    sending_ = false;
}

void Engine::cancel_parent(Parent& p, const std::string& why, th_time_ns ts, Outbox& out) {
    out.changed = true;
    if (!p.canceling) {
        p.canceling = true;
        p.cancel_reason = why;
    }
    work(p, ts, out);
}

void Engine::replace_parent(const th_order_request& req, Outbox& out) {
    const std::string orig = text(req.orig_client_order_id), nid = text(req.client_order_id);
    auto it = parents_.find(orig);
    if (it == parents_.end()) return reject_parent(req, "unknown parent order " + orig, out);
    if (nid.empty() || known_id(nid)) return reject_parent(req, "missing or duplicate client_order_id " + nid, out);
    Parent& cur = it->second;
    if (cur.canceling) return reject_parent(req, "parent " + orig + " is being cancelled", out);
    if (req.qty < cur.filled || req.qty <= 0)
        return reject_parent(req, "qty " + format_fixed(req.qty) + " below the filled " + format_fixed(cur.filled), out);
    const th_instrument_info info = info_of(cur.instrument);
    const th_fixed limit = req.limit_px > 0 ? req.limit_px : cur.limit_px;
    const auto breach = check_instrument_rules(info, limit > 0 ? TH_ORDER_LIMIT : TH_ORDER_MARKET, req.qty, limit, 0,
                                               symbol(cur.instrument));
    if (breach) return reject_parent(req, breach.reason, out);
    Parent p = std::move(cur);
    parents_.erase(it);
    finished_.push_back(orig);
    // Children of the old terms are pulled; the schedule sends what the new terms want.
    for (const std::string& cid : p.children) {
        Child& c = children_.at(cid);
        c.parent = nid;
        if (!c.done && !c.cancel_sent) send_cancel(c, req.hdr.ts, out);
    }
    const th_fixed old_qty = p.qty;
    p.id = nid;
    p.qty = req.qty;
    p.limit_px = limit;
    if (!p.plan.empty() && old_qty > 0) {
        for (th_fixed& q : p.plan) q = std::min(req.qty, floor_lot(static_cast<th_fixed>(static_cast<long double>(q) * req.qty / old_qty), info.lot_size));
        p.plan.back() = req.qty;
    }
    auto [pit, _] = parents_.emplace(nid, std::move(p));
    th_execution_report r = report_of(pit->second, TH_EXEC_REPLACED, pit->second.filled > 0 ? TH_STATUS_PARTIALLY_FILLED : TH_STATUS_NEW, req.hdr.ts);
    copy_str(r.orig_client_order_id, orig);
    out.reports.push_back(r);
    out.changed = true;
    sending_ = true;
    work(pit->second, req.hdr.ts, out);
    sending_ = false;
}

// ---- market in ---------------------------------------------------------------------

void Engine::on_quote(const th_quote& q, Outbox& out) {
    market_[q.instrument].on_quote(q);
    work_instrument(q.instrument, q.hdr.ts, out);
}

void Engine::on_trade(const th_trade& t, Outbox& out) {
    market_[t.instrument].volume += t.qty;
    if (learn_profile_) profile_.add(t.hdr.ts, to_double(t.qty));
    work_instrument(t.instrument, t.hdr.ts, out);
}

void Engine::on_book(const th_book& b, Outbox& out) {
    market_[b.instrument].on_book(b);
    work_instrument(b.instrument, b.hdr.ts, out);
}

void Engine::on_position(const th_position& p) {
    if (p.instrument != 0) positions_[p.instrument] = p.qty;
}

void Engine::work_instrument(th_instrument id, th_time_ns now, Outbox& out) {
    sending_ = true;
    std::vector<std::string> ids;
    for (const auto& [pid, p] : parents_)
        if (p.instrument == id) ids.push_back(pid);
    for (const std::string& pid : ids) {
        auto it = parents_.find(pid);
        if (it != parents_.end()) work(it->second, now, out);
    }
    sending_ = false;
}

// ---- the algorithms ----------------------------------------------------------------

th_fixed Engine::allowed(const Parent& p, th_fixed committed, bool live_child, th_time_ns now) const {
    const th_fixed lot = info_of(p.instrument).lot_size;
    const auto mit = market_.find(p.instrument);
    const InstrumentMarket empty_market;
    const InstrumentMarket& m = mit == market_.end() ? empty_market : mit->second;
    switch (p.algo) {
    case Algo::Twap:
    case Algo::Vwap:
    case Algo::Is: {
        if (p.plan.empty() || now < p.start) return committed;
        const int64_t n = static_cast<int64_t>(p.plan.size());
        int64_t k = p.duration_ns > 0 ? static_cast<int64_t>((static_cast<i128>(now - p.start) * n) / p.duration_ns) : n - 1;
        if (k > n - 1) k = n - 1;
        return p.plan[static_cast<size_t>(k)];
    }
    case Algo::Pov:
        return pov_allowance(p.qty, s_.pov_rate, m.volume - p.volume_at_start, lot);
    case Algo::Iceberg: {
        if (live_child) return committed;
        const th_fixed show = floor_lot(s_.display_qty, lot);
        return committed + std::min(show > 0 ? show : s_.display_qty, p.qty - committed);
    }
    case Algo::Sniper: {
        if (live_child) return committed;
        return committed + std::min(floor_lot(m.takeable(p.side, p.limit_px), lot), p.qty - committed);
    }
    }
    return committed;
}

void Engine::work(Parent& p, th_time_ns now, Outbox& out) {
    th_fixed committed = 0;
    bool live = false;
    for (const std::string& cid : p.children) {
        Child& c = children_.at(cid);
        committed += c.committed();
        if (c.done) continue;
        live = true;
        const bool stale = c.order_type == TH_ORDER_LIMIT && s_.child_ttl_ns > 0 && now - c.sent_ts >= s_.child_ttl_ns;
        if (!c.cancel_sent && (p.canceling || stale)) send_cancel(c, now, out);
    }
    if (p.canceling) {
        if (!live) finish(p.id, TH_EXEC_CANCELED, TH_STATUS_CANCELED, p.cancel_reason, now, out);
        return;
    }
    if (p.filled >= p.qty) {
        if (!live) finish(p.id, TH_EXEC_FILL, TH_STATUS_FILLED, "", now, out);
        return;
    }
    // New children go out on a fresh view of the market (a market event, the parent's
    // arrival or replace), never in answer to a report: the view a report arrives with may
    // show what the last child just took, and an IOC remainder resent at once would loop.
    // An iceberg refreshes at once: its price is fixed and it shows one slice at a time.
    if (!sending_ && p.algo != Algo::Iceberg) return;
    const th_instrument_info info = info_of(p.instrument);
    th_fixed want = std::min(allowed(p, committed, live, now), p.qty) - committed;
    want = floor_lot(want, info.lot_size);
    if (want <= 0) return;
    // Below the venue's minimum, wait until the schedule allows more, unless it is the rest.
    if (info.min_qty > 0 && want < info.min_qty && committed + want < p.qty) return;
    send_child(p, want, now, out);
}

void Engine::send_child(Parent& p, th_fixed qty, th_time_ns now, Outbox& out) {
    const th_instrument_info info = info_of(p.instrument);
    const auto mit = market_.find(p.instrument);
    const th_fixed bid = mit == market_.end() ? 0 : mit->second.bid, ask = mit == market_.end() ? 0 : mit->second.ask;
    const bool buy = p.side == TH_SIDE_BUY;
    th_order_request r = make_event<th_order_request>(now);
    r.instrument = p.instrument;
    r.action = TH_ORDER_NEW;
    r.cause_id = p.cause;  // the decision log links each child to the target (or order) it works
    r.side = p.side;
    r.qty = qty;
    r.order_type = TH_ORDER_LIMIT;
    r.tif = TH_TIF_DAY;
    if (p.algo == Algo::Iceberg) {
        r.limit_px = p.limit_px;
    } else if (p.algo == Algo::Sniper) {
        r.limit_px = p.limit_px;
        r.tif = TH_TIF_IOC;
    } else if (s_.child_price == Settings::ChildPrice::Market && p.limit_px == 0) {
        r.order_type = TH_ORDER_MARKET;
    } else {
        const bool aggressive = s_.child_price != Settings::ChildPrice::Passive;
        // Aggressive takes the far touch (a buy at the ask, rounded up to the tick so it
        // crosses); passive joins the near touch (a buy at the bid, rounded down).
        const th_fixed touch = aggressive ? (buy ? ask : bid) : (buy ? bid : ask);
        if (touch <= 0) return;  // no quote yet: nothing to price by
        th_fixed px = round_tick(touch, info.tick_size, aggressive ? buy : !buy);
        if (p.limit_px > 0) px = buy ? std::min(px, p.limit_px) : std::max(px, p.limit_px);
        r.limit_px = px;
        // A capped price that no longer crosses rests instead of expiring at once.
        const bool crosses = buy ? (ask > 0 && px >= ask) : (bid > 0 && px <= bid);
        r.tif = aggressive && crosses ? TH_TIF_IOC : TH_TIF_DAY;
    }
    Child c;
    c.id = next_id('c', next_child_);
    c.parent = p.id;
    c.order_type = r.order_type;
    c.qty = qty;
    c.limit_px = r.limit_px;
    c.sent_ts = now;
    copy_str(r.client_order_id, c.id);
    p.children.push_back(c.id);
    children_.emplace(c.id, std::move(c));
    out.children.push_back(r);
    out.changed = true;
}

void Engine::send_cancel(Child& c, th_time_ns now, Outbox& out) {
    th_order_request r = make_event<th_order_request>(now);
    const auto pit = parents_.find(c.parent);
    r.instrument = pit == parents_.end() ? 0 : pit->second.instrument;
    r.side = pit == parents_.end() ? 0 : pit->second.side;
    r.action = TH_ORDER_CANCEL;
    r.order_type = c.order_type;
    r.qty = c.qty;
    const std::string cid = c.id + "x";
    copy_str(r.client_order_id, cid);
    copy_str(r.orig_client_order_id, c.id);
    cancel_ids_[cid] = c.id;
    c.cancel_sent = true;
    out.children.push_back(r);
    out.changed = true;
}

// ---- venue answers -----------------------------------------------------------------

void Engine::on_report(const th_execution_report& r, Outbox& out) {
    std::string cid = text(r.client_order_id);
    auto cancel = cancel_ids_.find(cid);
    if (cancel != cancel_ids_.end()) {
        // A refused cancel: the child is gone already (filled, or it never reached the venue).
        const std::string child = cancel->second;
        cancel_ids_.erase(cancel);
        if (r.exec_type != TH_EXEC_REJECTED) return;
        auto it = children_.find(child);
        if (it == children_.end() || it->second.done) return;
        it->second.done = true;
        out.changed = true;
        if (auto p = parents_.find(it->second.parent); p != parents_.end()) work(p->second, r.hdr.ts, out);
        return;
    }
    auto it = children_.find(cid);
    if (it == children_.end()) return;  // not ours
    Child& c = it->second;
    if (r.cum_qty > c.cum_reported) c.cum_reported = r.cum_qty;
    // Copies: cancelling or finishing the parent below erases its children.
    const std::string child_id = c.id, parent_id = c.parent;
    const bool terminal = r.exec_type == TH_EXEC_REJECTED || r.exec_type == TH_EXEC_FILL || r.exec_type == TH_EXEC_CANCELED ||
                          r.exec_type == TH_EXEC_EXPIRED;
    if (terminal) c.done = true;
    if (r.exec_type == TH_EXEC_NEW) c.acked = true;
    out.changed = true;
    auto pit = parents_.find(parent_id);
    if (pit == parents_.end()) return;
    Parent& p = pit->second;
    if (r.exec_type == TH_EXEC_NEW) p.rejects_in_row = 0;
    if (r.exec_type == TH_EXEC_REJECTED && ++p.rejects_in_row >= s_.max_child_rejects && !p.canceling) {
        cancel_parent(p, "child rejected: " + text(r.reason), r.hdr.ts, out);
        return;
    }
    if (terminal) {
        cancel_ids_.erase(child_id + "x");
        work(p, r.hdr.ts, out);
    }
}

void Engine::on_fill(const th_fill& f, Outbox& out) {
    auto it = children_.find(text(f.client_order_id));
    if (it == children_.end()) return;
    Child& c = it->second;
    c.cum_fills += f.qty;
    if (c.cum_fills >= c.qty) c.done = true;  // all of it: no need to wait for the report
    positions_[f.instrument] += signed_qty(f.side, f.qty);
    out.changed = true;
    auto pit = parents_.find(c.parent);
    if (pit == parents_.end()) return;
    Parent& p = pit->second;
    p.rejects_in_row = 0;
    p.filled += f.qty;
    p.notional += fixed_mul(f.px, f.qty);
    th_fill pf = f;
    pf.hdr = make_event<th_fill>(f.hdr.ts).hdr;
    copy_str(pf.client_order_id, p.id);
    copy_str(pf.venue_order_id, c.id);  // the parent's "venue order" of this fill is the child
    copy_str(pf.fill_id, next_id('f', next_fill_));
    out.fills.push_back(pf);
    th_execution_report r = report_of(p, p.filled >= p.qty ? TH_EXEC_FILL : TH_EXEC_PARTIAL_FILL,
                                      p.filled >= p.qty ? TH_STATUS_FILLED : TH_STATUS_PARTIALLY_FILLED, f.hdr.ts);
    r.last_px = f.px;
    r.last_qty = f.qty;
    if (p.filled >= p.qty) {
        // Filled: any child still open is surplus (cannot happen with committed quantities,
        // but a venue may over-fill); pull it and forget the parent.
        for (const std::string& cid : p.children) {
            Child& o = children_.at(cid);
            if (!o.done && !o.cancel_sent) send_cancel(o, f.hdr.ts, out);
        }
        out.reports.push_back(r);
        finish(p.id, 0, TH_STATUS_FILLED, "", f.hdr.ts, out);
        return;
    }
    out.reports.push_back(r);
}

// ---- reports and bookkeeping -------------------------------------------------------

th_execution_report Engine::report_of(const Parent& p, uint8_t exec_type, uint8_t status, th_time_ns ts) const {
    th_execution_report r = make_event<th_execution_report>(ts);
    r.instrument = p.instrument;
    r.exec_type = exec_type;
    r.status = status;
    r.side = p.side;
    r.order_qty = p.qty;
    r.cum_qty = p.filled;
    r.leaves_qty = status == TH_STATUS_CANCELED || status == TH_STATUS_FILLED ? 0 : p.qty - p.filled;
    r.avg_px = p.avg_px();
    copy_str(r.client_order_id, p.id);
    copy_str(r.venue_order_id, std::string(algo_name(p.algo)) + ":" + p.id);
    return r;
}

void Engine::finish(std::string id, uint8_t exec_type, uint8_t status, std::string reason, th_time_ns ts,
                    Outbox& out) {
    auto it = parents_.find(id);
    if (it == parents_.end()) return;
    if (exec_type != 0) {
        th_execution_report r = report_of(it->second, exec_type, status, ts);
        copy_str(r.reason, reason);
        out.reports.push_back(r);
    }
    for (const std::string& cid : it->second.children) {
        cancel_ids_.erase(cid + "x");
        children_.erase(cid);
    }
    parents_.erase(it);
    finished_.push_back(id);
    while (finished_.size() > kFinishedKept) finished_.pop_front();
    out.changed = true;
}

Engine::Saved Engine::saved() const {
    Saved s;
    s.parents = parents_;
    s.children = children_;
    s.cancel_ids = cancel_ids_;
    s.positions = positions_;
    s.finished = finished_;
    s.next_child = next_child_;
    s.next_parent = next_parent_;
    s.next_fill = next_fill_;
    if (learn_profile_) s.profile = profile_.volumes();
    return s;
}

void Engine::load(Saved s) {
    parents_ = std::move(s.parents);
    children_ = std::move(s.children);
    cancel_ids_ = std::move(s.cancel_ids);
    positions_ = std::move(s.positions);
    finished_ = std::move(s.finished);
    next_child_ = s.next_child;
    next_parent_ = s.next_parent;
    next_fill_ = s.next_fill;
    if (learn_profile_ && s.profile.size() == profile_.volumes().size()) profile_.volumes() = std::move(s.profile);
}

}  // namespace tradehost::exec_algos
