#include "paper_venue.hpp"

#include "book_matching.hpp"

#include "matching.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace tradehost::paper {

namespace {

constexpr const char* kStateKey = "paper_state";
constexpr th_fixed kUnlimited = std::numeric_limits<th_fixed>::max();
// Levels kept per side of a book: what one th_book can carry.
constexpr std::size_t kBookDepth = TH_BOOK_MAX_LEVELS;

bool has_limit(uint8_t type) { return type == TH_ORDER_LIMIT || type == TH_ORDER_STOP_LIMIT; }
bool has_stop(uint8_t type) { return type == TH_ORDER_STOP || type == TH_ORDER_STOP_LIMIT; }

}  // namespace

PaperVenue::PaperVenue(Host host, const Config& cfg) : host_(host), cfg_(PaperConfig::load(cfg)) {
    fees_.rate = cfg_.fee_rate;
    fees_.per_unit = cfg_.fee_per_unit;
    st_.cash = cfg_.starting_cash;
}

// ---------------------------------------------------------------------------------------
// Lifecycle
// ---------------------------------------------------------------------------------------

void PaperVenue::start() {
    // Ids carry this session's number, so they stay unique across restarts.
    id_prefix_ = host_.instance_name() + "-" + std::to_string(host_.session_id()) + "-";
    bool loaded = restored_;
    if (cfg_.persist && !restored_) {
        std::string blob;
        if (host_.state_get(kStateKey, blob)) {
            st_ = decode_state(blob, [this](const std::string& s) { return host_.intern(s); });
            for (uint32_t n = 0; n < st_.sealed_chunks; ++n) {
                std::string chunk;
                if (!host_.state_get(sealed_key(n), chunk))
                    throw Error(TH_ERR_IO, "paper: saved state names " + std::to_string(st_.sealed_chunks) +
                                               " sealed id chunks, but " + sealed_key(n) + " is missing");
                for (auto& id : decode_ids(chunk)) st_.book.mark_seen(id);
            }
            loaded = true;
            host_.info("paper: restored " + std::to_string(st_.book.size()) + " open orders and " +
                       std::to_string(st_.positions.size()) + " positions, cash " +
                       format_fixed(st_.cash) + " " + cfg_.currency);
        }
    }
    if (loaded) publish_loaded_state();
}

void PaperVenue::publish_loaded_state() {
    // The venue's positions are the truth: tell downstream (strategies, risk) what this
    // venue holds before any order is processed, so that they reconcile to it.
    const th_time_ns ts = st_.clock_set ? st_.clock : 0;
    for (const auto& kv : st_.positions)
        if (kv.second.qty != 0) emit_position(kv.first, ts);
    emit_balance(ts);
    flush();
}

void PaperVenue::stop() {
    const th_time_ns ts = st_.clock_set ? st_.clock : 0;
    for (const auto& kv : st_.positions) emit_position(kv.first, ts);
    emit_balance(ts);
    flush();
    if (cfg_.persist) save();
}

std::string PaperVenue::snapshot() {
    return encode_state(st_, [this](th_instrument id) { return symbol(id); });
}

void PaperVenue::restore(std::string_view blob) {
    st_ = decode_state(blob, [this](const std::string& s) { return host_.intern(s); });
    restored_ = true;
}

void PaperVenue::on_event(uint32_t port, const th_event_header& ev) {
    switch (port) {
    case kPortQuotes: {
        th_quote scratch;
        const th_quote* q = event_as(ev, scratch);
        if (!q) throw InvalidArgument("paper: port quotes expects th_quote events");
        on_quote(*q);
        break;
    }
    case kPortOrders: {
        th_order_request scratch;
        const th_order_request* r = event_as(ev, scratch);
        if (!r) throw InvalidArgument("paper: port orders expects th_order_request events");
        enqueue(*r);
        break;
    }
    case kPortBooks: {
        // Variable size: read in place, only the levels the header says it carries.
        if (ev.type != TH_EV_BOOK || ev.size < offsetof(th_book, levels))
            throw InvalidArgument("paper: port books expects th_book events");
        const auto& b = reinterpret_cast<const th_book&>(ev);
        const uint32_t n = uint32_t{b.bid_count} + b.ask_count;
        if (n > TH_BOOK_MAX_LEVELS || ev.size < th_book_size(b.bid_count, b.ask_count))
            throw InvalidArgument("paper: th_book of " + std::to_string(ev.size) + " bytes cannot hold its " +
                                  std::to_string(n) + " levels");
        on_book(b);
        break;
    }
    default:
        throw InvalidArgument("paper: no input port " + std::to_string(port));
    }
    // Publish first, then save: the state_put commits, in one journal transaction, this
    // callback's reports and fills with the state that reflects them (write-ahead).
    flush();
    if (cfg_.persist && dirty_) save();
}

