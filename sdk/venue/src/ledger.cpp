// The fill ledger: orders by client id (and venue id), fill ids kept in a bounded window with a
// time watermark behind it, and a versioned binary form for state_put/state_get.
#include <tradehost/venue/ledger.hpp>

#include <tradehost/blob.hpp>

#include <algorithm>
#include <limits>

namespace tradehost::venue {
namespace {

// "THLG" little-endian, then a format version: a blob from anything else is refused.
constexpr uint32_t kMagic = 0x474c4854;
// Version 2 adds each order's venue client id (empty in the blob when it is the host's id);
// version 1 blobs still load (every venue client id then is the host's).
constexpr uint32_t kVersion = 2;
// forgotten_before_ns_ while no fill id was ever evicted: then has_fill goes by id alone.
constexpr int64_t kNothingForgotten = std::numeric_limits<int64_t>::min();

__extension__ typedef __int128 Int128;  // __extension__: GCC/Clang builtin under -Wpedantic

// px * qty in th_fixed (both scaled 1e8), rounded half away from zero, saturating.
th_fixed fixed_mul(th_fixed px, th_fixed qty) {
    const Int128 product = static_cast<Int128>(px) * qty;
    const Int128 half = TH_FIXED_SCALE / 2;
    const Int128 scaled = (product >= 0 ? product + half : product - half) / TH_FIXED_SCALE;
    if (scaled > std::numeric_limits<int64_t>::max()) return std::numeric_limits<int64_t>::max();
    if (scaled < std::numeric_limits<int64_t>::min()) return std::numeric_limits<int64_t>::min();
    return static_cast<th_fixed>(scaled);
}

th_fixed saturating_add(th_fixed a, th_fixed b) {
    th_fixed r = 0;
    if (__builtin_add_overflow(a, b, &r))
        return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
    return r;
}

bool valid_status(uint8_t s) { return s >= TH_STATUS_PENDING_NEW && s <= TH_STATUS_EXPIRED; }
bool valid_side(uint8_t s) { return s <= TH_SIDE_SELL; }

void write_order(BlobWriter& w, const LedgerOrder& o) {
    w.str(o.client_order_id);
    w.str(o.venue_order_id);
    w.u32(o.instrument);
    w.u8(o.side);
    w.i64(o.order_qty);
    w.i64(o.cum_qty);
    w.i64(o.notional);
    w.u8(o.status);
    w.str(o.venue_client_id == o.client_order_id ? std::string() : o.venue_client_id);
}

// False if the order is not one a ledger writes.
bool read_order(BlobReader& r, uint32_t version, LedgerOrder& o) {
    o.client_order_id = r.str();
    o.venue_order_id = r.str();
    o.instrument = r.u32();
    o.side = r.u8();
    o.order_qty = r.i64();
    o.cum_qty = r.i64();
    o.notional = r.i64();
    o.status = r.u8();
    if (version >= 2) o.venue_client_id = r.str();
    if (o.venue_client_id.empty()) o.venue_client_id = o.client_order_id;
    return valid_side(o.side) && valid_status(o.status) && !o.client_order_id.empty();
}

bool same(const LedgerOrder& a, const LedgerOrder& b) {
    return a.client_order_id == b.client_order_id && a.venue_order_id == b.venue_order_id &&
           a.venue_client_id == b.venue_client_id && a.instrument == b.instrument && a.side == b.side &&
           a.order_qty == b.order_qty && a.cum_qty == b.cum_qty && a.notional == b.notional && a.status == b.status;
}

// Version 3: the head of a segmented ledger (take_writes); segments carry kSegmentMagic.
constexpr uint32_t kVersionSegmented = 3;
constexpr uint32_t kSegmentMagic = 0x534c4854;  // "THLS"

// A segment starts with its magic, the format version and how many entries it holds.
void begin_segment(BlobWriter& w, std::size_t entries) {
    w.u32(kSegmentMagic);
    w.u32(kVersion);
    w.u32(static_cast<uint32_t>(entries));
}

// Fill ids [from, to) of `fills`, each as (id, time): in segments and in the head alike.
void write_fills(BlobWriter& w, const std::deque<std::pair<std::string, int64_t>>& fills, std::size_t from,
                 std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
        w.str(fills[i].first);
        w.i64(fills[i].second);
    }
}

}  // namespace

