#include "state.hpp"

#include <tradehost/blob.hpp>

#include <cstring>

namespace tradehost::smart_router {

namespace {
constexpr uint32_t kMagic = 0x54525354;  // "TSRT"
constexpr uint32_t kVersion = 2;  // 2: Parent::cancel_withheld; 1 still reads
}  // namespace

std::string encode_state(const Saved& s, const SymbolOf& symbol_of) {
    BlobWriter w;
    w.u32(kMagic);
    w.u32(kVersion);
    w.u32(static_cast<uint32_t>(s.parents.size()));
    for (const auto& [id, p] : s.parents) {
        const th_order_request& r = p.req;
        w.str(id);
        w.str(symbol_of(r.instrument));
        w.u8(r.side);
        w.u8(r.order_type);
        w.u8(r.tif);
        w.i64(r.qty);
        w.i64(r.limit_px);
        w.i64(r.stop_px);
        w.i64(r.hdr.ts);
        w.boolean(p.acked);
        w.boolean(p.done);
        w.str(p.cancel_id);
        w.boolean(p.cancel_withheld);
        w.u32(static_cast<uint32_t>(p.legs.size()));
        for (const std::string& l : p.legs) w.str(l);
    }
    w.u32(static_cast<uint32_t>(s.legs.size()));
    for (const auto& [id, l] : s.legs) {
        w.str(id);
        w.str(l.parent);
        w.u32(static_cast<uint32_t>(l.venue));
        w.i64(l.qty);
        w.i64(l.cum);
        w.i64(l.avg_px);
        w.i64(l.expected_px);
        w.i64(l.fills);
        w.boolean(l.done);
        w.boolean(l.rejected);
    }
    w.u32(static_cast<uint32_t>(s.cancel_legs.size()));
    for (const auto& [c, l] : s.cancel_legs) {
        w.str(c);
        w.str(l);
    }
    w.u32(static_cast<uint32_t>(s.quality.size()));
    for (const FillQuality& q : s.quality) {
        w.f64(q.fill_ratio);
        w.f64(q.slippage_bps);
        w.i64(q.samples);
    }
    return w.take();
}

Saved decode_state(std::string_view blob, const InternFn& intern) {
    BlobReader r(blob, "smart_router state");
    if (r.u32() != kMagic) throw Error(TH_ERR_INVALID_ARGUMENT, "smart_router state: not a smart_router blob");
    const uint32_t version = r.u32();
    if (version != 1 && version != kVersion)
        throw Error(TH_ERR_INVALID_ARGUMENT, "smart_router state: unsupported version " + std::to_string(version));
    Saved s;
    for (uint32_t n = r.u32(); n > 0; --n) {
        SmartRouter::Parent p;
        const std::string id = r.str();
        p.req = make_event<th_order_request>(0);
        p.req.instrument = intern(r.str());
        p.req.action = TH_ORDER_NEW;
        p.req.side = r.u8();
        p.req.order_type = r.u8();
        p.req.tif = r.u8();
        p.req.qty = r.i64();
        p.req.limit_px = r.i64();
        p.req.stop_px = r.i64();
        p.req.hdr.ts = r.i64();
        copy_str(p.req.client_order_id, id);
        p.acked = r.boolean();
        p.done = r.boolean();
        p.cancel_id = r.str();
        if (version >= 2) p.cancel_withheld = r.boolean();
        for (uint32_t k = r.u32(); k > 0; --k) p.legs.push_back(r.str());
        s.parents[id] = std::move(p);
    }
    for (uint32_t n = r.u32(); n > 0; --n) {
        SmartRouter::Leg l;
        l.id = r.str();
        l.parent = r.str();
        l.venue = r.u32();
        if (l.venue >= kMaxVenues)
            throw Error(TH_ERR_INVALID_ARGUMENT, "smart_router state: venue slot " + std::to_string(l.venue) + " out of range");
        l.qty = r.i64();
        l.cum = r.i64();
        l.avg_px = r.i64();
        l.expected_px = r.i64();
        l.fills = r.i64();
        l.done = r.boolean();
        l.rejected = r.boolean();
        s.legs[l.id] = l;
    }
    for (uint32_t n = r.u32(); n > 0; --n) {
        std::string c = r.str();
        s.cancel_legs[c] = r.str();
    }
    for (uint32_t n = r.u32(); n > 0; --n) {
        FillQuality q;
        q.fill_ratio = r.f64();
        q.slippage_bps = r.f64();
        q.samples = r.i64();
        s.quality.push_back(q);
    }
    if (!r.done()) throw Error(TH_ERR_INVALID_ARGUMENT, "smart_router state: trailing bytes");
    for (const auto& [id, p] : s.parents)
        for (const std::string& l : p.legs)
            if (!s.legs.count(l)) throw Error(TH_ERR_INVALID_ARGUMENT, "smart_router state: order " + id + " names a missing part " + l);
    return s;
}

}  // namespace tradehost::smart_router