// ---------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------

void PaperVenue::enqueue(const th_order_request& req) {
    const th_time_ns ts = req.hdr.ts;
    const th_time_ns eff = ts > std::numeric_limits<th_time_ns>::max() - cfg_.latency_ns
                               ? std::numeric_limits<th_time_ns>::max()
                               : ts + cfg_.latency_ns;
    th_order_request copy = req;
    copy.hdr.size = sizeof copy;
    st_.pending.emplace(PendingKey(eff, st_.next_seq++), copy);
    dirty_ = true;
    advance_to(ts);
}

void PaperVenue::advance_to(th_time_ns t) {
    const th_time_ns horizon = st_.clock_set ? std::max(st_.clock, t) : t;
    while (!st_.pending.empty() && st_.pending.begin()->first.first <= horizon) {
        auto it = st_.pending.begin();
        const th_time_ns eff = it->first.first;
        const th_order_request req = it->second;
        st_.pending.erase(it);
        dirty_ = true;
        tick(eff);
        process(req, eff);
    }
    tick(t);
}

void PaperVenue::tick(th_time_ns t) {
    if (!st_.clock_set) {
        st_.clock_set = true;
        st_.clock = t;
        st_.day = utc_day(t);
        return;
    }
    if (t <= st_.clock) return;
    const int64_t day = utc_day(t);
    if (day > st_.day) expire_day_orders(day);
    st_.day = std::max(st_.day, day);
    st_.clock = t;
}

void PaperVenue::expire_day_orders(int64_t new_day) {
    for (const std::string& id : st_.book.all_ids()) {
        const Order* o = st_.book.find(id);
        if (o && o->tif == TH_TIF_DAY && o->day < new_day)
            close_order(id, TH_EXEC_EXPIRED, TH_STATUS_EXPIRED, "DAY order expired at the UTC day end",
                        utc_day_start(o->day + 1));
    }
}

// ---------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------

void PaperVenue::process(const th_order_request& req, th_time_ns eff) {
    switch (req.action) {
    case TH_ORDER_NEW: on_new(req, eff); break;
    case TH_ORDER_CANCEL: on_cancel(req, eff); break;
    case TH_ORDER_REPLACE: on_replace(req, eff); break;
    default:
        reject(req, id_text(req.client_order_id), "invalid action " + std::to_string(req.action), eff);
    }
}

std::string PaperVenue::validate(const th_order_request& req) const {
    if (req.instrument == 0) return "missing instrument";
    if (req.side != TH_SIDE_BUY && req.side != TH_SIDE_SELL) return "invalid side " + std::to_string(req.side);
    if (req.order_type < TH_ORDER_MARKET || req.order_type > TH_ORDER_STOP_LIMIT)
        return "invalid order_type " + std::to_string(req.order_type);
    if (req.tif < TH_TIF_DAY || req.tif > TH_TIF_FOK) return "invalid tif " + std::to_string(req.tif);
    if (req.qty <= 0) return "invalid qty " + format_fixed(req.qty) + ": must be > 0";
    if (has_limit(req.order_type) && req.limit_px <= 0) return "missing limit price";
    if (has_stop(req.order_type) && req.stop_px <= 0) return "missing stop price";
    return "";
}

std::string PaperVenue::check_instrument(th_instrument id, uint8_t type, th_fixed qty, th_fixed limit_px,
                                         th_fixed stop_px) const {
    // The paper venue registers no metadata; it refuses what another plugin (a feed, a real
    // venue's adapter) registered for the instrument, as the real venue would.
    const auto info = host_.instrument_info(id);
    if (!info) return "";
    return check_instrument_rules(*info, type, qty, limit_px, stop_px, symbol(id)).reason;
}