Ledger::Ledger(std::size_t fill_capacity)
    : fill_capacity_(fill_capacity), forgotten_before_ns_(kNothingForgotten) {}

// Orders ----------------------------------------------------------------------------------

bool Ledger::add_order(LedgerOrder order) {
    if (orders_.count(order.client_order_id) != 0) return false;
    const std::string id = order.client_order_id;
    if (order.venue_client_id.empty()) order.venue_client_id = id;
    if (order.venue_client_id != id) {
        if (client_id_taken(order.venue_client_id)) return false;  // two orders, one name at the venue
        by_venue_client_id_[order.venue_client_id] = id;
    }
    if (!order.venue_order_id.empty()) by_venue_id_[order.venue_order_id] = id;
    orders_.emplace(id, std::move(order));
    order_sequence_.push_back(id);
    unsealed_.push_back(id);
    return true;
}

LedgerOrder* Ledger::order(std::string_view client_order_id) {
    auto it = orders_.find(std::string(client_order_id));
    if (it == orders_.end()) return nullptr;
    // The caller may change it: a sealed order is compared with its segment at the next save.
    if (!sealed_copy_.empty() && sealed_copy_.count(it->first)) touched_.insert(it->first);
    return &it->second;
}

LedgerOrder* Ledger::order_by_venue_id(std::string_view venue_order_id) {
    auto it = by_venue_id_.find(std::string(venue_order_id));
    return it == by_venue_id_.end() ? nullptr : order(it->second);
}

LedgerOrder* Ledger::order_by_venue_client_id(std::string_view venue_client_id) {
    auto it = by_venue_client_id_.find(std::string(venue_client_id));
    if (it != by_venue_client_id_.end()) return order(it->second);
    LedgerOrder* o = order(venue_client_id);  // sent under the host's own id
    return o != nullptr && o->venue_client_id == o->client_order_id ? o : nullptr;
}

bool Ledger::client_id_taken(std::string_view id) const {
    const std::string key(id);
    return orders_.count(key) != 0 || by_venue_client_id_.count(key) != 0;
}

void Ledger::set_venue_id(std::string_view client_order_id, std::string_view venue_order_id) {
    LedgerOrder* o = order(client_order_id);
    if (o == nullptr) return;  // an order this ledger never sent: nothing to index
    if (!o->venue_order_id.empty() && o->venue_order_id != venue_order_id) by_venue_id_.erase(o->venue_order_id);
    o->venue_order_id = std::string(venue_order_id);
    if (!o->venue_order_id.empty()) by_venue_id_[o->venue_order_id] = o->client_order_id;
}

std::vector<const LedgerOrder*> Ledger::open_orders() const {
    std::vector<const LedgerOrder*> out;
    for (const std::string& id : order_sequence_) {  // oldest first, deterministic
        const LedgerOrder& o = orders_.at(id);
        if (!o.terminal()) out.push_back(&o);
    }
    return out;
}

void Ledger::prune_terminal(std::size_t keep) {
    // Walk newest to oldest; terminal orders past the newest `keep` are dropped, open ones
    // always stay (reconciliation still needs them).
    std::deque<std::string> kept;
    std::size_t terminal_seen = 0;
    for (auto it = order_sequence_.rbegin(); it != order_sequence_.rend(); ++it) {
        auto found = orders_.find(*it);
        if (found->second.terminal() && ++terminal_seen > keep) {
            forget_order(*it);
        } else {
            kept.push_front(std::move(*it));
        }
    }
    order_sequence_ = std::move(kept);
    std::deque<std::string> unsealed;
    for (std::string& id : unsealed_)
        if (orders_.count(id)) unsealed.push_back(std::move(id));
    unsealed_ = std::move(unsealed);
}

