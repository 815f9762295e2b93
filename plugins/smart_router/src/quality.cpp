#include "quality.hpp"

#include <algorithm>

namespace tradehost::smart_router {

void FillQuality::on_done(double routed, double filled, double weight) {
    if (!(routed > 0)) return;
    const double r = std::clamp(filled / routed, 0.0, 1.0);
    fill_ratio = (1 - weight) * fill_ratio + weight * r;
    // A venue that never fills would drop out of every book walk; keep a little of it so
    // that it can earn its way back.
    fill_ratio = std::max(fill_ratio, 0.05);
    ++samples;
}

void FillQuality::on_fill(bool buy, double px, double expected, double weight) {
    if (!(expected > 0) || !(px > 0)) return;
    const double bps = (buy ? px - expected : expected - px) / expected * 1e4;
    slippage_bps = (1 - weight) * slippage_bps + weight * bps;
}

}  // namespace tradehost::smart_router