void PaperVenue::on_new(const th_order_request& req, th_time_ns eff) {
    const std::string id = id_text(req.client_order_id);
    if (id.empty()) return reject(req, id, "missing client_order_id", eff);
    if (st_.book.seen(id)) return reject(req, id, "duplicate client_order_id " + id, eff);
    st_.book.mark_seen(id);
    st_.recent_ids.push_back(id);
    dirty_ = true;

    std::string why = validate(req);
    if (why.empty()) why = check_instrument(req.instrument, req.order_type, req.qty, req.limit_px, req.stop_px);
    if (!why.empty()) return reject(req, id, why, eff);

    Order o;
    o.client_id = id;
    o.instrument = req.instrument;
    o.side = req.side;
    o.type = req.order_type;
    o.tif = req.tif;
    o.qty = req.qty;
    o.limit_px = has_limit(req.order_type) ? req.limit_px : 0;
    o.stop_px = has_stop(req.order_type) ? req.stop_px : 0;
    o.ref_px = reference_price(o);
    if (o.buy()) {
        if (o.ref_px <= 0)
            return reject(req, id, "no quote for " + symbol(o.instrument) + " to price a market buy", eff);
        why = check_cash(o, nullptr);
        if (!why.empty()) return reject(req, id, why, eff);
    }
    o.live_ts = eff;
    o.day = utc_day(eff);
    o.priority = st_.next_seq++;
    o.venue_id = make_id('O', st_.next_order_no++);
    st_.book.add(o);
    host_.metric_add("orders_accepted", 1);
    report(*st_.book.find(id), TH_EXEC_NEW, TH_STATUS_NEW, eff, 0, 0, "");
    arrive(id, eff);
}

void PaperVenue::on_cancel(const th_order_request& req, th_time_ns eff) {
    const std::string orig = id_text(req.orig_client_order_id);
    const std::string own = id_text(req.client_order_id);
    if (orig.empty() || !st_.book.find(orig))
        return reject(req, own.empty() ? orig : own, "unknown order " + orig, eff);
    close_order(orig, TH_EXEC_CANCELED, TH_STATUS_CANCELED, "", eff);
}

void PaperVenue::on_replace(const th_order_request& req, th_time_ns eff) {
    const std::string orig = id_text(req.orig_client_order_id);
    const std::string nid = id_text(req.client_order_id);
    if (nid.empty()) return reject(req, orig, "missing client_order_id", eff);
    Order* cur = orig.empty() ? nullptr : st_.book.find(orig);
    if (!cur) return reject(req, nid, "unknown order " + orig, eff);
    if (st_.book.seen(nid)) return reject(req, nid, "duplicate client_order_id " + nid, eff);
    st_.book.mark_seen(nid);
    st_.recent_ids.push_back(nid);
    dirty_ = true;
    if (req.qty <= 0) return reject(req, nid, "invalid qty " + format_fixed(req.qty) + ": must be > 0", eff);
    if (req.qty < cur->cum_qty)
        return reject(req, nid, "qty " + format_fixed(req.qty) + " below cum_qty " + format_fixed(cur->cum_qty), eff);

    Order next = *cur;
    next.qty = req.qty;
    if (has_limit(next.type) && req.limit_px > 0) next.limit_px = req.limit_px;
    if (has_stop(next.type) && req.stop_px > 0) next.stop_px = req.stop_px;
    std::string bad = check_instrument(next.instrument, next.type, next.qty, next.limit_px, next.stop_px);
    if (!bad.empty()) return reject(req, nid, bad, eff);
    const th_fixed ref = reference_price(next);
    if (ref > 0) next.ref_px = ref;
    if (next.buy()) {
        std::string why = check_cash(next, &orig);
        if (!why.empty()) return reject(req, nid, why, eff);
    }
    const bool price_changed = next.limit_px != cur->limit_px || next.stop_px != cur->stop_px;
    const bool lose_priority = price_changed || next.qty > cur->qty;
    if (price_changed && (!next.is_stop() || next.triggered)) {
        next.arrived = false;  // a new price meets the market again as a taker
        next.live_ts = eff;
    }
    const uint64_t priority = lose_priority ? st_.next_seq++ : cur->priority;
    *cur = next;
    st_.book.rekey(orig, nid, priority);
    Order& o = *st_.book.find(nid);
    report(o, TH_EXEC_REPLACED, o.status(), eff, 0, 0, "", orig);
    if (o.leaves() <= 0) {
        st_.book.erase(nid);
        return;
    }
    if (price_changed) arrive(nid, eff);
}