// Removes an order and its indexes (not from order_sequence_: the caller rebuilds that).
void Ledger::forget_order(const std::string& id) {
    auto found = orders_.find(id);
    if (found == orders_.end()) return;
    if (!found->second.venue_order_id.empty()) by_venue_id_.erase(found->second.venue_order_id);
    if (found->second.venue_client_id != found->second.client_order_id)
        by_venue_client_id_.erase(found->second.venue_client_id);
    sealed_copy_.erase(id);
    touched_.erase(id);
    changed_.erase(id);
    orders_.erase(found);
}

// Fills -----------------------------------------------------------------------------------

bool Ledger::has_fill(std::string_view fill_id, int64_t ts_ns) const {
    if (fill_ids_.count(std::string(fill_id)) != 0) return true;
    // Once ids were evicted, anything at or before the newest evicted fill may have been one
    // of them: judge it recorded rather than publish it twice.
    return forgotten_before_ns_ != kNothingForgotten && ts_ns <= forgotten_before_ns_;
}

bool Ledger::record_fill(std::string_view fill_id, int64_t ts_ns, std::string_view client_order_id, th_fixed px,
                         th_fixed qty) {
    if (has_fill(fill_id, ts_ns)) return false;
    std::string id(fill_id);
    fill_ids_.insert(id);
    fill_order_.emplace_back(std::move(id), ts_ns);
    watermark_ns_ = std::max(watermark_ns_, ts_ns);
    if (LedgerOrder* o = order(client_order_id)) {
        o->cum_qty = saturating_add(o->cum_qty, qty);
        o->notional = saturating_add(o->notional, fixed_mul(px, qty));
    }
    while (fill_order_.size() > fill_capacity_) evict_oldest_fill();
    return true;
}

bool Ledger::reverse_fill(std::string_view fill_id, std::string_view client_order_id, th_fixed px, th_fixed qty) {
    if (fill_ids_.count(std::string(fill_id)) == 0 || has_reversal(fill_id)) return false;
    // The reversal takes the fill's own time: recording it must not move the watermark past
    // fills not fetched yet. Busts are rare, so a scan of the window is fine.
    int64_t ts = 0;
    for (auto it = fill_order_.rbegin(); it != fill_order_.rend(); ++it)
        if (it->first == fill_id) {
            ts = it->second;
            break;
        }
    std::string id = reversal_id(fill_id);
    fill_ids_.insert(id);
    fill_order_.emplace_back(std::move(id), ts);
    if (LedgerOrder* o = order(client_order_id)) {
        o->cum_qty = saturating_add(o->cum_qty, -qty);
        o->notional = saturating_add(o->notional, -fixed_mul(px, qty));
    }
    while (fill_order_.size() > fill_capacity_) evict_oldest_fill();
    return true;
}

bool Ledger::has_reversal(std::string_view fill_id) const { return fill_ids_.count(reversal_id(fill_id)) != 0; }

void Ledger::evict_oldest_fill() {
    auto& [old_id, old_ts] = fill_order_.front();
    forgotten_before_ns_ = std::max(forgotten_before_ns_, old_ts);
    fill_ids_.erase(old_id);
    fill_order_.pop_front();
    if (sealed_fills_ == 0) return;
    --sealed_fills_;
    if (--fill_segments_.front().count == 0) {
        dropped_.push_back(".f" + std::to_string(fill_segments_.front().n));
        fill_segments_.pop_front();
    }
}

// Persistence -----------------------------------------------------------------------------

std::string Ledger::serialize() const {
    BlobWriter w;
    w.u32(kMagic);
    w.u32(kVersion);
    w.i64(watermark_ns_);
    w.i64(forgotten_before_ns_);
    w.u32(static_cast<uint32_t>(order_sequence_.size()));
    for (const std::string& id : order_sequence_) write_order(w, orders_.at(id));
    w.u32(static_cast<uint32_t>(fill_order_.size()));
    write_fills(w, fill_order_, 0, fill_order_.size());
    return w.take();
}

