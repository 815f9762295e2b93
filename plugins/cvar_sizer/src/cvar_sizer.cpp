#include "cvar_sizer.hpp"

#include "portfolio.hpp"

#include <tradehost/blob.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <string>
#include <vector>

namespace tradehost::cvar_sizer {

namespace {
constexpr const char* kEquityKey = "equity";
// Hot reload snapshot: 2 adds each held target's decision id and causes; 1 still loads.
constexpr uint32_t kSnapshotVersion = 2;
double to_double(th_fixed v) { return static_cast<double>(v) / static_cast<double>(TH_FIXED_SCALE); }
th_fixed scaled(th_fixed v, double k) { return static_cast<th_fixed>(std::trunc(static_cast<double>(v) * k)); }

template <class E> const E& as(const th_event_header& ev, E& scratch, const char* port) {
    const E* e = event_as(ev, scratch);
    if (!e) throw InvalidArgument(std::string("cvar_sizer: port ") + port + " got an event of type " + std::to_string(ev.type));
    return *e;
}
}  // namespace

CvarSizer::CvarSizer(Host host, const Config& cfg) : host_(host), cfg_(Settings::load(cfg)), equity_(cfg_.capital) {}

void CvarSizer::start() {
    if (loaded_) return;
    loaded_ = true;
    std::string blob;
    if (!host_.state_get(kEquityKey, blob)) return;
    try {
        equity_.decode(blob);
    } catch (const std::exception& e) {
        // Without it the guard would forget a drawdown and size as if at the peak.
        throw std::runtime_error(std::string("saved equity record unreadable: ") + e.what());
    }
}

std::string CvarSizer::snapshot() {
    auto sym = [this](th_instrument id) { return host_.symbol(id); };
    BlobWriter w;
    w.u32(0x53564354);  // "TCVS"
    w.u32(kSnapshotVersion);
    w.str(equity_.snapshot(sym));
    w.u32(static_cast<uint32_t>(returns_.size()));
    for (const auto& [id, r] : returns_) {
        w.str(sym(id));
        r.write(w);
    }
    w.u32(static_cast<uint32_t>(wanted_.size()));
    for (const auto& [id, x] : wanted_) {
        w.str(sym(id));
        w.u8(x.target.kind);
        w.u8(x.target.urgency);
        w.i64(x.target.value);
        w.i64(x.target.horizon_ns);
        w.i64(x.target.hdr.ts);
        w.str(std::string(x.target.strategy, strnlen(x.target.strategy, sizeof x.target.strategy)));
        w.boolean(x.published);
        w.i64(x.sent);
        // Version 2: the held target's decision id and causes, so what it sizes after a hot
        // reload still names the target (ABI 1.3).
        w.u64(x.target.decision_id);
        for (uint64_t c : x.target.cause_ids) w.u64(c);
    }
    return w.take();
}

void CvarSizer::restore(std::string_view blob) {
    auto intern = [this](const std::string& s) { return host_.intern(s); };
    BlobReader r(blob, "cvar_sizer snapshot");
    if (r.u32() != 0x53564354) throw Error(TH_ERR_INVALID_ARGUMENT, "cvar_sizer snapshot: not a cvar_sizer snapshot");
    const uint32_t version = r.u32();
    if (version < 1 || version > kSnapshotVersion)
        throw Error(TH_ERR_INVALID_ARGUMENT, "cvar_sizer snapshot: unsupported version " + std::to_string(version));
    equity_.restore(r.str(), intern);
    returns_.clear();
    for (uint32_t n = r.u32(); n > 0; --n) {
        const th_instrument id = intern(r.str());
        series(id).read(r);
    }
    wanted_.clear();
    for (uint32_t n = r.u32(); n > 0; --n) {
        const th_instrument id = intern(r.str());
        Wanted x;
        x.target = make_event<th_target>(0);
        x.target.instrument = id;
        x.target.kind = r.u8();
        x.target.urgency = r.u8();
        x.target.value = r.i64();
        x.target.horizon_ns = r.i64();
        x.target.hdr.ts = r.i64();
        copy_str(x.target.strategy, r.str());
        x.published = r.boolean();
        x.sent = r.i64();
        if (version >= 2) {  // version 1 kept no ids: the target's read 0
            x.target.decision_id = r.u64();
            for (uint64_t& c : x.target.cause_ids) c = r.u64();
        }
        wanted_[id] = x;
    }
    if (!r.done()) throw Error(TH_ERR_INVALID_ARGUMENT, "cvar_sizer snapshot: trailing bytes");
    loaded_ = true;
}

void CvarSizer::on_event(uint32_t port, const th_event_header& ev) {
    switch (port) {
    case kPortTargetsIn: {
        th_target s;
        return on_target(as(ev, s, "targets"));
    }
    case kPortQuotes: {
        th_quote s;
        const th_quote& q = as(ev, s, "quotes");
        const double bid = to_double(q.bid_px), ask = to_double(q.ask_px);
        const double mid = bid > 0 && ask > 0 ? (bid + ask) / 2 : (bid > 0 ? bid : ask);
        return on_price(q.instrument, q.hdr.ts, mid);
    }
    case kPortBars: {
        th_bar s;
        const th_bar& b = as(ev, s, "bars");
        return on_price(b.instrument, b.hdr.ts, to_double(b.close));
    }
    case kPortFills: {
        th_fill s;
        return on_fill(as(ev, s, "fills"));
    }
    default: throw InvalidArgument("cvar_sizer: no input port " + std::to_string(port));
    }
}

ReturnSeries& CvarSizer::series(th_instrument id) {
    auto it = returns_.find(id);
    if (it == returns_.end()) it = returns_.emplace(id, ReturnSeries(cfg_.interval_ns, cfg_.window)).first;
    return it->second;
}

void CvarSizer::on_target(const th_target& t) {
    host_.metric_add("targets_in", 1);
    if (t.kind != TH_TARGET_QTY && t.kind != TH_TARGET_NOTIONAL && t.kind != TH_TARGET_WEIGHT)
        throw InvalidArgument("cvar_sizer: target kind " + std::to_string(t.kind) + " is not qty, weight or notional");
    Wanted& w = wanted_[t.instrument];
    w.target = t;
    resize(t.hdr.ts);
}

void CvarSizer::on_price(th_instrument id, th_time_ns ts, double px) {
    if (id == 0 || !(px > 0)) return;
    equity_.on_price(id, px);
    // Re-size when a return is added: CVaR and so every size may have moved.
    if (series(id).observe(ts, px) && wanted_.count(id)) resize(ts);
}

void CvarSizer::on_fill(const th_fill& f) {
    equity_.on_fill(f.instrument, f.side != TH_SIDE_SELL, to_double(f.qty), to_double(f.px), to_double(f.fee));
    // The equity record is what a restart continues from.
    host_.state_put(kEquityKey, equity_.encode());
}

void CvarSizer::resize(th_time_ns ts) {
    // Exposure of each wanted target whose instrument has a price and enough history.
    std::vector<Exposure> xs;
    std::vector<th_instrument> warm;
    const double eq = equity_.equity();
    for (auto& [id, w] : wanted_) {
        auto it = returns_.find(id);
        if (w.target.value == 0 || it == returns_.end() || it->second.returns().size() < cfg_.min_obs) continue;
        const double v = to_double(w.target.value);
        double notional = v;
        if (w.target.kind == TH_TARGET_QTY) notional = v * it->second.last();
        else if (w.target.kind == TH_TARGET_WEIGHT) notional = v * eq;
        xs.push_back({notional, &it->second.returns()});
        warm.push_back(id);
    }
    double risk_scale = 1.0;
    double cvar = 0;
    bool sized = true;
    if (!xs.empty()) {
        const auto c = portfolio_cvar(xs, cfg_.alpha, cfg_.method, cfg_.window, cfg_.min_obs);
        if (c) {
            cvar = *c;
            if (cvar > cfg_.budget) risk_scale = cfg_.budget / cvar;
        } else {
            sized = false;  // the instruments' buckets do not overlap enough yet
        }
    }
    const double dd = equity_.drawdown();
    const double guard = cfg_.guard.multiplier(dd);
    const double k = risk_scale * guard;

    for (auto& [id, w] : wanted_) {
        const bool flat = w.target.value == 0;
        bool is_warm = false;
        for (th_instrument x : warm) is_warm = is_warm || x == id;
        if (!flat && (!is_warm || !sized)) {
            host_.metric_add("targets_held", 1);  // no history to size it by: not sent yet
            continue;
        }
        const th_fixed v = flat ? 0 : scaled(w.target.value, k);
        const double moved = std::fabs(to_double(v) - to_double(w.sent));
        const double wanted = std::fabs(to_double(w.target.value));
        if (w.published && (moved == 0 || (wanted > 0 && moved <= cfg_.rescale_threshold * wanted))) continue;
        th_target out = w.target;
        out.hdr.ts = ts;
        // The sized target is a decision of its own whose cause is the target it sizes (ABI 1.3;
        // kept across a hot reload by the version 2 snapshot).
        std::fill(std::begin(out.cause_ids), std::end(out.cause_ids), uint64_t{0});
        out.cause_ids[0] = w.target.decision_id;
        out.value = v;
        char reason[TH_TEXT_LEN];
        std::snprintf(reason, sizeof reason, "cvar_sizer x%.4f: cvar %.2f budget %.2f dd %.4f guard %.4f", k, cvar,
                      cfg_.budget, dd, guard);
        copy_str(out.reason, reason);
        w.published = true;
        w.sent = v;
        host_.metric_add("targets_out", 1);
        host_.publish(kPortTargetsOut, out);
    }
}

}  // namespace tradehost::cvar_sizer