// ---------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------

void PaperVenue::on_quote(const th_quote& in) {
    advance_to(in.hdr.ts);
    QuoteState& q = st_.quotes[in.instrument];
    q.ts = in.hdr.ts;
    q.bid_px = in.bid_px;
    q.bid_qty = in.bid_qty;
    q.ask_px = in.ask_px;
    q.ask_qty = in.ask_qty;
    q.bid_avail = in.bid_px > 0 && in.bid_qty > 0 ? in.bid_qty : 0;
    q.ask_avail = in.ask_px > 0 && in.ask_qty > 0 ? in.ask_qty : 0;
    for (const std::string& id : st_.book.ids_for(in.instrument)) {
        const Order* o = st_.book.find(id);
        if (!o) continue;
        if (cfg_.latency_ns > 0 && q.ts < o->live_ts) continue;  // not live yet for this quote
        match(id, q, q.ts);
    }
}

void PaperVenue::on_book(const th_book& b) {
    advance_to(b.hdr.ts);
    auto it = books_.find(b.instrument);
    if (it == books_.end()) it = books_.emplace(b.instrument, BookState{venue::Book(kBookDepth), 0}).first;
    venue::Book& book = it->second.book;
    it->second.ts = b.hdr.ts;
    const th_book_level* lv = b.levels;
    if (b.snapshot) {
        book.begin_snapshot();
        for (uint32_t i = 0; i < b.bid_count; ++i) book.snapshot_level(venue::BookSide::bid, lv[i].px, lv[i].qty);
        for (uint32_t i = 0; i < b.ask_count; ++i)
            book.snapshot_level(venue::BookSide::ask, lv[b.bid_count + i].px, lv[b.bid_count + i].qty);
        book.end_snapshot(b.venue_seq);
    } else if (book.synced()) {  // a delta before the first snapshot means nothing yet
        for (uint32_t i = 0; i < b.bid_count; ++i) book.set(venue::BookSide::bid, lv[i].px, lv[i].qty);
        for (uint32_t i = 0; i < b.ask_count; ++i)
            book.set(venue::BookSide::ask, lv[b.bid_count + i].px, lv[b.bid_count + i].qty);
    }
    for (const std::string& id : st_.book.ids_for(b.instrument)) match_book(id, b.hdr.ts);
}

bool PaperVenue::book_governs(const Order& o) const {
    if (o.is_stop()) return false;  // stops trigger and fill on quotes
    if (o.arrived && !o.market_like()) return false;  // a resting limit is a maker: quotes
    auto it = books_.find(o.instrument);
    if (it == books_.end() || !it->second.book.synced()) return false;
    // With latency, only a book stamped at or after the live time is the market it meets.
    return cfg_.latency_ns == 0 || it->second.ts >= o.live_ts;
}

bool PaperVenue::match_book(const std::string& id, th_time_ns ts) {
    Order* o = st_.book.find(id);
    if (!o || !book_governs(*o)) return false;
    venue::Book& book = books_.at(o->instrument).book;
    const BookDecision d = decide_on_book(*o, book);
    if (!o->arrived) dirty_ = true;
    o->arrived = true;
    const venue::BookSide side = o->buy() ? venue::BookSide::ask : venue::BookSide::bid;
    for (const BookTake& t : d.takes) {
        // The fill took the level's liquidity until the feed updates that level.
        book.set(side, t.px, book.qty_at(side, t.px) - t.qty);
        fill(*o, t.qty, t.px, TH_LIQ_TAKER, ts);
    }
    if (o->leaves() <= 0) {
        st_.book.erase(id);
        return true;
    }
    if (d.cancel_remainder) close_order(id, TH_EXEC_CANCELED, TH_STATUS_CANCELED, d.reason, ts);
    return true;
}

void PaperVenue::arrive(const std::string& id, th_time_ns ts) {
    if (match_book(id, ts)) return;
    const Order* o = st_.book.find(id);
    if (!o) return;
    auto it = st_.quotes.find(o->instrument);
    if (it == st_.quotes.end()) return;
    // With latency, only quotes stamped at or after the live time count; with none, the
    // current quote is the market the order meets.
    if (cfg_.latency_ns > 0 && it->second.ts < o->live_ts) return;
    match(id, it->second, std::max(ts, it->second.ts));
}