bool Ledger::deserialize(std::string_view blob) {
    // Everything is read into locals first and swapped in only when the whole blob checked
    // out, so a bad blob leaves the ledger as it was.
    std::unordered_map<std::string, LedgerOrder> orders;
    std::deque<std::string> sequence;
    std::unordered_map<std::string, std::string> by_venue;
    std::unordered_map<std::string, std::string> by_venue_client;
    std::unordered_set<std::string> fill_ids;
    std::deque<std::pair<std::string, int64_t>> fill_order;
    int64_t watermark = 0;
    int64_t forgotten = kNothingForgotten;
    try {
        BlobReader r(blob, "venue ledger");
        if (r.u32() != kMagic) return false;
        const uint32_t version = r.u32();
        if (version != 1 && version != kVersion) return false;
        watermark = r.i64();
        forgotten = r.i64();
        const uint32_t order_count = r.u32();
        for (uint32_t i = 0; i < order_count; ++i) {
            LedgerOrder o;
            if (!read_order(r, version, o)) return false;
            if (o.venue_client_id != o.client_order_id &&
                !by_venue_client.emplace(o.venue_client_id, o.client_order_id).second)
                return false;
            if (!o.venue_order_id.empty() && !by_venue.emplace(o.venue_order_id, o.client_order_id).second)
                return false;
            sequence.push_back(o.client_order_id);
            const std::string key = o.client_order_id;
            if (!orders.emplace(key, std::move(o)).second) return false;  // duplicate client id
        }
        const uint32_t fill_count = r.u32();
        for (uint32_t i = 0; i < fill_count; ++i) {
            std::string id = r.str();
            const int64_t ts = r.i64();
            if (!fill_ids.insert(id).second) return false;  // duplicate fill id
            fill_order.emplace_back(std::move(id), ts);
        }
        if (!r.done()) return false;  // trailing bytes: not a blob we wrote
    } catch (const tradehost::Error&) {
        return false;  // truncated
    }

    orders_ = std::move(orders);
    order_sequence_ = std::move(sequence);
    by_venue_id_ = std::move(by_venue);
    by_venue_client_id_ = std::move(by_venue_client);
    fill_ids_ = std::move(fill_ids);
    fill_order_ = std::move(fill_order);
    watermark_ns_ = watermark;
    forgotten_before_ns_ = forgotten;
    // Nothing of it is sealed: the next take_writes seals what it should.
    order_segments_.clear();
    sealed_copy_.clear();
    unsealed_ = order_sequence_;
    touched_.clear();
    changed_.clear();
    fill_segments_.clear();
    sealed_fills_ = 0;
    dropped_.clear();
    // A blob from a ledger with a larger window: forget the oldest, as record_fill would.
    while (fill_order_.size() > fill_capacity_) evict_oldest_fill();
    return true;
}

// Incremental persistence -------------------------------------------------------------------

