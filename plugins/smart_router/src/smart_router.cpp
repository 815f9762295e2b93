#include "smart_router.hpp"

#include "state.hpp"

#include <cstring>

namespace tradehost::smart_router {

namespace {

constexpr const char* kStateKey = "routes";

std::string text(const char* s, size_t cap) { return std::string(s, strnlen(s, cap)); }
template <size_t N> std::string text(const char (&s)[N]) { return text(s, N); }

template <class E> const E& as(const th_event_header& ev, E& scratch, const char* port) {
    const E* e = event_as(ev, scratch);
    if (!e) throw InvalidArgument(std::string("smart_router: port ") + port + " got an event of type " + std::to_string(ev.type));
    return *e;
}

bool live(const SmartRouter::Leg& l) { return !l.done && l.fills < l.qty && l.cum < l.qty; }

// An IOC or FOK part never rests: the venue fills or ends it as it arrives, so a cancel finds
// it gone ("unknown order"); its own report ends it.
bool ends_by_itself(uint8_t tif) { return tif == TH_TIF_IOC || tif == TH_TIF_FOK; }

bool terminal(uint8_t exec_type) {
    return exec_type == TH_EXEC_FILL || exec_type == TH_EXEC_CANCELED || exec_type == TH_EXEC_EXPIRED ||
           exec_type == TH_EXEC_REJECTED;
}

}  // namespace

SmartRouter::SmartRouter(Host host, const Config& cfg) : host_(host), cfg_(Settings::load(cfg)) {}

void SmartRouter::start() {
    if (loaded_) return;
    loaded_ = true;
    std::string blob;
    if (!host_.state_get(kStateKey, blob)) return;
    try {
        Saved s = decode_state(blob, [this](const std::string& sym) { return host_.intern(sym); });
        legs_ = std::move(s.legs);
        parents_ = std::move(s.parents);
        cancel_legs_ = std::move(s.cancel_legs);
        for (size_t i = 0; i < kMaxVenues && i < s.quality.size(); ++i) quality_[i] = s.quality[i];
    } catch (const std::exception& e) {
        // Without it the venues' fills of routed parts could not reach their senders.
        throw std::runtime_error(std::string("saved routes unreadable: ") + e.what());
    }
}

void SmartRouter::save() {
    Saved s;
    s.legs = legs_;
    s.parents = parents_;
    s.cancel_legs = cancel_legs_;
    s.quality.assign(quality_.begin(), quality_.end());
    host_.state_put(kStateKey, encode_state(s, [this](th_instrument id) { return host_.symbol(id); }));
}

void SmartRouter::on_event(uint32_t port, const th_event_header& ev) {
    if (port == kPortOrders) {
        th_order_request s;
        return on_order(as(ev, s, "orders"));
    }
    if (port < kPortVenueBase) throw InvalidArgument("smart_router: no input port " + std::to_string(port));
    const size_t venue = (port - kPortVenueBase) / kPortsPerVenue;
    const uint32_t which = (port - kPortVenueBase) % kPortsPerVenue;
    if (venue >= cfg_.venues.size())
        throw InvalidArgument("smart_router: event on the ports of venue slot " + std::to_string(venue) + ", but only " +
                              std::to_string(cfg_.venues.size()) + " venues are configured");
    switch (which) {
    case kVenueBooks: {
        th_book s;
        const th_book& b = as(ev, s, "books");
        books_[b.instrument][venue].apply(b);
        has_book_[b.instrument][venue] = true;
        return;
    }
    case kVenueFills: {
        th_fill s;
        return on_leg_fill(venue, as(ev, s, "fills"));
    }
    case kVenueReports: {
        th_execution_report s;
        return on_leg_report(venue, as(ev, s, "exec_reports"));
    }
    default: throw InvalidArgument("smart_router: no input port " + std::to_string(port));
    }
}

void SmartRouter::on_order(const th_order_request& req) {
    switch (req.action) {
    case TH_ORDER_NEW: return on_new(req);
    case TH_ORDER_CANCEL: return on_cancel(req);
    default:
        // A replace of a split order would have to be re-routed leg by leg; senders cancel
        // and send again instead (exec_algos does).
        return answer(req, text(req.client_order_id), TH_EXEC_REJECTED, TH_STATUS_REJECTED,
                      "smart_router: replace is not routed; cancel and send a new order");
    }
}

void SmartRouter::on_new(const th_order_request& req) {
    const std::string id = text(req.client_order_id);
    if (id.empty() || parents_.count(id) || legs_.count(id))
        return answer(req, id, TH_EXEC_REJECTED, TH_STATUS_REJECTED,
                      id.empty() ? "smart_router: missing client_order_id" : "smart_router: duplicate client_order_id");
    if (req.qty <= 0 || (req.side != TH_SIDE_BUY && req.side != TH_SIDE_SELL))
        return answer(req, id, TH_EXEC_REJECTED, TH_STATUS_REJECTED, "smart_router: bad side or qty <= 0");

    std::vector<VenueView> views(cfg_.venues.size());
    auto books = books_.find(req.instrument);
    auto has = has_book_.find(req.instrument);
    for (size_t v = 0; v < views.size(); ++v) {
        const VenueCost& c = cfg_.venues[v];
        if (books != books_.end() && has->second[v]) views[v].book = &books->second[v];
        views[v].cost_bps = c.fee_bps + c.latency_ms * cfg_.latency_bps_per_ms + quality_[v].slippage_bps;
        views[v].fill_ratio = quality_[v].fill_ratio;
    }
    th_fixed lot = 0;
    if (const auto info = host_.instrument_info(req.instrument)) lot = info->lot_size;
    const th_fixed limit = req.order_type == TH_ORDER_LIMIT || req.order_type == TH_ORDER_STOP_LIMIT ? req.limit_px : 0;
    std::vector<Slice> slices = route(req.side, req.qty, limit, views, 0, lot);
    // A split leg's id is the parent's with "~venue"; one that would not fit goes whole.
    if (slices.size() > 1 && id.size() + 3 >= TH_ID_LEN) {
        Slice best = slices.front();
        for (const Slice& s : slices) if (s.qty > best.qty) best = s;
        best.qty = req.qty;
        slices = {best};
    }

    Parent p;
    p.req = req;
    for (const Slice& s : slices) {
        Leg l;
        l.id = slices.size() == 1 ? id : id + "~" + std::to_string(s.venue);
        l.parent = id;
        l.venue = s.venue;
        l.qty = s.qty;
        l.expected_px = s.expected_px;
        p.legs.push_back(l.id);
        legs_[l.id] = l;
    }
    parents_[id] = p;
    // Saved before anything is sent, so a restart can map every answer back.
    save();
    host_.metric_add("routed", 1);
    if (slices.size() > 1) host_.metric_add("splits", 1);
    // The decision and what made it, for the log (the parts themselves are journaled).
    std::string why = "route " + id + " " + format_fixed(req.qty) + ":";
    for (const Slice& s : slices) why += " " + cfg_.venues[s.venue].name + " " + format_fixed(s.qty) + " @~" + format_fixed(s.expected_px);
    why += " (all-in bps";
    for (size_t v = 0; v < views.size(); ++v)
        why += " " + cfg_.venues[v].name + (views[v].book ? "" : " no book") + " " + std::to_string(views[v].cost_bps).substr(0, 5) +
               " fill " + std::to_string(views[v].fill_ratio).substr(0, 4);
    host_.info(why + ")");
    for (const Slice& s : slices) {
        th_order_request out = req;
        out.qty = s.qty;
        copy_str(out.client_order_id, slices.size() == 1 ? id : id + "~" + std::to_string(s.venue));
        host_.metric_add(("routed_" + cfg_.venues[s.venue].name).c_str(), 1);
        host_.publish(venue_port(s.venue, kVenueOrders), out);
    }
}

void SmartRouter::on_cancel(const th_order_request& req) {
    const std::string id = text(req.client_order_id), orig = text(req.orig_client_order_id);
    auto it = parents_.find(orig);
    if (it == parents_.end() || it->second.done)
        return answer(req, id, TH_EXEC_REJECTED, TH_STATUS_REJECTED, "smart_router: unknown or finished order " + orig);
    Parent& p = it->second;
    p.cancel_id = id;
    std::vector<std::pair<size_t, th_order_request>> sends;
    for (const std::string& leg_id : p.legs) {
        const Leg& l = legs_.at(leg_id);
        // Only a live part is cancelled: a venue forgets a finished order and refuses its
        // cancel ("unknown order"). A part whose fills cover it is finished even when its
        // report has not arrived yet (fills and reports come on separate ports).
        if (!live(l) || ends_by_itself(p.req.tif)) continue;
        th_order_request c = req;
        const std::string cid = p.legs.size() == 1 ? id : id + "~" + std::to_string(l.venue);
        copy_str(c.client_order_id, cid);
        copy_str(c.orig_client_order_id, l.id);
        c.instrument = p.req.instrument;
        cancel_legs_[cid] = l.id;
        sends.emplace_back(l.venue, c);
    }
    if (sends.empty()) {
        // No part to cancel: the parts' own reports end the order, and the cancel is refused
        // after them (a sender takes a refused cancel to mean the order is gone).
        p.cancel_withheld = true;
        host_.metric_add("cancels_withheld", 1);
        save();
        return;
    }
    p.cancel_withheld = false;
    save();
    host_.metric_add("cancel_parts", static_cast<int64_t>(sends.size()));
    for (auto& [venue, c] : sends) host_.publish(venue_port(venue, kVenueOrders), c);
}

void SmartRouter::on_leg_report(size_t venue, const th_execution_report& r) {
    const std::string cid = text(r.client_order_id);
    if (auto c = cancel_legs_.find(cid); c != cancel_legs_.end()) {
        // The venue refused a cancel (the part was done already): the parent's own answer
        // comes from the part's reports; a refused cancel of a finished parent goes upstream.
        const std::string leg = c->second;
        cancel_legs_.erase(c);
        auto l = legs_.find(leg);
        if (r.exec_type == TH_EXEC_REJECTED && l != legs_.end()) {
            auto p = parents_.find(l->second.parent);
            if (p != parents_.end() && p->second.done) {
                th_execution_report up = r;
                copy_str(up.client_order_id, p->second.cancel_id);
                copy_str(up.orig_client_order_id, p->first);
                host_.publish(kPortReports, up);
            }
        }
        save();
        return;
    }
    auto lit = legs_.find(cid);
    if (lit == legs_.end() || lit->second.venue != venue) return;  // not ours
    Leg& l = lit->second;
    if (r.cum_qty > l.cum) l.cum = r.cum_qty;
    if (r.avg_px > 0) l.avg_px = r.avg_px;
    const bool was_done = l.done;
    if (terminal(r.exec_type)) {
        l.done = true;
        l.rejected = r.exec_type == TH_EXEC_REJECTED;
        if (!was_done)
            quality_[venue].on_done(static_cast<double>(l.qty), static_cast<double>(l.cum), cfg_.quality_weight);
    }
    Parent& p = parents_.at(l.parent);
    th_fixed cum = 0;
    double notional = 0;
    bool all_done = true, all_rejected = true;
    for (const std::string& leg_id : p.legs) {
        const Leg& x = legs_.at(leg_id);
        cum += x.cum;
        notional += static_cast<double>(x.cum) * static_cast<double>(x.avg_px);
        all_done = all_done && x.done;
        all_rejected = all_rejected && x.rejected;
    }
    th_execution_report up = r;
    copy_str(up.client_order_id, p.req.client_order_id);
    up.order_qty = p.req.qty;
    up.cum_qty = cum;
    up.avg_px = cum > 0 ? static_cast<th_fixed>(notional / static_cast<double>(cum)) : 0;
    up.leaves_qty = all_done ? 0 : p.req.qty - cum;
    bool send = true;
    if (r.exec_type == TH_EXEC_NEW) {
        send = !p.acked;
        p.acked = true;
        up.status = TH_STATUS_NEW;
    } else if (r.exec_type == TH_EXEC_PARTIAL_FILL || r.exec_type == TH_EXEC_FILL) {
        const bool full = cum >= p.req.qty;
        up.exec_type = full ? TH_EXEC_FILL : TH_EXEC_PARTIAL_FILL;
        up.status = full ? TH_STATUS_FILLED : TH_STATUS_PARTIALLY_FILLED;
        if (full) p.done = true;
    } else if (terminal(r.exec_type)) {
        // A part ended short: the parent ends when every part has.
        send = all_done && !p.done;
        if (send) {
            p.done = true;
            if (all_rejected) {
                up.exec_type = TH_EXEC_REJECTED;
                up.status = TH_STATUS_REJECTED;
            } else if (r.exec_type == TH_EXEC_REJECTED) {
                up.exec_type = TH_EXEC_CANCELED;
                up.status = TH_STATUS_CANCELED;
            }
        }
    }
    if (send) host_.publish(kPortReports, up);
    if (p.done && p.cancel_withheld) {
        p.cancel_withheld = false;
        th_order_request c = p.req;
        c.action = TH_ORDER_CANCEL;
        c.hdr.ts = r.hdr.ts;
        copy_str(c.orig_client_order_id, p.req.client_order_id);
        answer(c, p.cancel_id, TH_EXEC_REJECTED, up.status,
               "smart_router: order " + text(p.req.client_order_id) + " ended before the cancel reached a venue");
    }
    finish_if_done(l.parent);
    save();
}

void SmartRouter::on_leg_fill(size_t venue, const th_fill& f) {
    auto it = legs_.find(text(f.client_order_id));
    if (it == legs_.end() || it->second.venue != venue) return;
    Leg& l = it->second;
    l.fills += f.qty;
    quality_[venue].on_fill(f.side == TH_SIDE_BUY, static_cast<double>(f.px), static_cast<double>(l.expected_px),
                            cfg_.quality_weight);
    th_fill up = f;
    copy_str(up.client_order_id, l.parent);
    // The part that executed, not the venue's own id: the journal links a fill to the child
    // fill it repeats by venue_order_id (as exec_algos' parent fills do), so a routed fill is
    // counted once, and `tradehost tca` finds the venue's part under the routed order.
    copy_str(up.venue_order_id, l.id);
    // Fill ids are unique per venue; upstream they must be unique across venues too.
    const std::string fid = std::to_string(venue) + ":" + text(f.fill_id);
    copy_str(up.fill_id, fid.substr(0, TH_ID_LEN - 1));
    host_.publish(kPortFills, up);
    const std::string parent = l.parent;
    finish_if_done(parent);
    save();
}

void SmartRouter::answer(const th_order_request& req, const std::string& id, uint8_t type, uint8_t status,
                         const std::string& why) {
    auto r = make_event<th_execution_report>(req.hdr.ts);
    r.instrument = req.instrument;
    r.exec_type = type;
    r.status = status;
    r.side = req.side;
    r.order_qty = req.qty;
    copy_str(r.client_order_id, id);
    copy_str(r.orig_client_order_id, text(req.orig_client_order_id));
    copy_str(r.reason, why.substr(0, TH_TEXT_LEN - 1));
    host_.metric_add("rejects", 1);
    host_.publish(kPortReports, r);
}

void SmartRouter::finish_if_done(const std::string& parent) {
    auto p = parents_.find(parent);
    if (p == parents_.end() || !p->second.done) return;
    // Every part ended and its fills arrived (a venue may report before it publishes the fill).
    for (const std::string& leg_id : p->second.legs) {
        const Leg& l = legs_.at(leg_id);
        if (!l.done || l.fills < l.cum) return;
    }
    for (const std::string& leg_id : p->second.legs) legs_.erase(leg_id);
    // Cancels still in flight keep their entries until the venue answers them.
    parents_.erase(p);
}

}  // namespace tradehost::smart_router
