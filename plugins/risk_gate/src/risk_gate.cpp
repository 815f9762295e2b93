#include "risk_gate.hpp"

#include "ids.hpp"
#include "state.hpp"

namespace tradehost::risk_gate {

namespace {
constexpr const char* kDrawdownKey = "drawdown";
}  // namespace

RiskGate::RiskGate(Host host, const Config& cfg) : host_(host), limits_(RiskLimits::load(cfg)) {
    st_.drawdown.basis = limits_.equity_base;
}

void RiskGate::start() {
    if (loaded_) return;
    loaded_ = true;
    if (!limits_.drawdown.on()) return;
    std::string blob;
    if (!host_.state_get(kDrawdownKey, blob)) return;
    try {
        st_.drawdown = Drawdown::decode(blob, st_.positions.total_pnl());
    } catch (const std::exception& e) {
        // Starting without it could trade through a tripped switch.
        throw std::runtime_error(std::string("saved drawdown record unreadable: ") + e.what());
    }
    saved_peak_ = st_.drawdown.peak;
    Drawdown& dd = st_.drawdown;
    if (!dd.tripped) return;
    if (limits_.drawdown_rearm != dd.rearm) {
        host_.warn("drawdown kill switch re-armed by drawdown_rearm '" + limits_.drawdown_rearm + "' (tripped at " +
                   format_fixed(dd.trip_drawdown) + " drawdown); peak equity restarts at " +
                   format_fixed(dd.equity(st_.positions.total_pnl())));
        dd.rearm_at(st_.positions.total_pnl());
        save_drawdown();
        return;
    }
    host_.warn("drawdown kill switch still tripped from a previous session (drawdown " + format_fixed(dd.trip_drawdown) +
               " from peak " + format_fixed(dd.peak) + "); new orders are rejected until drawdown_rearm changes");
}

void RiskGate::on_event(uint32_t port, const th_event_header& ev) {
    switch (port) {
    case kPortOrdersIn: {
        th_order_request s;
        const th_order_request* e = event_as(ev, s);
        if (!e) throw InvalidArgument("risk_gate: port orders expects th_order_request events");
        on_order(*e);
        return;
    }
    case kPortFills: {
        th_fill s;
        const th_fill* e = event_as(ev, s);
        if (!e) throw InvalidArgument("risk_gate: port fills expects th_fill events");
        on_fill(*e);
        return;
    }
    case kPortQuotes: {
        th_quote s;
        const th_quote* e = event_as(ev, s);
        if (!e) throw InvalidArgument("risk_gate: port quotes expects th_quote events");
        on_quote(*e);
        return;
    }
    case kPortExecReports: {
        th_execution_report s;
        const th_execution_report* e = event_as(ev, s);
        if (!e) throw InvalidArgument("risk_gate: port exec_reports expects th_execution_report events");
        on_report(*e);
        return;
    }
    case kPortPositions: {
        th_position s;
        const th_position* e = event_as(ev, s);
        if (!e) throw InvalidArgument("risk_gate: port positions expects th_position events");
        on_position(*e);
        return;
    }
    default:
        throw InvalidArgument("risk_gate: no input port " + std::to_string(port));
    }
}

std::string RiskGate::snapshot() {
    return encode_state(st_, [this](th_instrument id) { return symbol(id); });
}

void RiskGate::restore(std::string_view blob) {
    st_ = decode_state(blob, [this](const std::string& s) { return host_.intern(s); });
    saved_peak_ = st_.drawdown.peak;
    loaded_ = true;
}

void RiskGate::on_order(const th_order_request& req) {
    roll(req.hdr.ts);
    host_.metric_add("orders_checked", 1);
    Environment env;
    env.kill_host = host_.kill_switch_engaged();
    env.symbol = [this](th_instrument id) { return symbol(id); };
    env.info = [this](th_instrument id) { return host_.instrument_info(id); };
    const Verdict v = evaluate(limits_, st_, req, env);
    if (!v.approved) {
        publish_reject(req, v);
        return;
    }
    // Update the books before forwarding: the venue may answer before publish returns.
    remember(v.proposal, req.hdr.ts);
    host_.metric_add("orders_approved", 1);
    th_order_request out = req;
    host_.publish(kPortOrdersOut, out);
}

void RiskGate::remember(const Proposal& p, th_time_ns ts) {
    if (p.action != TH_ORDER_NEW && p.action != TH_ORDER_REPLACE) return;
    if (limits_.max_orders_per_second > 0) st_.rate.record(ts);
    if (p.action == TH_ORDER_REPLACE && p.orig_known) {
        st_.orders.set_pending(p.orig, p.id, p.order_qty, p.limit_px, p.stop_px, p.px);
        return;
    }
    OpenOrder o;
    o.id = p.id;
    o.instrument = p.instrument;
    o.side = p.side;
    o.type = p.type;
    o.qty = p.order_qty;
    o.limit_px = p.limit_px;
    o.stop_px = p.stop_px;
    o.px = p.px;
    st_.orders.add(std::move(o));
}

void RiskGate::publish_reject(const th_order_request& req, const Verdict& v) {
    host_.metric_add("rejects", 1);
    host_.metric_add(("reject_" + v.rule).c_str(), 1);
    th_execution_report r = rejection_of(req, id_text(req.client_order_id), v.reason, req.hdr.ts);
    host_.publish(kPortRejects, r);
}

void RiskGate::on_fill(const th_fill& f) {
    roll(f.hdr.ts);
    const th_side side = f.side == TH_SIDE_SELL ? TH_SIDE_SELL : TH_SIDE_BUY;
    st_.positions.on_fill(f.instrument, side, f.qty, f.px, f.fee);
    st_.orders.on_fill(id_text(f.client_order_id), f.qty);
    check_loss();
    check_drawdown(f.hdr.ts);
    // A fill realizes PnL that a restart would not learn again (positions come back from the
    // venue at their cost basis): journal the equity it leaves.
    if (limits_.drawdown.on()) save_drawdown();
}

void RiskGate::on_quote(const th_quote& q) {
    roll(q.hdr.ts);
    st_.positions.on_quote(q.instrument, q.bid_px, q.ask_px);
    check_loss();
    check_drawdown(q.hdr.ts);
}

void RiskGate::on_report(const th_execution_report& r) {
    roll(r.hdr.ts);
    st_.orders.on_report(r);
}

void RiskGate::on_position(const th_position& p) {
    if (p.instrument == 0) return;
    roll(p.hdr.ts);
    const InstrumentState* cur = st_.positions.find(p.instrument);
    const th_fixed was_qty = cur ? cur->pos.qty : 0, was_avg = cur ? cur->pos.avg_px : 0;
    const th_fixed total_before = st_.positions.total_pnl();
    const bool changed = st_.positions.reconcile(p.instrument, p.qty, p.avg_px, p.unrealized_pnl);
    // A reconciliation is not a trade: what it changes in the valuation moves the day's
    // basis with it, so it is neither a loss nor a gain of the day (after a restart the gate
    // learns a position opened earlier; its PnL so far is not today's).
    st_.day.start_total += st_.positions.total_pnl() - total_before;
    // Nor does it move equity: the drawdown's basis absorbs it the same way.
    st_.drawdown.basis -= st_.positions.total_pnl() - total_before;
    if (!changed) return;
    host_.metric_add("reconciled", 1);
    host_.info(symbol(p.instrument) + ": position reconciled to the venue's " + format_fixed(p.qty) + " @ " +
               format_fixed(p.qty != 0 ? p.avg_px : 0) + " (was " + format_fixed(was_qty) + " @ " +
               format_fixed(was_avg) + ")");
}

void RiskGate::roll(th_time_ns ts) {
    st_.day.roll(ts, st_.positions.total_pnl());
    check_loss();
}

void RiskGate::check_loss() {
    if (limits_.max_daily_loss <= 0 || st_.day.breached) return;
    if (st_.day.check(st_.positions.total_pnl(), limits_.max_daily_loss))
        host_.warn("max_daily_loss breached: day loss " + format_fixed(st_.day.breach_loss) + " > limit " +
                   format_fixed(limits_.max_daily_loss) + "; new orders rejected until the next UTC day");
}

void RiskGate::check_drawdown(th_time_ns ts) {
    if (!limits_.drawdown.on()) return;
    const th_fixed pnl = st_.positions.total_pnl();
    Drawdown& dd = st_.drawdown;
    if (dd.check(pnl, limits_.drawdown, ts, limits_.drawdown_rearm)) {
        host_.metric_add("drawdown_trips", 1);
        host_.error("max_drawdown: kill switch tripped: equity " + format_fixed(dd.trip_equity) + " is " +
                    format_fixed(dd.trip_drawdown) + " below its peak " + format_fixed(dd.peak) +
                    "; new and replace orders are rejected until drawdown_rearm changes");
        save_drawdown();
        return;
    }
    // A peak only in memory would be forgotten by a restart; journal it when it has risen by a
    // hundredth of the limit, so that a restart loses at most that much of the drawdown.
    const th_fixed step = limits_.drawdown.amount > 0 ? limits_.drawdown.amount / 100
                                                      : static_cast<th_fixed>(static_cast<double>(dd.peak) *
                                                                              limits_.drawdown.fraction / 100.0);
    if (dd.peak - saved_peak_ > (step > 0 ? step : 0)) save_drawdown();
}

void RiskGate::save_drawdown() {
    host_.state_put(kDrawdownKey, st_.drawdown.encode(st_.positions.total_pnl()));
    saved_peak_ = st_.drawdown.peak;
}

std::string RiskGate::symbol(th_instrument id) const {
    std::string s = host_.symbol(id);
    return s.empty() ? "#" + std::to_string(id) : s;
}

}  // namespace tradehost::risk_gate