std::vector<Ledger::Write> Ledger::take_writes(std::size_t keep_terminal) {
    std::vector<Write> out;
    // 1. Seal terminal orders, oldest first, a full segment at a time.
    std::vector<std::string> unsealed;  // the terminal ones among unsealed_
    for (const std::string& id : unsealed_)
        if (orders_.at(id).terminal()) unsealed.push_back(id);
    const std::size_t sealing = unsealed.size() - unsealed.size() % kSegment;
    for (std::size_t at = 0; at < sealing; at += kSegment) {
        OrderSegment seg{next_order_segment_++, {}};
        BlobWriter w;
        begin_segment(w, kSegment);
        for (std::size_t i = at; i < at + kSegment; ++i) {
            const LedgerOrder& o = orders_.at(unsealed[i]);
            write_order(w, o);
            sealed_copy_.emplace(o.client_order_id, o);
            seg.ids.push_back(o.client_order_id);
        }
        out.push_back({".o" + std::to_string(seg.n), w.take()});
        order_segments_.push_back(std::move(seg));
    }
    if (sealing > 0) {
        std::deque<std::string> still;
        for (std::string& id : unsealed_)
            if (!sealed_copy_.count(id)) still.push_back(std::move(id));
        unsealed_ = std::move(still);
    }
    // 2. Past the newest keep_terminal sealed orders, drop the oldest segments whole.
    bool forgot = false;
    while (!order_segments_.empty() && sealed_copy_.size() >= keep_terminal + order_segments_.front().ids.size()) {
        for (const std::string& id : order_segments_.front().ids) {
            auto it = orders_.find(id);
            if (it != orders_.end() && it->second.terminal()) {
                forget_order(id);
            } else if (it != orders_.end()) {  // open again (a venue's correction): the head keeps it
                sealed_copy_.erase(id);
                changed_.erase(id);
                touched_.erase(id);
                unsealed_.push_back(id);
            }
        }
        dropped_.push_back(".o" + std::to_string(order_segments_.front().n));
        order_segments_.pop_front();
        forgot = true;
    }
    if (forgot) {
        std::deque<std::string> kept;
        for (std::string& id : order_sequence_)
            if (orders_.count(id)) kept.push_back(std::move(id));
        order_sequence_ = std::move(kept);
    }
    // 3. Seal fill ids, a full segment at a time.
    while (fill_order_.size() - sealed_fills_ >= kSegment) {
        FillSegment seg{next_fill_segment_++, kSegment};
        BlobWriter w;
        begin_segment(w, kSegment);
        write_fills(w, fill_order_, sealed_fills_, sealed_fills_ + kSegment);
        sealed_fills_ += kSegment;
        out.push_back({".f" + std::to_string(seg.n), w.take()});
        fill_segments_.push_back(seg);
    }
    for (std::string& d : dropped_) out.push_back({std::move(d), std::string()});
    dropped_.clear();
    // 4. The head: live segments, then orders not sealed or changed since, then unsealed fills.
    BlobWriter w;
    w.u32(kMagic);
    w.u32(kVersionSegmented);
    w.i64(watermark_ns_);
    w.i64(forgotten_before_ns_);
    w.u32(static_cast<uint32_t>(order_segments_.size()));
    for (const OrderSegment& seg : order_segments_) w.i64(static_cast<int64_t>(seg.n));
    w.u32(static_cast<uint32_t>(fill_segments_.size()));
    for (const FillSegment& seg : fill_segments_) {
        w.i64(static_cast<int64_t>(seg.n));
        w.u32(static_cast<uint32_t>(seg.count));
    }
    for (const std::string& id : touched_) {
        auto live = orders_.find(id);
        auto sealed = sealed_copy_.find(id);
        if (live != orders_.end() && sealed != sealed_copy_.end() && !same(sealed->second, live->second))
            changed_.insert(id);
    }
    touched_.clear();
    std::vector<const LedgerOrder*> head;
    for (const std::string& id : unsealed_) head.push_back(&orders_.at(id));
    for (const std::string& id : changed_) head.push_back(&orders_.at(id));
    w.u32(static_cast<uint32_t>(head.size()));
    for (const LedgerOrder* o : head) write_order(w, *o);
    w.u32(static_cast<uint32_t>(fill_order_.size() - sealed_fills_));
    write_fills(w, fill_order_, sealed_fills_, fill_order_.size());
    w.u32(static_cast<uint32_t>(next_order_segment_));
    w.u32(static_cast<uint32_t>(next_fill_segment_));
    out.push_back({"", w.take()});
    return out;
}

