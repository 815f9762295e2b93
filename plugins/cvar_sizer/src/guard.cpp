#include "guard.hpp"

#include <tradehost/blob.hpp>
#include <tradehost/plugin.hpp>

#include <cmath>

namespace tradehost::cvar_sizer {

double GuardCurve::multiplier(double d) const noexcept {
    if (!on || d <= soft) return 1.0;
    if (d >= hard) return 0.0;
    const double x = (hard - d) / (hard - soft);
    return floor + (1.0 - floor) * std::pow(x, power);
}

void Equity::on_fill(th_instrument id, bool buy, double qty, double px, double fee) {
    Pos& p = pos_[id];
    realized_ -= fee;
    const double signed_qty = buy ? qty : -qty;
    if (p.qty == 0 || (p.qty > 0) == (signed_qty > 0)) {
        const double n = p.qty + signed_qty;
        p.avg = (p.avg * std::fabs(p.qty) + px * qty) / std::fabs(n);
        p.qty = n;
    } else {
        const double closing = std::fmin(qty, std::fabs(p.qty));
        realized_ += closing * (px - p.avg) * (p.qty > 0 ? 1 : -1);
        const double n = p.qty + signed_qty;
        if (n == 0 || (n > 0) != (p.qty > 0)) p.avg = n == 0 ? 0 : px;  // crossed zero: the rest opens at px
        p.qty = n;
    }
    p.mark = px;
    update_peak();
}

void Equity::on_price(th_instrument id, double px) {
    auto it = pos_.find(id);
    if (it == pos_.end() || !(px > 0)) return;
    it->second.mark = px;
    update_peak();
}

double Equity::equity() const noexcept {
    double e = capital_ + realized_;
    for (const auto& kv : pos_) e += kv.second.qty * (kv.second.mark - kv.second.avg);
    return e;
}

double Equity::drawdown() const noexcept {
    if (!peaked_ || peak_ <= 0) return 0;
    const double d = (peak_ - equity()) / peak_;
    return d > 0 ? d : 0;
}

void Equity::update_peak() noexcept {
    const double e = equity();
    if (!peaked_ || e > peak_) {
        peak_ = e;
        peaked_ = true;
    }
}

double Equity::position(th_instrument id) const {
    auto it = pos_.find(id);
    return it == pos_.end() ? 0 : it->second.qty;
}

std::string Equity::encode() const {
    BlobWriter w;
    w.u32(0x52564354);  // "TCVR"
    w.u32(1);
    w.f64(equity());
    w.f64(peak_);
    w.boolean(peaked_);
    return w.take();
}

void Equity::decode(std::string_view blob) {
    BlobReader r(blob, "cvar_sizer equity");
    if (r.u32() != 0x52564354) throw Error(TH_ERR_INVALID_ARGUMENT, "cvar_sizer equity: not an equity record");
    if (const uint32_t v = r.u32(); v != 1)
        throw Error(TH_ERR_INVALID_ARGUMENT, "cvar_sizer equity: unsupported version " + std::to_string(v));
    capital_ = r.f64();
    peak_ = r.f64();
    peaked_ = r.boolean();
    if (!r.done()) throw Error(TH_ERR_INVALID_ARGUMENT, "cvar_sizer equity: trailing bytes");
    realized_ = 0;
    pos_.clear();
}

std::string Equity::snapshot(const std::function<std::string(th_instrument)>& symbol_of) const {
    BlobWriter w;
    w.f64(capital_);
    w.f64(realized_);
    w.f64(peak_);
    w.boolean(peaked_);
    w.u32(static_cast<uint32_t>(pos_.size()));
    for (const auto& [id, p] : pos_) {
        w.str(symbol_of(id));
        w.f64(p.qty);
        w.f64(p.avg);
        w.f64(p.mark);
    }
    return w.take();
}

void Equity::restore(std::string_view blob, const std::function<th_instrument(const std::string&)>& intern) {
    BlobReader r(blob, "cvar_sizer equity snapshot");
    capital_ = r.f64();
    realized_ = r.f64();
    peak_ = r.f64();
    peaked_ = r.boolean();
    pos_.clear();
    for (uint32_t n = r.u32(); n > 0; --n) {
        const th_instrument id = intern(r.str());
        Pos p;
        p.qty = r.f64();
        p.avg = r.f64();
        p.mark = r.f64();
        pos_[id] = p;
    }
    if (!r.done()) throw Error(TH_ERR_INVALID_ARGUMENT, "cvar_sizer equity snapshot: trailing bytes");
}

}  // namespace tradehost::cvar_sizer
