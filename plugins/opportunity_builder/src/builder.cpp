// Builder (builder.hpp).
#include "builder.hpp"

#include <algorithm>
#include <cmath>

namespace tradehost::opportunity_builder {

void Builder::on_touch(th_instrument id, double bid, double ask) {
    if (!(bid > 0) || !(ask >= bid)) return;  // one-sided or crossed: keep the last good touch
    Touch& t = inst_[id].touch;
    t.mid = (bid + ask) / 2;
    t.half_spread = (ask - bid) / 2;
}

double Builder::position(th_instrument id) const {
    auto it = inst_.find(id);
    return it == inst_.end() ? 0.0 : it->second.qty;
}

std::vector<Target> Builder::build(const std::vector<Opportunity>& picks, unsigned* bound, int* unpriced) {
    pos_.clear();
    ids_.clear();
    meta_.clear();
    int missing = 0;
    // the picks, sized by alpha net of costs
    for (const Opportunity& o : picks) {
        auto it = inst_.find(o.id);
        if (it == inst_.end() || !(it->second.touch.mid > 0)) {
            ++missing;
            continue;
        }
        const Inst& in = it->second;
        const double alpha = std::fabs(o.score) * s_.alpha_bps * 1e-4;
        const CostModel m = cost_model(in);
        double x = m.best_notional(alpha);
        if (std::isinf(x)) x = s_.limits.max_name;  // no impact: the name cap sizes it (checked at create)
        const double current = in.qty * in.touch.mid;
        pos_.push_back({current, o.score > 0 ? x : -x, in.sector});
        ids_.push_back(o.id);
        Target t;
        t.id = o.id;
        t.alpha_bps = alpha * 1e4;
        t.horizon = o.horizon;
        t.score = o.score;
        meta_.push_back(t);
    }
    // the rest of the book: held, or taken out
    for (const auto& [id, in] : inst_) {
        if (in.qty == 0 || !(in.touch.mid > 0)) continue;
        if (std::find(ids_.begin(), ids_.end(), id) != ids_.end()) continue;
        const double current = in.qty * in.touch.mid;
        pos_.push_back({current, s_.hold_unpicked ? current : 0.0, in.sector});
        ids_.push_back(id);
        Target t;
        t.id = id;
        meta_.push_back(t);
    }
    const unsigned b = apply_limits(pos_, s_.limits);
    if (bound) *bound = b;
    if (unpriced) *unpriced = missing;
    std::vector<Target> out;
    for (size_t i = 0; i < pos_.size(); ++i) {
        Inst& in = inst_[ids_[i]];
        const double lot = in.lot > 0 ? in.lot : s_.lot;
        // toward zero: a rounded target never breaks a limit the exact one met (by more than
        // the 1e-9 lot allowed so that 25599.9999999 lots, a rounding of 25600, stays 25600)
        const double lots = pos_[i].target / in.touch.mid / lot;
        const double qty = std::trunc(lots + std::copysign(1e-9, lots)) * lot;
        if (qty == in.qty) continue;
        Target t = meta_[i];
        t.qty = qty;
        const double traded = std::fabs(qty - in.qty) * in.touch.mid;
        const CostModel m = cost_model(in);
        t.cost_bps = traded > 0 ? m.cost(traded) / traded * 1e4 : 0.0;
        in.qty = qty;
        out.push_back(t);
    }
    return out;
}

void Builder::on_fill(th_instrument id, double px, double signed_qty) {
    Inst& in = inst_[id];
    if (!in.kyle) in.kyle.emplace(s_.kyle_window, s_.kyle_min_fills);
    in.kyle->on_fill(px, signed_qty);
}

bool Builder::lambda(th_instrument id, double* out) const {
    auto it = inst_.find(id);
    return it != inst_.end() && it->second.kyle && it->second.kyle->lambda(out);
}

CostModel Builder::cost_model(const Inst& in) const {
    double l = 0;
    const bool fitted = s_.costs.kyle && in.kyle && in.kyle->lambda(&l);
    return CostModel::of(s_.costs, in.touch, fitted ? &l : nullptr);
}

std::vector<std::pair<th_instrument, double>> Builder::positions() const {
    std::vector<std::pair<th_instrument, double>> out;
    for (const auto& [id, in] : inst_)
        if (in.qty != 0) out.emplace_back(id, in.qty);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace tradehost::opportunity_builder