bool Ledger::load(const std::function<std::optional<std::string>(const std::string& suffix)>& get) {
    const std::optional<std::string> head_blob = get("");
    if (!head_blob || head_blob->empty()) return false;
    {
        // A single blob (serialize(), or a host before segments): the whole ledger.
        BlobReader peek(*head_blob, "venue ledger");
        try {
            if (peek.u32() != kMagic) return false;
            if (peek.u32() != kVersionSegmented) return deserialize(*head_blob);
        } catch (const tradehost::Error&) {
            return false;
        }
    }
    Ledger next(fill_capacity_);
    try {
        BlobReader r(*head_blob, "venue ledger");
        r.u32();
        r.u32();
        const int64_t watermark = r.i64();
        const int64_t forgotten = r.i64();
        // Reads segment `suffix` through `body` (its reader and entry count); false when it is
        // missing, not a segment, refused by `body` or longer than what it said it holds.
        auto read_segment = [&](const std::string& suffix, const std::function<bool(BlobReader&, uint32_t)>& body) {
            const std::optional<std::string> blob = get(suffix);
            if (!blob || blob->size() < 12) return false;
            BlobReader s(*blob, "venue ledger segment");
            if (s.u32() != kSegmentMagic || s.u32() != kVersion) return false;
            const uint32_t count = s.u32();
            return body(s, count) && s.done();
        };
        const uint32_t order_segments = r.u32();
        for (uint32_t k = 0; k < order_segments; ++k) {
            OrderSegment seg{static_cast<uint64_t>(r.i64()), {}};
            const bool ok = read_segment(".o" + std::to_string(seg.n), [&](BlobReader& s, uint32_t count) {
                for (uint32_t i = 0; i < count; ++i) {
                    LedgerOrder o;
                    if (!read_order(s, kVersion, o) || !next.add_order(o)) return false;
                    next.sealed_copy_.emplace(o.client_order_id, next.orders_.at(o.client_order_id));
                    seg.ids.push_back(o.client_order_id);
                }
                return true;
            });
            if (!ok) return false;
            next.order_segments_.push_back(std::move(seg));
            next.unsealed_.clear();  // add_order queued them: they are sealed
        }
        const uint32_t fill_segments = r.u32();
        for (uint32_t k = 0; k < fill_segments; ++k) {
            FillSegment seg;
            seg.n = static_cast<uint64_t>(r.i64());
            seg.count = r.u32();
            const bool ok = read_segment(".f" + std::to_string(seg.n), [&](BlobReader& s, uint32_t count) {
                if (seg.count > count) return false;
                for (uint32_t i = 0; i < count; ++i) {
                    std::string id = s.str();
                    const int64_t ts = s.i64();
                    if (i < count - seg.count) continue;  // evicted before the head was written
                    if (!next.fill_ids_.insert(id).second) return false;
                    next.fill_order_.emplace_back(std::move(id), ts);
                }
                return true;
            });
            if (!ok) return false;
            next.sealed_fills_ += seg.count;
            next.fill_segments_.push_back(seg);
        }
        // The head's orders: new ones, and sealed ones as they are now.
        const uint32_t orders = r.u32();
        for (uint32_t i = 0; i < orders; ++i) {
            LedgerOrder o;
            if (!read_order(r, kVersion, o)) return false;
            if (LedgerOrder* have = next.order(o.client_order_id)) {  // sealed, changed since
                if (have->venue_order_id != o.venue_order_id) next.set_venue_id(o.client_order_id, o.venue_order_id);
                *have = o;
                next.changed_.insert(o.client_order_id);
            } else if (!next.add_order(o)) {
                return false;
            }
        }
        const uint32_t fills = r.u32();
        for (uint32_t i = 0; i < fills; ++i) {
            std::string id = r.str();
            const int64_t ts = r.i64();
            if (!next.fill_ids_.insert(id).second) return false;
            next.fill_order_.emplace_back(std::move(id), ts);
        }
        next.next_order_segment_ = r.u32();
        next.next_fill_segment_ = r.u32();
        if (!r.done()) return false;
        next.watermark_ns_ = watermark;
        next.forgotten_before_ns_ = forgotten;
    } catch (const tradehost::Error&) {
        return false;  // truncated
    }
    while (next.fill_order_.size() > next.fill_capacity_) next.evict_oldest_fill();
    next.touched_.clear();
    *this = std::move(next);
    return true;
}

}  // namespace tradehost::venue
