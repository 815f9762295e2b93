// The sma_cross instance; see sma_cross.hpp.
#include "sma_cross.hpp"

#include <cstring>

namespace tradehost::sma_cross {

namespace {

std::vector<th_instrument> intern_all(Host& host, const std::vector<std::string>& symbols) {
    std::vector<th_instrument> ids;
    for (const auto& s : symbols) ids.push_back(host.intern(s));
    return ids;
}

std::string_view id_view(const char (&id)[TH_ID_LEN]) { return std::string_view(id, strnlen(id, TH_ID_LEN)); }

const char* side_name(th_side s) { return s == TH_SIDE_BUY ? "BUY" : (s == TH_SIDE_SELL ? "SELL" : "NONE"); }

template <class E> const E& expect_event(const th_event_header& ev, E& scratch, const char* port) {
    const E* e = event_as<E>(ev, scratch);
    if (!e) throw InvalidArgument(std::string("port ") + port + ": unexpected event type " + std::to_string(ev.type));
    return *e;
}

}  // namespace

SmaCross::SmaCross(Host host, const Config& cfg)
    : host_(host),
      settings_(read_settings(cfg)),
      ids_(host_.instance_name(), host_.session_id()),
      strategy_(settings_, intern_all(host_, settings_.instruments)) {}

void SmaCross::on_event(uint32_t port, const th_event_header& ev) {
    switch (port) {
    case kPortQuotes: {
        th_quote scratch;
        const th_quote& q = expect_event(ev, scratch, "quotes");
        if (q.instrument == 0 || q.bid_px <= 0 || q.ask_px <= 0 || !strategy_.trades(q.instrument))
            return;  // one-sided quotes have no mid
        on_price(q.instrument, static_cast<th_fixed>((static_cast<i128>(q.bid_px) + q.ask_px) / 2), q.hdr.ts);
        return;
    }
    case kPortBars: {
        th_bar scratch;
        const th_bar& b = expect_event(ev, scratch, "bars");
        if (b.instrument == 0 || b.close <= 0 || !strategy_.trades(b.instrument)) return;
        on_price(b.instrument, b.close, b.hdr.ts);
        return;
    }
    case kPortFills: {
        th_fill scratch;
        on_fill(expect_event(ev, scratch, "fills"));
        return;
    }
    case kPortExecReports: {
        th_execution_report scratch;
        on_report(expect_event(ev, scratch, "exec_reports"));
        return;
    }
    case kPortPositions: {
        th_position scratch;
        on_position(expect_event(ev, scratch, "positions"));
        return;
    }
    case kPortModelSignals: {
        th_signal scratch;
        on_model_signal(expect_event(ev, scratch, "model_signals"));
        return;
    }
    default:
        throw InvalidArgument("no input port " + std::to_string(port));
    }
}

void SmaCross::on_price(th_instrument id, th_fixed px, th_time_ns ts) {
    const Decision d = strategy_.on_price(id, px);
    if (d.kind == Decision::None) return;
    host_.metric_add("crosses", 1);
    signal(id, d.direction, ts);
    act(id, px, ts, d);
}

// A model's signal: its sign is the direction, when it is confident enough.
void SmaCross::on_model_signal(const th_signal& s) {
    if (settings_.signal_name.empty() || s.instrument == 0 || !strategy_.trades(s.instrument)) return;
    if (std::string_view(s.name, strnlen(s.name, sizeof s.name)) != settings_.signal_name) return;
    host_.metric_add("model_signals", 1);
    if (!(s.strength >= settings_.signal_threshold) || !(s.value != 0)) return;  // NaN never trades
    const Decision d = strategy_.on_direction(s.instrument, s.value > 0 ? 1 : -1);
    if (d.kind == Decision::None) return;
    host_.metric_add("direction_changes", 1);
    act(s.instrument, strategy_.last_price(s.instrument), s.hdr.ts, d);
}

void SmaCross::act(th_instrument id, th_fixed px, th_time_ns ts, const Decision& d) {
    switch (d.kind) {
    case Decision::Order:
        send(d, ts);
        break;
    case Decision::SkippedPending:
        host_.metric_add("skipped_pending", 1);
        host_.log(TH_LOG_DEBUG, host_.symbol(id) + ": crossing while an order is open; no new order");
        break;
    case Decision::BadPrice:
        host_.metric_add("invalid_price", 1);
        host_.warn(host_.symbol(id) + ": limit price would not be positive (reference " + format_fixed(px) +
                   "); no order");
        break;
    default:
        break;
    }
}

void SmaCross::send(const Decision& d, th_time_ns ts) {
    const OrderIntent& o = d.order;
    const std::string sym = host_.symbol(o.instrument);
    if (host_.kill_switch_engaged()) {
        host_.metric_add("skipped_kill_switch", 1);
        host_.warn(sym + ": kill switch engaged; " + side_name(o.side) + " " + format_fixed(o.qty) + " not sent");
        return;
    }
    th_order_request req = make_event<th_order_request>(ts);
    req.instrument = o.instrument;
    req.action = TH_ORDER_NEW;
    req.side = static_cast<uint8_t>(o.side);
    req.order_type = static_cast<uint8_t>(settings_.order_type);
    req.tif = static_cast<uint8_t>(settings_.tif);
    req.qty = o.qty;
    req.limit_px = o.limit_px;
    ids_.format(strategy_.next_order_number(), req.client_order_id);
    const th_status s = host_.try_publish(kPortOrders, req.hdr);
    if (s == TH_ERR_AGAIN) {
        host_.warn(sym + ": session stopping; order " + req.client_order_id + " not sent");
        return;
    }
    if (s != TH_OK) throw_status(s, "publish order");
    strategy_.order_sent(o, id_view(req.client_order_id));
    host_.metric_add("orders", 1);
    const std::string why = !settings_.signal_name.empty()
                                ? ": signal " + settings_.signal_name + (d.direction > 0 ? " turned long" : " turned short")
                                : (d.direction > 0 ? ": fast SMA crossed above slow" : ": fast SMA crossed below slow");
    host_.info(sym + why +
               ", target " + format_fixed(d.target) + ": " + side_name(o.side) + " " + format_fixed(o.qty) +
               (o.limit_px ? " @ " + format_fixed(o.limit_px) : std::string(" market")) + " as " +
               req.client_order_id);
}

// Every crossing is a signal, whether or not it leads to an order (the position may already
// be at the target): what the strategy concluded, for sinks and the journal.
void SmaCross::signal(th_instrument id, int direction, th_time_ns ts) {
    th_signal sig = make_event<th_signal>(ts);
    sig.instrument = id;
    sig.value = direction;  // the sign is the direction
    sig.strength = 1.0;     // a crossing is a yes/no call: full conviction
    std::strncpy(sig.name, direction > 0 ? "sma_golden_cross" : "sma_death_cross", sizeof sig.name - 1);
    const th_status s = host_.try_publish(kPortSignals, sig.hdr);
    if (s != TH_OK && s != TH_ERR_AGAIN) throw_status(s, "publish signal");
}

void SmaCross::on_fill(const th_fill& f) {
    if (!ids_.is_own(id_view(f.client_order_id))) return;
    strategy_.on_fill(f.instrument, static_cast<th_side>(f.side), f.qty);
    host_.metric_add("fills", 1);
}

void SmaCross::on_report(const th_execution_report& r) {
    const std::string_view id = id_view(r.client_order_id);
    if (!ids_.is_own(id)) return;
    strategy_.on_report(r);
    if (r.exec_type == TH_EXEC_REJECTED) {
        host_.metric_add("rejects", 1);
        const char* reason = r.reason[0] ? r.reason : "no reason given";
        host_.warn(host_.symbol(r.instrument) + ": order " + std::string(id) + " rejected: " +
                   std::string(reason, strnlen(reason, TH_TEXT_LEN)));
    }
}

void SmaCross::on_position(const th_position& p) {
    // The venue's position is the truth: it replaces what fills accumulated. A fill followed
    // by the venue's position after it agrees, so that pair changes nothing here.
    if (p.instrument == 0 || !strategy_.trades(p.instrument)) return;
    const th_fixed before = strategy_.position(p.instrument);
    if (!strategy_.reconcile(p.instrument, p.qty)) return;
    host_.metric_add("reconciled", 1);
    host_.info(host_.symbol(p.instrument) + ": position reconciled to the venue's " + format_fixed(p.qty) +
               " (was " + format_fixed(before) + ")");
}

std::string SmaCross::snapshot() {
    return strategy_.snapshot([this](th_instrument id) { return host_.symbol(id); });
}

void SmaCross::restore(std::string_view blob) {
    strategy_.restore(blob, [this](const std::string& sym) { return host_.intern(sym); });
}

}  // namespace tradehost::sma_cross
