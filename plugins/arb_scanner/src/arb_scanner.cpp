// The arb_scanner instance; see arb_scanner.hpp.
#include "arb_scanner.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace tradehost::arb_scanner {

namespace {

std::string text_of(const char* s, size_t cap) { return std::string(s, strnlen(s, cap)); }

template <class E> const E& expect_event(const th_event_header& ev, E& scratch, const char* port) {
    const E* e = event_as<E>(ev, scratch);
    if (!e) throw InvalidArgument(std::string("arb_scanner: port ") + port + ": unexpected event type " + std::to_string(ev.type));
    return *e;
}

}  // namespace

ArbScanner::ArbScanner(Host host, const Config& cfg)
    : host_(host), settings_(read_settings(cfg)), ids_(host_.instance_name(), host_.session_id()) {
    for (const NamedSet& n : settings_.sets) {
        OutcomeSet s;
        s.name = n.name;
        for (const auto& sym : n.symbols) s.members.push_back(host_.intern(sym));
        for (th_instrument id : s.members) member_of_.emplace(id, sets_.size());
        sets_.push_back(std::move(s));
    }
}

void ArbScanner::on_event(uint32_t port, const th_event_header& ev) {
    if (ev.ts > newest_) newest_ = ev.ts;
    if (port == kPortBooks) {
        th_book scratch;
        on_book(expect_event(ev, scratch, "books"));
        return;
    }
    if (port == kPortStatus) {
        th_venue_status scratch;
        const th_venue_status& s = expect_event(ev, scratch, "status");
        const std::string venue = text_of(s.venue, sizeof s.venue);
        if (s.state == TH_VENUE_CONNECTED || s.state == TH_VENUE_RECONCILED) venues_down_.erase(venue);
        else if (s.state == TH_VENUE_DISCONNECTED || s.state == TH_VENUE_GAP) venues_down_.insert(venue);
        return;
    }
    throw InvalidArgument("arb_scanner: no input port " + std::to_string(port));
}

void ArbScanner::on_book(const th_book& b) {
    if (b.instrument == 0) return;
    Leg& leg = legs_[b.instrument];
    if (!book_fits(b) || !venue::apply_book_event(leg.book, b.hdr)) {
        host_.metric_add("malformed_books", 1);
        return;
    }
    leg.ts = b.hdr.ts;
    if (!leg.grouped) join_group(b.instrument, leg);
    auto range = member_of_.equal_range(b.instrument);
    std::vector<size_t> todo;
    for (auto it = range.first; it != range.second; ++it) todo.push_back(it->second);
    for (size_t i : todo) scan(i, b.hdr.ts);
}

// A metadata group is a set once it has group_outcomes members with books. The host cannot
// list a group's members, so a group that shows more outcomes than that is not a complete
// binary market (or the count is configured wrong): it is never scanned, and said so.
void ArbScanner::join_group(th_instrument id, Leg& leg) {
    if (settings_.group_outcomes == 0) {
        leg.grouped = true;
        return;
    }
    const auto info = host_.instrument_info(id);
    if (!info) return;  // not registered yet: asked again at the next book
    leg.grouped = true;
    const std::string group = text_of(info->group, sizeof info->group);
    if (group.empty()) return;
    auto it = group_sets_.find(group);
    if (it == group_sets_.end()) {
        OutcomeSet s;
        s.name = group;
        s.from_group = true;
        it = group_sets_.emplace(group, sets_.size()).first;
        sets_.push_back(std::move(s));
    }
    OutcomeSet& s = sets_[it->second];
    s.members.push_back(id);
    member_of_.emplace(id, it->second);
    if (!s.broken && s.members.size() > static_cast<size_t>(settings_.group_outcomes)) {
        s.broken = true;
        host_.metric_add("oversized_groups", 1);
        host_.warn("group " + group + " has more than " + std::to_string(settings_.group_outcomes) +
                   " outcomes (group_outcomes): not scanned; name its outcomes in `sets` if they form one event");
    }
}

std::string ArbScanner::venue_of(th_instrument id) const {
    const auto info = host_.instrument_info(id);
    return info ? text_of(info->venue, sizeof info->venue) : std::string();
}

std::string ArbScanner::unusable(th_instrument id, th_time_ns now) const {
    auto it = legs_.find(id);
    if (it == legs_.end() || !it->second.book.synced()) return "no book";
    if (!it->second.book.best_ask()) return "no ask";
    if (now - it->second.ts > settings_.max_book_age_ns || newest_ - it->second.ts > settings_.max_book_age_ns)
        return "stale";
    if (!venues_down_.empty()) {
        const std::string v = venue_of(id);
        if (v.empty() || venues_down_.count(v)) return "venue down";
    }
    return "";
}

