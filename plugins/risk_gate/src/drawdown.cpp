#include "drawdown.hpp"

#include <tradehost/blob.hpp>

namespace tradehost::risk_gate {

namespace {
constexpr uint32_t kMagic = 0x44445254;  // "TRDD"
constexpr uint32_t kVersion = 1;
}  // namespace

bool Drawdown::observe(th_fixed pnl) noexcept {
    const th_fixed e = equity(pnl);
    if (started && e <= peak) return false;
    started = true;
    peak = e;
    return true;
}

bool Drawdown::check(th_fixed pnl, const DrawdownLimits& lim, th_time_ns ts, const std::string& rearm_now) {
    // A tripped switch keeps the peak it tripped from, so that its reason stays true.
    if (tripped) return false;
    observe(pnl);
    if (!lim.on()) return false;
    const th_fixed d = drawdown(pnl);
    const bool by_amount = lim.amount > 0 && d > lim.amount;
    // The fraction is of the peak equity; a peak at or below zero has no meaningful fraction.
    const bool by_fraction =
        lim.fraction > 0 && peak > 0 && static_cast<double>(d) > lim.fraction * static_cast<double>(peak);
    if (!by_amount && !by_fraction) return false;
    tripped = true;
    trip_drawdown = d;
    trip_equity = equity(pnl);
    trip_ts = ts;
    rearm = rearm_now;
    return true;
}

void Drawdown::rearm_at(th_fixed pnl) noexcept {
    tripped = false;
    trip_drawdown = trip_equity = 0;
    trip_ts = 0;
    started = true;
    peak = equity(pnl);
}

std::string Drawdown::encode(th_fixed pnl) const {
    BlobWriter w;
    w.u32(kMagic);
    w.u32(kVersion);
    w.i64(equity(pnl));
    w.boolean(started);
    w.i64(peak);
    w.boolean(tripped);
    w.i64(trip_drawdown);
    w.i64(trip_equity);
    w.i64(trip_ts);
    w.str(rearm);
    return w.take();
}

Drawdown Drawdown::decode(std::string_view blob, th_fixed pnl) {
    BlobReader r(blob, "risk_gate drawdown");
    if (r.u32() != kMagic) throw Error(TH_ERR_INVALID_ARGUMENT, "risk_gate drawdown: not a drawdown record");
    if (const uint32_t v = r.u32(); v != kVersion)
        throw Error(TH_ERR_INVALID_ARGUMENT, "risk_gate drawdown: unsupported version " + std::to_string(v));
    Drawdown d;
    d.basis = r.i64() - pnl;
    d.started = r.boolean();
    d.peak = r.i64();
    d.tripped = r.boolean();
    d.trip_drawdown = r.i64();
    d.trip_equity = r.i64();
    d.trip_ts = r.i64();
    d.rearm = r.str();
    if (!r.done()) throw Error(TH_ERR_INVALID_ARGUMENT, "risk_gate drawdown: trailing bytes");
    return d;
}

}  // namespace tradehost::risk_gate
