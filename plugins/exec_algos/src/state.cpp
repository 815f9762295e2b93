#include "state.hpp"

#include <tradehost/blob.hpp>

namespace tradehost::exec_algos {

namespace {
constexpr uint32_t kMagic = 0x4f584554;  // "TEXO"
// 2 adds each parent's cause (the decision id of its target or order request), so a parent
// resumed after a restart still names it; a version 1 blob loads with cause 0.
constexpr uint32_t kVersion = 2;
}  // namespace

std::string encode_state(const Engine::Saved& s, const SymbolOf& symbol_of) {
    BlobWriter w;
    w.u32(kMagic);
    w.u32(kVersion);
    w.u32(static_cast<uint32_t>(s.parents.size()));
    for (const auto& [id, p] : s.parents) {
        w.str(p.id);
        w.str(symbol_of(p.instrument));
        w.u8(p.side);
        w.u8(static_cast<uint8_t>(p.algo));
        w.i64(p.qty);
        w.i64(p.limit_px);
        w.i64(p.start);
        w.i64(p.duration_ns);
        w.u32(static_cast<uint32_t>(p.plan.size()));
        for (th_fixed q : p.plan) w.i64(q);
        w.i64(p.arrival_mid);
        w.i64(p.volume_at_start);
        w.i64(p.filled);
        w.i64(p.notional);
        w.u32(static_cast<uint32_t>(p.rejects_in_row));
        w.boolean(p.from_target);
        w.boolean(p.canceling);
        w.str(p.cancel_reason);
        w.u32(static_cast<uint32_t>(p.children.size()));
        for (const std::string& c : p.children) w.str(c);
        w.u64(p.cause);
    }
    w.u32(static_cast<uint32_t>(s.children.size()));
    for (const auto& [id, c] : s.children) {
        w.str(c.id);
        w.str(c.parent);
        w.u8(c.order_type);
        w.i64(c.qty);
        w.i64(c.limit_px);
        w.i64(c.cum_fills);
        w.i64(c.cum_reported);
        w.i64(c.sent_ts);
        w.boolean(c.acked);
        w.boolean(c.cancel_sent);
        w.boolean(c.done);
    }
    w.u32(static_cast<uint32_t>(s.cancel_ids.size()));
    for (const auto& [k, v] : s.cancel_ids) {
        w.str(k);
        w.str(v);
    }
    w.u32(static_cast<uint32_t>(s.positions.size()));
    for (const auto& [inst, q] : s.positions) {
        w.str(symbol_of(inst));
        w.i64(q);
    }
    w.u32(static_cast<uint32_t>(s.finished.size()));
    for (const std::string& f : s.finished) w.str(f);
    w.u64(s.next_child);
    w.u64(s.next_parent);
    w.u64(s.next_fill);
    w.u32(static_cast<uint32_t>(s.profile.size()));
    for (double v : s.profile) w.f64(v);
    return w.take();
}

Engine::Saved decode_state(std::string_view blob, const InternFn& intern) {
    BlobReader r(blob, "exec_algos state");
    if (r.u32() != kMagic) throw Error(TH_ERR_INVALID_ARGUMENT, "exec_algos state: not an exec_algos blob");
    const uint32_t version = r.u32();
    if (version < 1 || version > kVersion) throw Error(TH_ERR_INVALID_ARGUMENT, "exec_algos state: unsupported version " + std::to_string(version));
    Engine::Saved s;
    for (uint32_t n = r.u32(); n > 0; --n) {
        Parent p;
        p.id = r.str();
        p.instrument = intern(r.str());
        p.side = r.u8();
        const uint8_t algo = r.u8();
        if (algo < 1 || algo > 6) throw Error(TH_ERR_INVALID_ARGUMENT, "exec_algos state: unknown algo " + std::to_string(algo));
        p.algo = static_cast<Algo>(algo);
        p.qty = r.i64();
        p.limit_px = r.i64();
        p.start = r.i64();
        p.duration_ns = r.i64();
        for (uint32_t k = r.u32(); k > 0; --k) p.plan.push_back(r.i64());
        p.arrival_mid = r.i64();
        p.volume_at_start = r.i64();
        p.filled = r.i64();
        p.notional = r.i64();
        p.rejects_in_row = static_cast<int>(r.u32());
        p.from_target = r.boolean();
        p.canceling = r.boolean();
        p.cancel_reason = r.str();
        for (uint32_t k = r.u32(); k > 0; --k) p.children.push_back(r.str());
        if (version >= 2) p.cause = r.u64();
        s.parents.emplace(p.id, std::move(p));
    }
    for (uint32_t n = r.u32(); n > 0; --n) {
        Child c;
        c.id = r.str();
        c.parent = r.str();
        c.order_type = r.u8();
        c.qty = r.i64();
        c.limit_px = r.i64();
        c.cum_fills = r.i64();
        c.cum_reported = r.i64();
        c.sent_ts = r.i64();
        c.acked = r.boolean();
        c.cancel_sent = r.boolean();
        c.done = r.boolean();
        s.children.emplace(c.id, std::move(c));
    }
    for (uint32_t n = r.u32(); n > 0; --n) {
        std::string k = r.str();
        s.cancel_ids[k] = r.str();
    }
    for (uint32_t n = r.u32(); n > 0; --n) {
        const th_instrument id = intern(r.str());
        s.positions[id] = r.i64();
    }
    for (uint32_t n = r.u32(); n > 0; --n) s.finished.push_back(r.str());
    s.next_child = r.u64();
    s.next_parent = r.u64();
    s.next_fill = r.u64();
    for (uint32_t n = r.u32(); n > 0; --n) s.profile.push_back(r.f64());
    if (!r.done()) throw Error(TH_ERR_INVALID_ARGUMENT, "exec_algos state: trailing bytes");
    // Every child a parent names must be there, or the parent would count it forever.
    for (const auto& [id, p] : s.parents)
        for (const std::string& c : p.children)
            if (!s.children.count(c)) throw Error(TH_ERR_INVALID_ARGUMENT, "exec_algos state: parent " + id + " names missing child " + c);
    return s;
}

}  // namespace tradehost::exec_algos