void ArbScanner::scan(size_t set_index, th_time_ns now) {
    OutcomeSet& s = sets_[set_index];
    if (s.broken) return;
    if (s.from_group && s.members.size() != static_cast<size_t>(settings_.group_outcomes)) return;
    std::vector<LegBook> books;
    for (th_instrument id : s.members) {
        const std::string why = unusable(id, now);
        if (!why.empty()) {
            if (why == "stale") host_.metric_add("stale_skips", 1);
            s.reported.clear();  // what was reported is gone; report it again if it comes back
            return;
        }
        const venue::Book& b = legs_.at(id).book;
        LegBook lb;
        const size_t n = b.size(venue::BookSide::ask);
        lb.asks.reserve(n);
        for (size_t i = 0; i < n; ++i) lb.asks.push_back({b.level(venue::BookSide::ask, i).px, b.level(venue::BookSide::ask, i).qty});
        const std::string v = venue_of(id);
        auto fee = settings_.taker_fees.find(v);
        if (fee == settings_.taker_fees.end()) fee = settings_.taker_fees.find("");
        if (fee != settings_.taker_fees.end()) lb.fee = fee->second;
        books.push_back(std::move(lb));
    }
    WalkLimits lim;
    lim.max_size = settings_.max_size;
    lim.min_edge = settings_.min_edge;
    Walk w = walk_depth(books, lim);
    // Whole lots only, where a leg has them: walk again for the rounded size.
    th_fixed lot = 0, min_qty = 0;
    for (th_instrument id : s.members)
        if (const auto info = host_.instrument_info(id)) {
            lot = std::max(lot, info->lot_size);
            min_qty = std::max(min_qty, info->min_qty);
        }
    if (lot > 0 && w.size % lot != 0) {
        lim.max_size = w.size / lot * lot;
        w = lim.max_size > 0 ? walk_depth(books, lim) : Walk{};
    }
    if (w.size < settings_.min_size || w.size < min_qty || w.profit < settings_.min_profit || w.profit <= 0) {
        s.reported.clear();
        return;
    }
    std::string sig = std::to_string(w.size);
    for (const LegFill& f : w.legs) sig += ' ' + std::to_string(f.worst_px);
    if (sig == s.reported) return;  // the same opportunity: once
    s.reported = sig;
    emit(s, w, now);
}

void ArbScanner::emit(const OutcomeSet& s, const Walk& w, th_time_ns now) {
    host_.metric_add("opportunities", 1);
    const double per_set = to_double(w.profit) / to_double(w.size);
    std::string legs;
    for (size_t i = 0; i < s.members.size(); ++i)
        legs += (i ? ", " : "") + host_.symbol(s.members[i]) + " up to " + format_fixed(w.legs[i].worst_px);
    host_.info("arbitrage in " + s.name + ": " + format_fixed(w.size) + " sets (" + legs + ") cost " + format_fixed(w.cost) +
               " + fees " + format_fixed(w.fees) + ", profit " + format_fixed(w.profit));
    const bool signals = settings_.output != Output::orders;
    bool orders = settings_.output != Output::signals;
    if (orders && host_.kill_switch_engaged()) {
        host_.metric_add("skipped_kill_switch", 1);
        host_.warn("kill switch engaged: no orders for the arbitrage in " + s.name);
        orders = false;
    }
    for (size_t i = 0; i < s.members.size(); ++i) {
        if (signals) {
            th_signal sig = make_event<th_signal>(now);
            sig.instrument = s.members[i];
            sig.value = per_set;  // > 0: locked profit per set bought
            sig.strength = 1.0;   // locked, not a forecast
            std::snprintf(sig.name, sizeof sig.name, "arb:%.27s", s.name.c_str());
            const th_status st = host_.try_publish(kPortSignals, sig.hdr);
            if (st == TH_ERR_AGAIN) return;
            if (st != TH_OK) throw_status(st, "publish signal");
        }
        if (orders) {
            th_order_request req = make_event<th_order_request>(now);
            req.instrument = s.members[i];
            req.action = TH_ORDER_NEW;
            req.side = TH_SIDE_BUY;
            req.order_type = TH_ORDER_LIMIT;
            req.tif = static_cast<uint8_t>(settings_.order_tif);
            req.qty = w.size;
            req.limit_px = w.legs[i].worst_px;
            ids_.format(++next_order_, req.client_order_id);
            const th_status st = host_.try_publish(kPortOrders, req.hdr);
            if (st == TH_ERR_AGAIN) return;
            if (st != TH_OK) throw_status(st, "publish order");
            host_.metric_add("orders", 1);
        }
    }
}

}  // namespace tradehost::arb_scanner
