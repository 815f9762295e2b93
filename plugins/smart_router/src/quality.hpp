// smart_router: each venue's historical fill quality, learnt from its own reports and fills:
// the share of routed quantity that filled, and the slippage of fills against the price the
// router expected from the book when it routed.
#ifndef TRADEHOST_PLUGINS_SMART_ROUTER_QUALITY_HPP
#define TRADEHOST_PLUGINS_SMART_ROUTER_QUALITY_HPP

#include <string>
#include <string_view>

namespace tradehost::smart_router {

/// Exponentially weighted; `weight` is the weight of each new sample.
struct FillQuality {
    double fill_ratio = 1.0;    ///< starts trusting the venue's book
    double slippage_bps = 0.0;  ///< > 0: fills worse than the book promised
    long samples = 0;

    /// A routed order ended (filled, cancelled, expired or rejected) with `filled` of `routed`.
    void on_done(double routed, double filled, double weight);
    /// A fill at `px` of an order routed expecting `expected` (buy: paying more is positive).
    void on_fill(bool buy, double px, double expected, double weight);
};

}  // namespace tradehost::smart_router

#endif
