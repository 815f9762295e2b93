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
    return true;
}

LedgerOrder* Ledger::order(std::string_view client_order_id) {
    auto it = orders_.find(std::string(client_order_id));
    return it == orders_.end() ? nullptr : &it->second;
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
            if (!found->second.venue_order_id.empty()) by_venue_id_.erase(found->second.venue_order_id);
            if (found->second.venue_client_id != found->second.client_order_id)
                by_venue_client_id_.erase(found->second.venue_client_id);
            orders_.erase(found);
        } else {
            kept.push_front(std::move(*it));
        }
    }
    order_sequence_ = std::move(kept);
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
    while (fill_order_.size() > fill_capacity_) {
        auto& [old_id, old_ts] = fill_order_.front();
        forgotten_before_ns_ = std::max(forgotten_before_ns_, old_ts);
        fill_ids_.erase(old_id);
        fill_order_.pop_front();
    }
    return true;
}

// Persistence -----------------------------------------------------------------------------

std::string Ledger::serialize() const {
    BlobWriter w;
    w.u32(kMagic);
    w.u32(kVersion);
    w.i64(watermark_ns_);
    w.i64(forgotten_before_ns_);
    w.u32(static_cast<uint32_t>(order_sequence_.size()));
    for (const std::string& id : order_sequence_) {
        const LedgerOrder& o = orders_.at(id);
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
    w.u32(static_cast<uint32_t>(fill_order_.size()));
    for (const auto& [id, ts] : fill_order_) {
        w.str(id);
        w.i64(ts);
    }
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
            if (!valid_side(o.side) || !valid_status(o.status)) return false;
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
    // A blob from a ledger with a larger window: forget the oldest, as record_fill would.
    while (fill_order_.size() > fill_capacity_) {
        forgotten_before_ns_ = std::max(forgotten_before_ns_, fill_order_.front().second);
        fill_ids_.erase(fill_order_.front().first);
        fill_order_.pop_front();
    }
    return true;
}

}  // namespace tradehost::venue
