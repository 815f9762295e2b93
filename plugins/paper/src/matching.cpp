#include "matching.hpp"

namespace tradehost::paper {

bool stop_triggered(const Order& o, const Top& top) noexcept {
    if (o.buy()) return top.ask_px > 0 && top.ask_px >= o.stop_px;
    return top.bid_px > 0 && top.bid_px <= o.stop_px;
}

Decision decide(Order& o, const Top& top) noexcept {
    Decision d;
    bool arrival = !o.arrived;
    if (o.is_stop() && !o.triggered) {
        if (!stop_triggered(o, top)) return d;  // IOC/FOK of a stop apply once triggered
        o.triggered = true;
        arrival = true;
    }
    o.arrived = true;

    const bool buy = o.buy();
    const th_fixed opp_px = buy ? top.ask_px : top.bid_px;
    const th_fixed avail = buy ? top.ask_avail : top.bid_avail;
    const bool market = o.market_like();
    const bool crosses = opp_px > 0 && (market || (buy ? o.limit_px >= opp_px : o.limit_px <= opp_px));
    const th_fixed leaves = o.leaves();

    if (crosses && avail > 0 && leaves > 0) {
        const bool taker = market || arrival;
        d.qty = avail < leaves ? avail : leaves;
        d.px = taker ? opp_px : o.limit_px;
        d.liquidity = taker ? TH_LIQ_TAKER : TH_LIQ_MAKER;
    }
    if (arrival && o.tif == TH_TIF_FOK && d.qty < leaves) {
        d = Decision{};
        d.cancel_remainder = true;
        d.reason = "FOK: not fully fillable on arrival";
    } else if (arrival && o.tif == TH_TIF_IOC && d.qty < leaves) {
        d.cancel_remainder = true;
        d.reason = "IOC: unfilled remainder canceled";
    }
    return d;
}

}  // namespace tradehost::paper
