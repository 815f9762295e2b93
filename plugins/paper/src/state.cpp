#include "state.hpp"

#include <tradehost/blob.hpp>

#include <set>

namespace tradehost::paper {

namespace {

constexpr uint32_t kMagic = 0x52505054;  // "TPPR"
constexpr uint32_t kVersion = 2;  // 2: sealed chunks of client ids

void write_order(BlobWriter& w, const Order& o, const SymbolOf& symbol_of) {
    w.str(o.client_id);
    w.str(o.venue_id);
    w.str(symbol_of(o.instrument));
    w.u8(o.side);
    w.u8(o.type);
    w.u8(o.tif);
    w.i64(o.qty);
    w.i64(o.limit_px);
    w.i64(o.stop_px);
    w.i64(o.cum_qty);
    w.i64(o.cum_notional);
    w.i64(o.ref_px);
    w.i64(o.live_ts);
    w.i64(o.day);
    w.u64(o.priority);
    w.boolean(o.arrived);
    w.boolean(o.triggered);
}

Order read_order(BlobReader& r, const InternFn& intern) {
    Order o;
    o.client_id = r.str();
    o.venue_id = r.str();
    o.instrument = intern(r.str());
    o.side = r.u8();
    o.type = r.u8();
    o.tif = r.u8();
    o.qty = r.i64();
    o.limit_px = r.i64();
    o.stop_px = r.i64();
    o.cum_qty = r.i64();
    o.cum_notional = r.i64();
    o.ref_px = r.i64();
    o.live_ts = r.i64();
    o.day = r.i64();
    o.priority = r.u64();
    o.arrived = r.boolean();
    o.triggered = r.boolean();
    return o;
}

void write_request(BlobWriter& w, const th_order_request& q, const SymbolOf& symbol_of) {
    w.i64(q.hdr.ts);
    w.str(q.instrument ? symbol_of(q.instrument) : std::string());
    w.u8(q.action);
    w.u8(q.side);
    w.u8(q.order_type);
    w.u8(q.tif);
    w.i64(q.qty);
    w.i64(q.limit_px);
    w.i64(q.stop_px);
    w.str(id_text(q.client_order_id));
    w.str(id_text(q.orig_client_order_id));
}

th_order_request read_request(BlobReader& r, const InternFn& intern) {
    th_order_request q = make_event<th_order_request>(r.i64());
    std::string sym = r.str();
    q.instrument = sym.empty() ? 0 : intern(sym);
    q.action = r.u8();
    q.side = r.u8();
    q.order_type = r.u8();
    q.tif = r.u8();
    q.qty = r.i64();
    q.limit_px = r.i64();
    q.stop_px = r.i64();
    copy_str(q.client_order_id, r.str());
    copy_str(q.orig_client_order_id, r.str());
    return q;
}

}  // namespace

std::string sealed_key(uint32_t n) { return "seen." + std::to_string(n); }

std::string encode_ids(const std::vector<std::string>& ids) {
    BlobWriter w;
    w.u32(static_cast<uint32_t>(ids.size()));
    for (const auto& id : ids) w.str(id);
    return w.take();
}

std::vector<std::string> decode_ids(std::string_view blob) {
    BlobReader r(blob, "paper sealed client ids");
    std::vector<std::string> out;
    for (uint32_t n = r.u32(); n > 0; --n) out.push_back(r.str());
    return out;
}

std::string encode_state(const VenueState& s, const SymbolOf& symbol_of, bool full) {
    BlobWriter w;
    w.u32(kMagic);
    w.u32(kVersion);
    w.i64(s.cash);
    w.u64(s.next_order_no);
    w.u64(s.next_fill_no);
    w.u64(s.next_seq);
    w.boolean(s.clock_set);
    w.i64(s.clock);
    w.i64(s.day);

    w.u32(static_cast<uint32_t>(s.book.size()));
    for (const auto& kv : s.book.orders()) write_order(w, kv.second, symbol_of);
    w.u32(s.sealed_chunks);
    w.u32(static_cast<uint32_t>(s.recent_ids.size()));
    for (const auto& id : s.recent_ids) w.str(id);
    // Hot reload hands over every id; persistence keeps the older ones in sealed chunks.
    std::vector<const std::string*> older;
    if (full) {
        std::set<std::string> recent(s.recent_ids.begin(), s.recent_ids.end());
        for (const auto& id : s.book.seen_ids())
            if (!recent.count(id)) older.push_back(&id);
    }
    w.u32(static_cast<uint32_t>(older.size()));
    for (const auto* id : older) w.str(*id);

    w.u32(static_cast<uint32_t>(s.positions.size()));
    for (const auto& kv : s.positions) {
        w.str(symbol_of(kv.first));
        w.i64(kv.second.qty);
        w.i64(kv.second.avg_px);
        w.i64(kv.second.realized);
    }
    w.u32(static_cast<uint32_t>(s.quotes.size()));
    for (const auto& kv : s.quotes) {
        const QuoteState& q = kv.second;
        w.str(symbol_of(kv.first));
        w.i64(q.ts);
        w.i64(q.bid_px);
        w.i64(q.bid_qty);
        w.i64(q.ask_px);
        w.i64(q.ask_qty);
        w.i64(q.bid_avail);
        w.i64(q.ask_avail);
    }
    w.u32(static_cast<uint32_t>(s.pending.size()));
    for (const auto& kv : s.pending) {
        w.i64(kv.first.first);
        w.u64(kv.first.second);
        write_request(w, kv.second, symbol_of);
    }
    return w.take();
}

VenueState decode_state(std::string_view blob, const InternFn& intern) {
    BlobReader r(blob, "paper state");
    if (r.u32() != kMagic) throw Error(TH_ERR_INVALID_ARGUMENT, "paper state: not a paper state blob");
    const uint32_t version = r.u32();
    if (version != kVersion && version != 1)
        throw Error(TH_ERR_INVALID_ARGUMENT, "paper state: unsupported version " + std::to_string(version));
    VenueState s;
    s.cash = r.i64();
    s.next_order_no = r.u64();
    s.next_fill_no = r.u64();
    s.next_seq = r.u64();
    s.clock_set = r.boolean();
    s.clock = r.i64();
    s.day = r.i64();

    for (uint32_t n = r.u32(); n > 0; --n) s.book.add(read_order(r, intern));
    if (version == 1) {
        // Every id in the blob: they become recent and are sealed by the next saves.
        for (uint32_t n = r.u32(); n > 0; --n) {
            s.recent_ids.push_back(r.str());
            s.book.mark_seen(s.recent_ids.back());
        }
    } else {
        s.sealed_chunks = r.u32();
        for (uint32_t n = r.u32(); n > 0; --n) {
            s.recent_ids.push_back(r.str());
            s.book.mark_seen(s.recent_ids.back());
        }
        for (uint32_t n = r.u32(); n > 0; --n) s.book.mark_seen(r.str());
    }

    for (uint32_t n = r.u32(); n > 0; --n) {
        th_instrument id = intern(r.str());
        Position& p = s.positions[id];
        p.qty = r.i64();
        p.avg_px = r.i64();
        p.realized = r.i64();
    }
    for (uint32_t n = r.u32(); n > 0; --n) {
        QuoteState& q = s.quotes[intern(r.str())];
        q.ts = r.i64();
        q.bid_px = r.i64();
        q.bid_qty = r.i64();
        q.ask_px = r.i64();
        q.ask_qty = r.i64();
        q.bid_avail = r.i64();
        q.ask_avail = r.i64();
    }
    for (uint32_t n = r.u32(); n > 0; --n) {
        th_time_ns eff = r.i64();
        uint64_t seq = r.u64();
        s.pending[PendingKey(eff, seq)] = read_request(r, intern);
    }
    if (!r.done()) throw Error(TH_ERR_INVALID_ARGUMENT, "paper state: trailing bytes");
    return s;
}

}  // namespace tradehost::paper