void PaperVenue::match(const std::string& id, QuoteState& q, th_time_ns ts) {
    Order* o = st_.book.find(id);
    if (!o || book_governs(*o)) return;
    Top top;
    top.bid_px = q.bid_px;
    top.ask_px = q.ask_px;
    top.bid_avail = cfg_.partial_fills ? q.bid_avail : (q.bid_avail > 0 ? kUnlimited : 0);
    top.ask_avail = cfg_.partial_fills ? q.ask_avail : (q.ask_avail > 0 ? kUnlimited : 0);
    const bool was_arrived = o->arrived, was_triggered = o->triggered;
    const Decision d = decide(*o, top);
    if (o->arrived != was_arrived || o->triggered != was_triggered) dirty_ = true;
    if (d.qty > 0) {
        if (cfg_.partial_fills) (o->buy() ? q.ask_avail : q.bid_avail) -= d.qty;
        fill(*o, d.qty, d.px, d.liquidity, ts);
    }
    if (o->leaves() <= 0) {
        st_.book.erase(id);
        return;
    }
    if (d.cancel_remainder) close_order(id, TH_EXEC_CANCELED, TH_STATUS_CANCELED, d.reason, ts);
}

void PaperVenue::fill(Order& o, th_fixed qty, th_fixed px, th_liquidity liquidity, th_time_ns ts) {
    const th_fixed notional = fixed_mul(qty, px);
    const th_fixed fee = fees_.fee(qty, px);
    o.cum_qty += qty;
    o.cum_notional += notional;
    st_.cash += o.buy() ? -(notional + fee) : notional - fee;
    st_.positions[o.instrument].apply_fill(static_cast<th_side>(o.side), qty, px, fee);
    dirty_ = true;
    host_.metric_add("fills", 1);

    th_fill f = make_event<th_fill>(ts);
    f.instrument = o.instrument;
    f.side = o.side;
    f.liquidity = static_cast<uint8_t>(liquidity);
    f.px = px;
    f.qty = qty;
    f.fee = fee;
    copy_str(f.client_order_id, o.client_id);
    copy_str(f.venue_order_id, o.venue_id);
    copy_str(f.fill_id, make_id('F', st_.next_fill_no++));
    outbox_.push_back(Outgoing{kPortFills, f});

    report(o, o.leaves() <= 0 ? TH_EXEC_FILL : TH_EXEC_PARTIAL_FILL, o.status(), ts, px, qty, "");
    emit_position(o.instrument, ts);
    emit_balance(ts);
}

void PaperVenue::close_order(const std::string& id, th_exec_type type, th_order_status status,
                             const std::string& reason, th_time_ns ts) {
    const Order* o = st_.book.find(id);
    if (!o) return;
    report(*o, type, status, ts, 0, 0, reason);
    st_.book.erase(id);
    dirty_ = true;
}

// ---------------------------------------------------------------------------------------
// Cash
// ---------------------------------------------------------------------------------------

th_fixed PaperVenue::reference_price(const Order& o) const {
    auto it = st_.quotes.find(o.instrument);
    th_fixed ask = it == st_.quotes.end() ? 0 : it->second.ask_px;
    th_fixed bid = it == st_.quotes.end() ? 0 : it->second.bid_px;
    // Where a book governs, its touch prices the order (a market buy may walk past it: the
    // reservation is the touch, as with a quote).
    auto b = books_.find(o.instrument);
    if (b != books_.end() && b->second.book.synced()) {
        if (auto a = b->second.book.best(venue::BookSide::ask)) ask = a->px;
        if (auto x = b->second.book.best(venue::BookSide::bid)) bid = x->px;
    }
    switch (o.type) {
    case TH_ORDER_LIMIT:
    case TH_ORDER_STOP_LIMIT: return o.limit_px;
    case TH_ORDER_STOP: return o.buy() ? std::max(o.stop_px, ask) : o.stop_px;
    default: return o.buy() ? ask : bid;
    }
}

th_fixed PaperVenue::reservation(const Order& o) const {
    const th_fixed leaves = o.leaves();
    if (!o.buy() || leaves <= 0 || o.ref_px <= 0) return 0;
    return fixed_mul(leaves, o.ref_px) + fees_.fee(leaves, o.ref_px);
}

