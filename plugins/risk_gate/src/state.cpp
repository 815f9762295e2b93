#include "state.hpp"

#include <tradehost/blob.hpp>

namespace tradehost::risk_gate {

namespace {
constexpr uint32_t kMagic = 0x4b535254;  // "TRSK"
// 2: venue_mark per instrument (written after ask). 3: the drawdown record at the end.
// Older blobs are still read.
constexpr uint32_t kVersion = 3;
constexpr uint32_t kOldestVersion = 1;
}  // namespace

std::string encode_state(const RiskState& s, const SymbolOf& symbol_of) {
    BlobWriter w;
    w.u32(kMagic);
    w.u32(kVersion);
    w.u32(static_cast<uint32_t>(s.positions.all().size()));
    for (const auto& kv : s.positions.all()) {
        w.str(symbol_of(kv.first));
        w.i64(kv.second.pos.qty);
        w.i64(kv.second.pos.avg_px);
        w.i64(kv.second.pos.realized);
        w.i64(kv.second.bid);
        w.i64(kv.second.ask);
        w.i64(kv.second.venue_mark);
    }
    w.u32(static_cast<uint32_t>(s.orders.size()));
    for (const auto& kv : s.orders.all()) {
        const OpenOrder& o = kv.second;
        w.str(o.id);
        w.str(symbol_of(o.instrument));
        w.u8(o.side);
        w.u8(o.type);
        w.i64(o.qty);
        w.i64(o.limit_px);
        w.i64(o.stop_px);
        w.i64(o.px);
        w.i64(o.cum_fills);
        w.i64(o.cum_reported);
        w.boolean(o.acked);
        w.boolean(o.has_pending);
        w.str(o.pending_id);
        w.i64(o.pending_qty);
        w.i64(o.pending_limit_px);
        w.i64(o.pending_stop_px);
        w.i64(o.pending_px);
    }
    w.boolean(s.day.started);
    w.i64(s.day.day);
    w.i64(s.day.start_total);
    w.boolean(s.day.breached);
    w.i64(s.day.breach_loss);
    w.u32(static_cast<uint32_t>(s.rate.times().size()));
    for (th_time_ns t : s.rate.times()) w.i64(t);
    w.str(s.drawdown.encode(s.positions.total_pnl()));
    return w.take();
}

RiskState decode_state(std::string_view blob, const InternFn& intern) {
    BlobReader r(blob, "risk_gate state");
    if (r.u32() != kMagic) throw Error(TH_ERR_INVALID_ARGUMENT, "risk_gate state: not a risk_gate blob");
    const uint32_t version = r.u32();
    if (version < kOldestVersion || version > kVersion)
        throw Error(TH_ERR_INVALID_ARGUMENT, "risk_gate state: unsupported version " + std::to_string(version));
    RiskState s;
    for (uint32_t n = r.u32(); n > 0; --n) {
        th_instrument id = intern(r.str());
        InstrumentState is;
        is.pos.qty = r.i64();
        is.pos.avg_px = r.i64();
        is.pos.realized = r.i64();
        is.bid = r.i64();
        is.ask = r.i64();
        if (version >= 2) is.venue_mark = r.i64();
        s.positions.set(id, is);
    }
    for (uint32_t n = r.u32(); n > 0; --n) {
        OpenOrder o;
        o.id = r.str();
        o.instrument = intern(r.str());
        o.side = r.u8();
        o.type = r.u8();
        o.qty = r.i64();
        o.limit_px = r.i64();
        o.stop_px = r.i64();
        o.px = r.i64();
        o.cum_fills = r.i64();
        o.cum_reported = r.i64();
        o.acked = r.boolean();
        const bool pending = r.boolean();
        const std::string pending_id = r.str();
        const th_fixed pq = r.i64(), pl = r.i64(), ps = r.i64(), pp = r.i64();
        const std::string id = o.id;
        s.orders.add(std::move(o));
        if (pending) s.orders.set_pending(id, pending_id, pq, pl, ps, pp);
    }
    s.day.started = r.boolean();
    s.day.day = r.i64();
    s.day.start_total = r.i64();
    s.day.breached = r.boolean();
    s.day.breach_loss = r.i64();
    std::deque<th_time_ns> times;
    for (uint32_t n = r.u32(); n > 0; --n) times.push_back(r.i64());
    s.rate.assign(std::move(times));
    if (version >= 3) s.drawdown = Drawdown::decode(r.str(), s.positions.total_pnl());
    if (!r.done()) throw Error(TH_ERR_INVALID_ARGUMENT, "risk_gate state: trailing bytes");
    return s;
}

}  // namespace tradehost::risk_gate
