// The market_maker instance; see market_maker.hpp.
#include "market_maker.hpp"

#include <algorithm>
#include <cstring>

namespace tradehost::market_maker {

namespace {

std::string_view id_view(const char (&id)[TH_ID_LEN]) { return std::string_view(id, strnlen(id, TH_ID_LEN)); }
std::string text_of(const char* s, size_t cap) { return std::string(s, strnlen(s, cap)); }
th_fixed abs_fixed(th_fixed v) { return v < 0 ? -v : v; }
const char* side_word(int s) { return s == 0 ? "bid" : "ask"; }

template <class E> const E& expect_event(const th_event_header& ev, E& scratch, const char* port) {
    const E* e = event_as<E>(ev, scratch);
    if (!e) throw InvalidArgument(std::string("market_maker: port ") + port + ": unexpected event type " + std::to_string(ev.type));
    return *e;
}

}  // namespace

MarketMaker::MarketMaker(Host host, const Config& cfg)
    : host_(host), settings_(read_settings(cfg)), ids_(host_.instance_name(), host_.session_id()) {
    for (const auto& sym : settings_.instruments) filter_.push_back(host_.intern(sym));
    std::sort(filter_.begin(), filter_.end());
}

// Saved state is read at start, not create: `tradehost validate` creates instances without a
// journal. Orders a previous session left open are cancelled: their quotes are stale now.
void MarketMaker::start() {
    timer_ = host_.timer_start(settings_.check_interval_ns, settings_.check_interval_ns);
    killed_ = host_.kill_switch_engaged();
    if (restored_ || !settings_.persist) return;
    std::string blob;
    if (!host_.state_get("state", blob) || blob.empty()) return;
    load(decode_state(blob));
    const th_time_ns now = host_.now();
    std::vector<std::string> left;
    for (const auto& [id, o] : orders_) left.push_back(id);
    for (const auto& id : left) {
        orders_[id].canceling = false;  // ask again: the last session's cancel may not have reached the venue
        send_cancel(id, now);
    }
    if (!positions_.empty() || !left.empty())
        host_.info("restored " + std::to_string(positions_.size()) + " positions; cancelling " +
                   std::to_string(left.size()) + " orders left open by the last session");
    persist();
}

// Quotes are not left resting when the instance stops: a stopped market maker cannot move them.
void MarketMaker::stop() {
    pull_all("instance stopping", newest_);
    persist();
}

void MarketMaker::on_event(uint32_t port, const th_event_header& ev) {
    if (ev.ts > newest_) newest_ = ev.ts;
    switch (port) {
    case kPortBooks: {
        th_book scratch;
        on_book(expect_event(ev, scratch, "books"));
        return;
    }
    case kPortSignals: {
        th_signal scratch;
        on_signal(expect_event(ev, scratch, "signals"));
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
    case kPortStatus: {
        th_venue_status scratch;
        on_status(expect_event(ev, scratch, "status"));
        return;
    }
    default:
        throw InvalidArgument("market_maker: no input port " + std::to_string(port));
    }
}

// The kill switch has no event: it is polled here, as is a feed that went silent (its books
// stop arriving, so no event would ever notice).
void MarketMaker::on_timer(uint64_t, th_time_ns) {
    const bool kill = host_.kill_switch_engaged();
    if (kill != killed_) {
        killed_ = kill;
        if (kill) pull_all("kill switch engaged", newest_);
        else {
            host_.info("kill switch released: quoting again");
            requote_all(newest_);
        }
    }
    const th_time_ns wall = host_.now();
    for (auto& [id, q] : books_)
        if ((!q.quote_id[0].empty() || !q.quote_id[1].empty()) && wall - q.arrival > settings_.max_book_age_ns)
            requote(id, newest_);
}

bool MarketMaker::quotes_instrument(th_instrument id) const {
    return id != 0 && (filter_.empty() || std::binary_search(filter_.begin(), filter_.end(), id));
}

MarketMaker::Quoting& MarketMaker::quoting(th_instrument id) {
    auto it = books_.find(id);
    if (it == books_.end()) it = books_.emplace(id, Quoting{}).first;
    return it->second;
}

void MarketMaker::on_book(const th_book& b) {
    if (!quotes_instrument(b.instrument)) return;
    Quoting& q = quoting(b.instrument);
    if (!book_fits(b) || !venue::apply_book_event(q.book, b.hdr)) {
        host_.metric_add("malformed_books", 1);
        return;
    }
    q.book_ts = b.hdr.ts;
    q.arrival = host_.now();
    requote(b.instrument, b.hdr.ts);
    // Another outcome's book that has not moved for max_book_age of event time is stale now.
    for (auto& [id, other] : books_)
        if (id != b.instrument && (!other.quote_id[0].empty() || !other.quote_id[1].empty()) &&
            newest_ - other.book_ts > settings_.max_book_age_ns)
            requote(id, b.hdr.ts);
}

void MarketMaker::on_signal(const th_signal& s) {
    if (!quotes_instrument(s.instrument)) return;
    if (!settings_.signal_name.empty() && text_of(s.name, sizeof s.name) != settings_.signal_name) return;
    const th_fixed fair = to_fixed(s.value);
    if (!(s.value > 0) || fair <= 0) {
        host_.metric_add("bad_signals", 1);
        return;
    }
    Quoting& q = quoting(s.instrument);
    q.signal_fair = fair;
    q.signal_ts = s.hdr.ts;
    requote(s.instrument, s.hdr.ts);
}

void MarketMaker::on_fill(const th_fill& f) {
    const std::string_view id = id_view(f.client_order_id);
    if (!ids_.is_own(id) || f.qty <= 0) return;
    th_fixed& pos = positions_[f.instrument];
    pos += f.side == TH_SIDE_BUY ? f.qty : -f.qty;
    // The fill, not the report after it, ends a filled quote: the requote below must not try
    // to cancel an order that is already done.
    auto o = orders_.find(std::string(id));
    if (o != orders_.end() && (o->second.leaves -= f.qty) <= 0) forget_order(std::string(id));
    host_.metric_add("fills", 1);
    host_.info(host_.symbol(f.instrument) + ": " + (f.side == TH_SIDE_BUY ? "bought " : "sold ") + format_fixed(f.qty) +
               " @ " + format_fixed(f.px) + " (" + std::string(id) + "), position " + format_fixed(pos));
    persist();
    if (quotes_instrument(f.instrument)) requote(f.instrument, f.hdr.ts);
}

void MarketMaker::on_report(const th_execution_report& r) {
    const std::string id(id_view(r.client_order_id));
    auto it = orders_.find(id);
    if (it == orders_.end()) {
        // A refused cancel names the order in orig_client_order_id (ABI 1.1). One the venue
        // does not know or has finished (it ended before the cancel arrived, or a restart
        // lost it) is done; any other refusal (not acknowledged yet, venue not ready) leaves
        // it to be cancelled again at the instrument's next requote.
        const std::string orig(id_view(r.orig_client_order_id));
        auto o = orders_.find(orig);
        if (r.exec_type == TH_EXEC_REJECTED && o != orders_.end() && o->second.canceling) {
            const std::string reason = text_of(r.reason, sizeof r.reason);
            if (reason.find("unknown order") != std::string::npos || reason.find("already done") != std::string::npos) {
                forget_order(orig);
            } else {
                o->second.canceling = false;
                host_.warn("cancel of " + orig + " refused: " + reason + "; asking again at the next update");
            }
            persist();
        }
        return;
    }
    Order& o = it->second;
    const th_instrument inst = o.instrument;
    switch (r.exec_type) {
    case TH_EXEC_NEW:
        o.acked = true;
        if (r.leaves_qty > 0) o.leaves = r.leaves_qty;
        break;
    case TH_EXEC_PARTIAL_FILL:
        o.acked = true;
        o.leaves = r.leaves_qty;
        break;
    case TH_EXEC_REJECTED:
        if (!o.canceling) {
            // Wait before quoting that side again: the same quote would be refused again.
            Quoting& q = quoting(inst);
            for (int s = 0; s < 2; ++s)
                if (q.quote_id[s] == id) q.cooldown_until[s] = r.hdr.ts + settings_.reject_cooldown_ns;
            host_.metric_add("rejects", 1);
            host_.warn(host_.symbol(inst) + ": quote " + id + " rejected: " + text_of(r.reason, sizeof r.reason));
        }
        forget_order(id);
        break;
    case TH_EXEC_FILL:
    case TH_EXEC_CANCELED:
    case TH_EXEC_EXPIRED:
        forget_order(id);
        break;
    default:
        return;
    }
    persist();
    if (quotes_instrument(inst) && r.exec_type != TH_EXEC_NEW) requote(inst, r.hdr.ts);
}

void MarketMaker::on_status(const th_venue_status& s) {
    const std::string venue = text_of(s.venue, sizeof s.venue);
    if (s.state == TH_VENUE_CONNECTED || s.state == TH_VENUE_RECONCILED) {
        if (venues_down_.erase(venue)) {
            host_.info("venue " + venue + " is back: quoting again");
            requote_all(s.hdr.ts);
        }
        return;
    }
    if (s.state != TH_VENUE_DISCONNECTED && s.state != TH_VENUE_GAP) return;
    venues_down_.insert(venue);
    requote_all(s.hdr.ts);
}

th_instrument_info MarketMaker::info_of(th_instrument id) const {
    if (auto info = host_.instrument_info(id)) return *info;
    th_instrument_info none;
    std::memset(&none, 0, sizeof none);
    none.size = sizeof none;
    return none;
}

std::string MarketMaker::pull_reason(th_instrument, const Quoting& q, const th_instrument_info& info, th_time_ns now) const {
    if (killed_ || host_.kill_switch_engaged()) return "kill switch engaged";
    if (!venues_down_.empty()) {
        const std::string venue = text_of(info.venue, sizeof info.venue);
        // An instrument of no known venue stops for any venue's outage.
        if (venue.empty() || venues_down_.count(venue)) return "venue " + (venue.empty() ? *venues_down_.begin() : venue) + " down";
    }
    if (!q.book.synced()) return "no book snapshot yet";
    if (now - q.book_ts > settings_.max_book_age_ns || newest_ - q.book_ts > settings_.max_book_age_ns)
        return "stale book (no update for " + format_fixed((newest_ - q.book_ts) / 10) + " s of event time)";
    if (host_.now() - q.arrival > settings_.max_book_age_ns) return "stale book (nothing received for max_book_age)";
    if (q.book.crossed()) return "crossed book";
    const bool signal = q.signal_fair > 0 && newest_ - q.signal_ts <= settings_.signal_max_age_ns;
    if (!signal && !(q.book.best_bid() && q.book.best_ask())) return "one-sided book";
    return "";
}

void MarketMaker::requote(th_instrument id, th_time_ns now) {
    Quoting& q = quoting(id);
    cancel_orphans(id, q, now);
    const th_instrument_info info = info_of(id);
    const std::string why = pull_reason(id, q, info, now);
    if (!why.empty()) {
        pull(id, q, why, now);
        return;
    }
    if (!q.pulled.empty()) {
        host_.info(host_.symbol(id) + ": quoting again (was pulled: " + q.pulled + ")");
        q.pulled.clear();
    }
    Touch t;
    if (auto b = q.book.best_bid()) t.bid_px = b->px, t.bid_qty = b->qty;
    if (auto a = q.book.best_ask()) t.ask_px = a->px, t.ask_qty = a->qty;
    th_fixed fair = 0;
    if (q.signal_fair > 0 && newest_ - q.signal_ts <= settings_.signal_max_age_ns) fair = q.signal_fair;
    else fair = *(settings_.fair_value == FairValue::microprice ? micro_price(t) : mid_price(t));

    QuoteParams p;
    p.half_spread = settings_.half_spread;
    p.min_spread = settings_.min_spread;
    p.skew_per_unit = settings_.skew_per_unit;
    p.tick = info.tick_size > 0 ? info.tick_size : settings_.tick_size;
    p.min_price = info.min_price > 0 ? info.min_price : settings_.min_price;
    p.max_price = info.max_price > 0 ? info.max_price : settings_.max_price;
    const Quotes want = make_quotes(fair, positions_.count(id) ? positions_.at(id) : 0, p, t);

    Limits lim;
    lim.pos = positions_.count(id) ? positions_.at(id) : 0;
    const std::string group = text_of(info.group, sizeof info.group);
    lim.gross = group.empty() ? abs_fixed(lim.pos) : group_gross(group);
    lim.lot = info.lot_size;
    lim.min_qty = info.min_qty;
    set_quote(id, q, 0, want.bid, lim, p.tick, now);
    set_quote(id, q, 1, want.ask, lim, p.tick, now);
}

// The quote size, less on the side a limit would cut, 0 on a side that would add past
// max_position (per outcome) or max_group_position (per market). Every other open order on
// that side counts as filled, a quote being cancelled included: it can still fill, so its
// replacement waits for the cancel when the two together would pass a limit.
th_fixed MarketMaker::size_for(th_instrument id, int s, const std::string& except, const Limits& lim) const {
    const th_side side = s == 0 ? TH_SIDE_BUY : TH_SIDE_SELL;
    const th_fixed other = open_qty(id, side, except);
    th_fixed size = settings_.quote_size;
    if (s == 1 && !settings_.allow_short) size = std::min(size, std::max<th_fixed>(0, lim.pos - other));
    const th_fixed after = s == 0 ? lim.pos + other + size : lim.pos - other - size;
    const bool adds = abs_fixed(after) > abs_fixed(lim.pos);
    if (adds && abs_fixed(after) > settings_.max_position) return 0;
    if (adds && settings_.max_group_position > 0 &&
        lim.gross - abs_fixed(lim.pos) + abs_fixed(after) > settings_.max_group_position)
        return 0;
    if (lim.lot > 0) size = size / lim.lot * lim.lot;
    return size >= lim.min_qty ? size : 0;
}

// Orders of `id` that are neither a quote nor being cancelled: a cancel the venue refused.
void MarketMaker::cancel_orphans(th_instrument id, const Quoting& q, th_time_ns now) {
    std::vector<std::string> orphans;
    for (const auto& [oid, o] : orders_)
        if (o.instrument == id && !o.canceling && oid != q.quote_id[0] && oid != q.quote_id[1]) orphans.push_back(oid);
    for (const auto& oid : orphans) send_cancel(oid, now);
}

void MarketMaker::requote_all(th_time_ns now) {
    std::vector<th_instrument> ids;
    for (const auto& [id, q] : books_) ids.push_back(id);
    std::sort(ids.begin(), ids.end());  // a fixed order: the same inputs give the same orders
    for (th_instrument id : ids) requote(id, now);
}

void MarketMaker::pull(th_instrument id, Quoting& q, const std::string& why, th_time_ns now) {
    const bool had = !q.quote_id[0].empty() || !q.quote_id[1].empty();
    for (int s = 0; s < 2; ++s)
        if (!q.quote_id[s].empty()) {
            send_cancel(q.quote_id[s], now);
            q.quote_id[s].clear();
        }
    if (had) host_.metric_add("pulls", 1);
    if (q.pulled != why) {
        host_.log(had ? TH_LOG_WARN : TH_LOG_INFO, host_.symbol(id) + ": not quoting: " + why);
        q.pulled = why;
    }
}

void MarketMaker::pull_all(const std::string& why, th_time_ns now) {
    std::vector<th_instrument> ids;
    for (const auto& [id, q] : books_) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    for (th_instrument id : ids) pull(id, books_.at(id), why, now);
}

void MarketMaker::set_quote(th_instrument id, Quoting& q, int s, th_fixed px, const Limits& lim, th_fixed tick, th_time_ns now) {
    std::string& cur = q.quote_id[s];
    if (!cur.empty()) {
        const Order& o = orders_.at(cur);
        const th_fixed moved = abs_fixed(o.px - px);
        // Within the threshold the resting quote keeps its place in the queue; a smaller size
        // wanted (a limit now cuts it) is never kept.
        if (px > 0 && moved < settings_.requote_ticks * tick && o.leaves <= size_for(id, s, cur, lim)) return;
        send_cancel(cur, now);
        cur.clear();
        host_.metric_add("requotes", 1);
    }
    if (px <= 0 || now < q.cooldown_until[s]) return;
    const th_fixed qty = size_for(id, s, "", lim);
    if (qty > 0) send_new(id, q, s, px, qty, now);
}

void MarketMaker::send_new(th_instrument id, Quoting& q, int s, th_fixed px, th_fixed qty, th_time_ns now) {
    th_order_request req = make_event<th_order_request>(now);
    req.instrument = id;
    req.action = TH_ORDER_NEW;
    req.side = static_cast<uint8_t>(s == 0 ? TH_SIDE_BUY : TH_SIDE_SELL);
    req.order_type = TH_ORDER_LIMIT;
    req.tif = TH_TIF_GTC;
    req.qty = qty;
    req.limit_px = px;
    ids_.format(++next_order_, req.client_order_id);
    const th_status st = host_.try_publish(kPortOrders, req.hdr);
    if (st == TH_ERR_AGAIN) return;  // the session is ending
    if (st != TH_OK) throw_status(st, "publish order");
    Order o;
    o.instrument = id;
    o.side = static_cast<th_side>(req.side);
    o.px = px;
    o.leaves = qty;
    orders_[req.client_order_id] = o;
    q.quote_id[s] = req.client_order_id;
    host_.metric_add("quotes", 1);
    host_.log(TH_LOG_DEBUG, host_.symbol(id) + ": " + side_word(s) + " " + format_fixed(qty) + " @ " + format_fixed(px) +
                                " as " + req.client_order_id);
    persist();
}

void MarketMaker::send_cancel(const std::string& order_id, th_time_ns now) {
    auto it = orders_.find(order_id);
    if (it == orders_.end() || it->second.canceling) return;
    Order& o = it->second;
    th_order_request req = make_event<th_order_request>(now);
    req.instrument = o.instrument;
    req.action = TH_ORDER_CANCEL;
    req.side = static_cast<uint8_t>(o.side);
    req.order_type = TH_ORDER_LIMIT;
    req.tif = TH_TIF_GTC;
    req.qty = o.leaves > 0 ? o.leaves : 1;
    req.limit_px = o.px;
    ids_.format(++next_order_, req.client_order_id);
    copy_str(req.orig_client_order_id, order_id);
    const th_status st = host_.try_publish(kPortOrders, req.hdr);
    if (st == TH_ERR_AGAIN) return;
    if (st != TH_OK) throw_status(st, "publish cancel");
    o.canceling = true;
    host_.metric_add("cancels", 1);
    persist();
}

th_fixed MarketMaker::open_qty(th_instrument id, th_side side, const std::string& except) const {
    th_fixed sum = 0;
    for (const auto& [oid, o] : orders_)
        if (o.instrument == id && o.side == side && oid != except) sum += o.leaves;
    return sum;
}

th_fixed MarketMaker::group_gross(const std::string& group) const {
    th_fixed sum = 0;
    for (const auto& [id, qty] : positions_) {
        if (qty == 0) continue;
        const th_instrument_info info = info_of(id);
        if (text_of(info.group, sizeof info.group) == group) sum += abs_fixed(qty);
    }
    return sum;
}

void MarketMaker::forget_order(const std::string& order_id) {
    auto it = orders_.find(order_id);
    if (it == orders_.end()) return;
    auto q = books_.find(it->second.instrument);
    if (q != books_.end())
        for (auto& qid : q->second.quote_id)
            if (qid == order_id) qid.clear();
    orders_.erase(it);
}

SavedState MarketMaker::saved() const {
    SavedState s;
    for (const auto& [id, qty] : positions_) s.positions[host_.symbol(id)] = qty;
    for (const auto& [oid, o] : orders_) {
        OpenOrder so;
        so.symbol = host_.symbol(o.instrument);
        so.side = o.side;
        so.px = o.px;
        so.leaves = o.leaves;
        so.acked = o.acked;
        so.canceling = o.canceling;
        s.orders[oid] = so;
    }
    return s;
}

// Written after what changed it was published (the journal commits the orders and fills
// no later than the state that reflects them).
void MarketMaker::persist() {
    if (settings_.persist) host_.state_put("state", encode_state(saved()));
}

void MarketMaker::load(const SavedState& s) {
    positions_.clear();
    orders_.clear();
    for (const auto& [sym, qty] : s.positions) positions_[host_.intern(sym)] = qty;
    for (const auto& [oid, so] : s.orders) {
        Order o;
        o.instrument = host_.intern(so.symbol);
        o.side = so.side;
        o.px = so.px;
        o.leaves = so.leaves;
        o.acked = so.acked;
        o.canceling = so.canceling;
        orders_[oid] = o;
    }
}

std::string MarketMaker::snapshot() { return encode_state(saved()); }

// Hot reload: the new version takes the positions and the orders still open (stop cancelled
// the quotes; their cancels are still in flight and tracked until they end).
void MarketMaker::restore(std::string_view blob) {
    load(decode_state(blob));
    restored_ = true;
}

}  // namespace tradehost::market_maker