th_fixed PaperVenue::reserved_cash(const std::string* except) const {
    th_fixed sum = 0;
    for (const auto& kv : st_.book.orders())
        if (!except || kv.first != *except) sum += reservation(kv.second);
    return sum;
}

std::string PaperVenue::check_cash(const Order& o, const std::string* replacing) const {
    const th_fixed need = reservation(o);
    const th_fixed available = st_.cash - reserved_cash(replacing);
    if (need <= available) return "";
    return "insufficient cash: need " + format_fixed(need) + " " + cfg_.currency + ", available " +
           format_fixed(available);
}

// ---------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------

void PaperVenue::report(const Order& o, th_exec_type type, th_order_status status, th_time_ns ts,
                        th_fixed last_px, th_fixed last_qty, const std::string& reason,
                        const std::string& orig_client_id) {
    th_execution_report r = make_event<th_execution_report>(ts);
    r.instrument = o.instrument;
    r.exec_type = static_cast<uint8_t>(type);
    r.status = static_cast<uint8_t>(status);
    r.side = o.side;
    r.order_qty = o.qty;
    r.cum_qty = o.cum_qty;
    const bool done = status == TH_STATUS_FILLED || status == TH_STATUS_CANCELED ||
                      status == TH_STATUS_EXPIRED || status == TH_STATUS_REJECTED;
    r.leaves_qty = done ? 0 : o.leaves();
    r.avg_px = o.avg_px();
    r.last_px = last_px;
    r.last_qty = last_qty;
    copy_str(r.client_order_id, o.client_id);
    copy_str(r.venue_order_id, o.venue_id);
    copy_str(r.reason, reason);
    copy_str(r.orig_client_order_id, orig_client_id);
    outbox_.push_back(Outgoing{kPortExecReports, r});
}

void PaperVenue::reject(const th_order_request& req, const std::string& client_id,
                        const std::string& reason, th_time_ns ts) {
    host_.metric_add("orders_rejected", 1);
    outbox_.push_back(Outgoing{kPortExecReports, rejection_of(req, client_id, reason, ts)});
}

void PaperVenue::emit_position(th_instrument id, th_time_ns ts) {
    const Position& p = st_.positions[id];
    auto q = st_.quotes.find(id);
    th_position ev = make_event<th_position>(ts);
    ev.instrument = id;
    ev.qty = p.qty;
    ev.avg_px = p.avg_px;
    ev.realized_pnl = p.realized;
    ev.unrealized_pnl = q == st_.quotes.end() ? 0 : p.unrealized(q->second.mid());
    outbox_.push_back(Outgoing{kPortPositions, ev});
}

void PaperVenue::emit_balance(th_time_ns ts) {
    th_balance b = make_event<th_balance>(ts);
    copy_str(b.currency, cfg_.currency);
    b.total = st_.cash;
    b.available = st_.cash - reserved_cash();
    outbox_.push_back(Outgoing{kPortBalances, b});
}

void PaperVenue::flush() {
    if (flushing_) return;  // an outer flush (we were re-entered by a downstream) drains in order
    flushing_ = true;
    try {
        while (!outbox_.empty()) {
            Outgoing out = outbox_.front();
            outbox_.pop_front();
            std::visit([&](auto& ev) { host_.publish(out.port, ev); }, out.ev);
        }
    } catch (...) {
        flushing_ = false;
        throw;
    }
    flushing_ = false;
}

void PaperVenue::save() {
    // What is written is proportional to the open state, not to the history: older client
    // ids are sealed once under their own key, and the state names how many there are.
    if (st_.recent_ids.size() >= kSealEvery) {
        host_.state_put(sealed_key(st_.sealed_chunks), encode_ids(st_.recent_ids));
        ++st_.sealed_chunks;
        st_.recent_ids.clear();
    }
    host_.state_put(kStateKey, encode_state(st_, [this](th_instrument id) { return symbol(id); }, false));
    dirty_ = false;
}

std::string PaperVenue::make_id(char kind, uint64_t n) const {
    return id_prefix_ + kind + std::to_string(n);
}

std::string PaperVenue::symbol(th_instrument id) const {
    std::string s = host_.symbol(id);
    return s.empty() ? "#" + std::to_string(id) : s;
}

}  // namespace tradehost::paper
